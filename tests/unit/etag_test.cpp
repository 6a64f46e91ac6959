// The ETag every GET answer carries: a tag that changes whenever the body does.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "platform/http/pipeline.hpp"

using rapidtrade::platform::http::compute_etag;

TEST(Etag, IsAQuotedStrongValidatorStableForTheSameBody) {
    std::string page(11510, 'x');
    auto tag = compute_etag(page);
    EXPECT_EQ(tag.size(), 18u);
    EXPECT_EQ(tag.front(), '"');
    EXPECT_EQ(tag.back(), '"');
    EXPECT_EQ(compute_etag(std::string(page)), tag);
}

TEST(Etag, ChangesWhenAnySingleByteChanges) {
    std::string page;
    for (int i = 0; i < 1037; ++i) page += static_cast<char>('a' + i % 26);  // words and a tail
    std::set<std::string> tags{compute_etag(page)};
    for (std::size_t i = 0; i < page.size(); ++i) {
        auto changed = page;
        changed[i] = static_cast<char>(changed[i] ^ 1);
        EXPECT_TRUE(tags.insert(compute_etag(changed)).second) << "position " << i;
    }
}

TEST(Etag, ChangesWithTheLengthEvenWhenTheExtraBytesAreZero) {
    std::set<std::string> tags;
    for (std::size_t n = 0; n <= 24; ++n) EXPECT_TRUE(tags.insert(compute_etag(std::string(n, '\0'))).second) << n;
}

// The API's problem texts (src/messages/<language>/api.json, keys "api.*"): every key the code
// names exists, every key the catalogue holds is named somewhere, and each renders in both
// languages. The code is read as text, as a reviewer would grep it: an error carries its key as a
// string literal (platform::Msg), never a key built at run time, so this finds them all.
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "platform/i18n/messages.hpp"

using namespace rapidtrade::platform::i18n;

namespace {

// "file:line key" for every "api.*" literal in the sources.
std::multimap<std::string, std::string> keys_named_in_sources() {
    std::multimap<std::string, std::string> out;
    const std::regex literal(R"re("(api\.[a-z0-9_]+(?:\.[a-z0-9_]+)+)")re");
    for (const auto& entry : std::filesystem::recursive_directory_iterator(RAPIDTRADE_SOURCE_DIR "/src")) {
        auto ext = entry.path().extension();
        if (!entry.is_regular_file() || (ext != ".cpp" && ext != ".hpp")) continue;
        std::ifstream in(entry.path());
        std::string line;
        for (int number = 1; std::getline(in, line); ++number)
            for (std::sregex_iterator it(line.begin(), line.end(), literal), end; it != end; ++it)
                out.emplace((*it)[1].str(), entry.path().filename().string() + ":" + std::to_string(number));
    }
    return out;
}

}  // namespace

TEST(ApiMessages, EveryKeyNamedInTheCodeExistsInBothLanguages) {
    auto named = keys_named_in_sources();
    ASSERT_GT(named.size(), 100u) << "the sources were not found under " RAPIDTRADE_SOURCE_DIR;
    for (const auto& [key, where] : named)
        for (Language language : kLanguages)
            EXPECT_TRUE(messages(language).contains(key)) << where << " names " << key << ", missing in "
                                                          << code(language) << "/api.json";
}

TEST(ApiMessages, EveryKeyOfTheCatalogueIsUsed) {
    auto named = keys_named_in_sources();
    for (const auto& [key, text] : messages(Language::fr)) {
        if (key.starts_with("api.")) {
            EXPECT_TRUE(named.contains(key)) << key << " is in api.json but no code names it";
        }
    }
}

// French is the reference; an English text is never the French one left untranslated.
TEST(ApiMessages, EnglishTextsAreTranslated) {
    for (const auto& [key, french] : messages(Language::fr)) {
        if (!key.starts_with("api.") || key == "api.problem.error_item") continue;  // "{field} ({message})"
        EXPECT_NE(message(Language::en, key), french) << key;
    }
}

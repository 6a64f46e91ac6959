// An erased customer's mail as the outbox answers it (services/email/model.hpp): the stand-ins that
// replaced its subject and text (contracts/erasure.hpp, stored in French) read in the reader's
// language; in French, the stored words themselves; a real message is never rewritten.
#include <gtest/gtest.h>

#include "contracts/erasure.hpp"
#include "platform/i18n/messages.hpp"
#include "services/email/model.hpp"

using namespace rapidtrade;
using platform::i18n::Language;

namespace {

email::StoredMessage stored(std::string to, std::string subject, std::string text, std::string html = "") {
    email::StoredMessage m;
    m.message = {"M8Q2ZK4T7VN1XR5BCW3H", "RapidTrade Co. <no-reply@rapidtrade.example.fr>", std::move(to),
                 std::move(subject), std::move(text), std::move(html)};
    m.status = "sent";
    m.attempts = 1;
    m.created_at = "2026-11-26T09:30:00Z";
    return m;
}

email::StoredMessage erased() {
    return stored(contracts::erasure::kEmail, contracts::erasure::kSubject, contracts::erasure::kBody);
}

std::string member(const boost::json::object& o, const char* key) { return std::string(o.at(key).as_string()); }

}  // namespace

TEST(ErasedMail, ReadsInTheReadersLanguage) {
    auto en = email::to_json(erased(), Language::en);
    EXPECT_EQ(member(en, "subject"), "Erased message");
    EXPECT_EQ(member(en, "text"), "Content erased at the customer's request (GDPR).");
    EXPECT_EQ(member(en, "to"), contracts::erasure::kEmail);  // an address, not a text: as stored
    EXPECT_EQ(member(en, "html"), "");
}

TEST(ErasedMail, FrenchIsTheStoredWordsByteForByte) {
    auto fr = email::to_json(erased(), Language::fr);
    EXPECT_EQ(member(fr, "subject"), contracts::erasure::kSubject);
    EXPECT_EQ(member(fr, "text"), contracts::erasure::kBody);
    EXPECT_EQ(platform::i18n::message(Language::fr, "email.erased.subject"), contracts::erasure::kSubject);
    EXPECT_EQ(platform::i18n::message(Language::fr, "email.erased.body"), contracts::erasure::kBody);
}

// Only a message whose every erased field holds its stand-in is one: a customer's own mail that
// happens to say the same words in one field, or an erased message that somehow kept an HTML part,
// is shown exactly as stored.
TEST(ErasedMail, ARealMessageIsNeverRewritten) {
    using namespace contracts::erasure;
    const email::StoredMessage real[] = {
        stored("jean.rault@example.fr", kSubject, kBody),
        stored(kEmail, "Confirmation de votre commande 1478813299197 chez RapidTrade Co.", kBody),
        stored(kEmail, kSubject, "Bonjour,\n\nMerci pour votre commande."),
        stored(kEmail, kSubject, kBody, "<p>Contenu</p>"),
        stored(kEmail, std::string(kSubject) + " ", kBody),
    };
    for (const auto& m : real) {
        EXPECT_FALSE(email::is_erased(m.message)) << m.message.subject;
        auto en = email::to_json(m, Language::en);
        EXPECT_EQ(member(en, "subject"), m.message.subject);
        EXPECT_EQ(member(en, "text"), m.message.text);
        EXPECT_EQ(member(en, "html"), m.message.html);
    }
    EXPECT_TRUE(email::is_erased(erased().message));
}

TEST(ErasedMail, TheAnswerSaysItsLanguage) {
    auto res = email::answer_in(Language::en, 200, email::to_json(erased(), Language::en));
    EXPECT_EQ(res.result_int(), 200u);
    EXPECT_EQ(res[boost::beast::http::field::content_language], "en");
    EXPECT_EQ(res[boost::beast::http::field::vary], "Accept-Language");
}

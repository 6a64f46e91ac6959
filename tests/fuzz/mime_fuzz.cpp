// The e-mail's MIME text (email::render_mime) with a fuzzed From, To, Subject, HTML and text
// (split from the input by FuzzedDataProvider). Invariants: the header block (up to the first
// blank line) has no CR or LF outside CRLF, and is exactly the seven headers render_mime writes,
// in order: nothing the fuzzer typed can add a header (a "Bcc:" line) or end the headers early;
// the Subject decodes back to the subject (line breaks turned into spaces); the text part's base64
// decodes back to the text.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "services/email/mime.hpp"

namespace {

std::string rendered;  // the message under test, shown when an invariant breaks

[[noreturn]] void fail(const char* what) {
    auto end = rendered.find("\r\n\r\n");
    std::string shown;
    for (char c : rendered.substr(0, end == std::string::npos ? end : end + 2))
        shown += c == '\r' ? std::string("\\r") : c == '\n' ? std::string("\\n\n") : std::string(1, c);
    std::fprintf(stderr, "mime_fuzz invariant broken: %s\n--- headers:\n%s---\n", what, shown.c_str());
    std::abort();
}

std::string base64_decode(std::string_view in) {
    static const std::string kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    unsigned acc = 0;
    int bits = 0;
    for (char c : in) {
        if (c == '=' || c == '\r' || c == '\n') continue;
        auto v = kAlphabet.find(c);
        if (v == std::string::npos) fail("a base64 part holds a byte outside the alphabet");
        acc = (acc << 6) | static_cast<unsigned>(v);
        bits += 6;
        if (bits >= 8) {
            out += static_cast<char>((acc >> (bits - 8)) & 0xFF);
            bits -= 8;
        }
    }
    return out;
}

bool is_ascii(const std::string& s) {
    for (unsigned char c : s)
        if (c >= 0x80 || c == '\r' || c == '\n') return false;
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    FuzzedDataProvider in(data, size);
    rapidtrade::email::Message m;
    m.id = "FUZZ0000000000000000";
    m.from = in.ConsumeRandomLengthString(200);
    m.to = in.ConsumeRandomLengthString(200);
    m.subject = in.ConsumeRandomLengthString(400);
    m.html = in.ConsumeRandomLengthString(400);
    m.text = in.ConsumeRemainingBytesAsString();
    rendered = rapidtrade::email::render_mime(m, "Thu, 26 Nov 2026 04:02:49 +0000");
    const std::string& out = rendered;

    auto end = out.find("\r\n\r\n");
    if (end == std::string::npos) fail("no blank line after the headers");
    std::string_view header(out.data(), end + 2);  // each line with its CRLF
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (header[i] == '\r' && (i + 1 == header.size() || header[i + 1] != '\n')) fail("a bare CR in the headers");
        if (header[i] == '\n' && (i == 0 || header[i - 1] != '\r')) fail("a bare LF in the headers");
    }
    static const std::vector<std::string_view> kNames = {
        "From: ", "To: ", "Subject: ", "Date: ", "Message-ID: ", "MIME-Version: ", "Content-Type: "};
    std::vector<std::string_view> lines;
    for (std::size_t pos = 0; pos < header.size();) {
        auto eol = header.find("\r\n", pos);
        lines.push_back(header.substr(pos, eol - pos));
        pos = eol + 2;
    }
    for (auto line : lines)
        if (line.size() >= 4 && (line.substr(0, 4) == "Bcc:" || line.substr(0, 4) == "bcc:")) fail("a Bcc: header");
    if (lines.size() != kNames.size()) fail("not exactly the seven headers render_mime writes");
    for (std::size_t i = 0; i < lines.size(); ++i)
        if (!lines[i].starts_with(kNames[i])) fail("a header line is not the one expected there");

    auto subject = std::string(lines[2].substr(kNames[2].size()));
    std::string expected = m.subject;
    for (auto& c : expected)
        if (c == '\r' || c == '\n') c = ' ';
    if (is_ascii(m.subject) ? subject != expected
                            : !subject.starts_with("=?UTF-8?B?") || !subject.ends_with("?=") ||
                                  base64_decode(subject.substr(10, subject.size() - 12)) != m.subject)
        fail("the Subject does not decode back to the subject");

    // The text part: after its part headers, up to the next boundary line.
    const std::string part = "Content-Transfer-Encoding: base64\r\n\r\n";
    auto start = out.find(part, end);
    auto stop = out.find("--=_rapidtrade_", start);
    if (start == std::string::npos || stop == std::string::npos) fail("the text part is missing");
    start += part.size();
    if (base64_decode(std::string_view(out).substr(start, stop - start)) != m.text)
        fail("the text does not decode back");
    return 0;
}

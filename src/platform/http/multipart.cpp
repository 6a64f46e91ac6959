#include "platform/http/multipart.hpp"

#include <algorithm>
#include <utility>

#include "platform/errors.hpp"
#include "platform/text.hpp"

namespace rapidtrade::platform::http {
namespace {

constexpr std::string_view kCrlf = "\r\n";
constexpr std::size_t kMaxBoundary = 70;  // RFC 2046, 5.1.1

[[noreturn]] void bad_body(Msg why) { throw BadRequest("body", std::move(why)); }
[[noreturn]] void bad_type(Msg why) { throw BadRequest("Content-Type", std::move(why)); }

bool is_tchar(char c) {  // RFC 9110 token characters
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_bchar(char c) {  // RFC 2046 boundary characters (space allowed, not last)
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
}

bool is_control(char c) {
    auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

std::string_view trim_ows(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// A header value's `; name=value` parameters, read left to right. `quoted_escapes`: a backslash
// in a quoted string escapes the next character (RFC 9110, for Content-Type); browsers do not
// escape Content-Disposition's quoted strings that way (they write '"' as %22, and a backslash as
// itself), so there a quoted string simply ends at the next '"'.
class Parameters {
public:
    // Problems are BadRequest naming `field`, their message naming the header they are in.
    Parameters(std::string_view rest, bool quoted_escapes, const char* field, std::string header)
        : rest_(rest), escapes_(quoted_escapes), field_(field), header_(std::move(header)) {}

    // The next parameter, or false at the end.
    bool next(std::string& name, std::string& value) {
        rest_ = trim_ows(rest_);
        if (rest_.empty()) return false;
        if (rest_.front() != ';') fail_(Msg("api.multipart.param_no_semicolon"));
        rest_ = trim_ows(rest_.substr(1));
        std::size_t n = 0;
        while (n < rest_.size() && is_tchar(rest_[n])) ++n;
        if (n == 0) fail_(Msg("api.multipart.param_no_name"));
        name.assign(rest_.substr(0, n));
        std::transform(name.begin(), name.end(), name.begin(), lower);
        rest_.remove_prefix(n);
        if (rest_.empty() || rest_.front() != '=') fail_("api.multipart.param_no_value", name);
        rest_.remove_prefix(1);
        value.clear();
        if (!rest_.empty() && rest_.front() == '"') {
            std::size_t i = 1;
            for (;; ++i) {
                if (i >= rest_.size()) fail_("api.multipart.param_unterminated", name);
                char c = rest_[i];
                if (c == '"') break;
                if (c == '\\' && escapes_) {
                    if (++i >= rest_.size()) fail_("api.multipart.param_unterminated", name);
                    c = rest_[i];
                }
                value += c;
            }
            rest_.remove_prefix(i + 1);
        } else {
            std::size_t v = 0;
            while (v < rest_.size() && is_tchar(rest_[v])) ++v;
            if (v == 0) fail_("api.multipart.param_malformed", name);
            value.assign(rest_.substr(0, v));
            rest_.remove_prefix(v);
        }
        if (std::find(seen_.begin(), seen_.end(), name) != seen_.end()) fail_("api.multipart.param_twice", name);
        seen_.push_back(name);
        return true;
    }

private:
    [[noreturn]] void fail_(Msg why) const {
        throw BadRequest(field_, Msg(why.key(), {{"header", header_}}));
    }
    [[noreturn]] void fail_(const char* key, const std::string& name) const {
        throw BadRequest(field_, Msg(key, {{"header", header_}, {"name", name}}));
    }
    std::string_view rest_;
    bool escapes_;
    const char* field_;
    std::string header_;
    std::vector<std::string> seen_;
};

// "form-data; name=...; filename=..." into the part's name and file name.
void read_disposition(std::string_view value, MultipartPart& part) {
    std::size_t n = 0;
    while (n < value.size() && is_tchar(value[n])) ++n;
    if (!iequals(value.substr(0, n), "form-data")) bad_body(Msg("api.multipart.disposition_not_form_data"));
    Parameters params(value.substr(n), false, "body", "Content-Disposition");
    std::string name, v;
    bool has_name = false;
    while (params.next(name, v)) {
        if (name != "name" && name != "filename") continue;  // RFC 7578 defines no other (filename* is not to be used)
        if (std::any_of(v.begin(), v.end(), is_control)) bad_body(Msg("api.multipart.param_control_character", {{"name", name}}));
        if (name == "name") {
            part.name = v;
            has_name = true;
        } else {
            part.filename = v;
        }
    }
    if (!has_name || part.name.empty()) bad_body(Msg("api.multipart.disposition_no_name"));
}

// The header block of one part (its lines, each ended by CRLF, without the blank line).
void read_headers(std::string_view block, MultipartPart& part) {
    if (!is_valid_utf8(block)) bad_body(Msg("api.multipart.headers_not_utf8"));
    bool has_disposition = false, has_type = false;
    while (!block.empty()) {
        auto end = block.find(kCrlf);  // the block always ends with CRLF
        auto line = block.substr(0, end);
        block.remove_prefix(end + kCrlf.size());
        // A lone CR or LF inside a line would be a line break to some other reader: an injected header.
        if (line.find_first_of("\r\n") != std::string_view::npos) bad_body(Msg("api.multipart.header_bare_cr_lf"));
        if (line.empty()) bad_body(Msg("api.multipart.headers_empty_line"));
        if (line.front() == ' ' || line.front() == '\t') bad_body(Msg("api.multipart.header_folded"));
        auto colon = line.find(':');
        if (colon == std::string_view::npos) bad_body(Msg("api.multipart.header_no_colon"));
        auto name = line.substr(0, colon);
        if (name.empty() || !std::all_of(name.begin(), name.end(), is_tchar)) bad_body(Msg("api.multipart.header_name_invalid"));
        auto value = trim_ows(line.substr(colon + 1));
        if (std::any_of(value.begin(), value.end(), [](char c) { return is_control(c) && c != '\t'; }))
            bad_body(Msg("api.multipart.header_control_character"));
        if (iequals(name, "Content-Disposition")) {
            if (has_disposition) bad_body(Msg("api.multipart.two_dispositions"));
            has_disposition = true;
            read_disposition(value, part);
        } else if (iequals(name, "Content-Type")) {
            if (has_type) bad_body(Msg("api.multipart.two_content_types"));
            has_type = true;
            part.content_type.assign(value);
        } else if (iequals(name, "Content-Transfer-Encoding")) {
            // Nothing is decoded here: only the identity encodings are accepted.
            if (!iequals(value, "binary") && !iequals(value, "8bit") && !iequals(value, "7bit"))
                bad_body(Msg("api.multipart.encoding_not_binary"));
        }
        // Other headers carry nothing a form field needs.
    }
    if (!has_disposition) bad_body(Msg("api.multipart.no_disposition"));
}

}  // namespace

std::string multipart_boundary(std::string_view content_type) {
    std::size_t n = 0;
    auto s = trim_ows(content_type);
    while (n < s.size() && (is_tchar(s[n]) || s[n] == '/')) ++n;
    if (!iequals(s.substr(0, n), "multipart/form-data"))
        throw UnsupportedMediaType(Msg("api.multipart.expected"));
    Parameters params(s.substr(n), true, "Content-Type", "Content-Type");
    std::string name, value;
    std::optional<std::string> boundary;
    while (params.next(name, value))
        if (name == "boundary") boundary = value;
    if (!boundary || boundary->empty()) bad_type(Msg("api.multipart.no_boundary"));
    if (boundary->size() > kMaxBoundary) bad_type(Msg("api.multipart.boundary_too_long"));
    if (!std::all_of(boundary->begin(), boundary->end(), is_bchar) || boundary->back() == ' ')
        bad_type(Msg("api.multipart.boundary_character"));
    return *boundary;
}

std::vector<MultipartPart> multipart_decode(std::string_view body, std::string_view boundary, const MultipartLimits& limits) {
    if (boundary.empty() || boundary.size() > kMaxBoundary) bad_type(Msg("api.multipart.boundary_invalid"));
    const std::string delimiter = "--" + std::string(boundary);
    const std::string next_delimiter = std::string(kCrlf) + delimiter;
    if (!body.starts_with(delimiter)) bad_body(Msg("api.multipart.no_opening_boundary"));
    std::size_t pos = delimiter.size();
    std::vector<MultipartPart> parts;
    for (;;) {
        auto rest = body.substr(pos);
        if (rest.starts_with("--")) {
            rest.remove_prefix(2);
            if (!rest.empty() && rest != kCrlf) bad_body(Msg("api.multipart.bytes_after_end"));
            return parts;
        }
        if (!rest.starts_with(kCrlf)) bad_body(Msg("api.multipart.boundary_line_end"));
        pos += kCrlf.size();
        if (parts.size() == limits.max_parts)
            bad_body(Msg("api.multipart.too_many_parts", {{"max", std::to_string(limits.max_parts)}}));

        MultipartPart part;
        // The header block ends with a blank line, looked for only within the limit: a block
        // without an end is refused after max_header_bytes, never searched for through megabytes.
        auto window = body.substr(pos, limits.max_header_bytes);
        std::size_t block_size;  // the lines with their CRLF, without the blank line
        if (window.starts_with(kCrlf)) {
            block_size = 0;
        } else {
            auto blank = window.find("\r\n\r\n");
            if (blank == std::string_view::npos)
                bad_body(window.size() < limits.max_header_bytes
                             ? Msg("api.multipart.headers_unended")
                             : Msg("api.multipart.headers_too_large", {{"max", std::to_string(limits.max_header_bytes)}}));
            block_size = blank + kCrlf.size();
        }
        read_headers(body.substr(pos, block_size), part);
        pos += block_size + kCrlf.size();

        auto end = body.find(next_delimiter, pos);
        if (end == std::string_view::npos) bad_body(Msg("api.multipart.no_closing_boundary"));
        part.body = body.substr(pos, end - pos);
        pos = end + next_delimiter.size();
        for (const auto& p : parts)
            if (p.name == part.name) bad_body(Msg("api.multipart.field_twice", {{"name", part.name}}));
        parts.push_back(std::move(part));
    }
}

}  // namespace rapidtrade::platform::http

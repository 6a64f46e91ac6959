#pragma once
// Server-rendered pages: Mustache templates (kainjow, HTML-escaped by default) compiled into the
// binary, one layout around every page, static files under content-hashed names, and the security
// headers every page carries (CSP without inline scripts, nosniff, Referrer-Policy).
#include <map>
#include <optional>
#include <string>

#include <kainjow/mustache.hpp>

#include "platform/http/message.hpp"
#include "services/frontend/session.hpp"

namespace rapidtrade::frontend {

namespace mustache = kainjow::mustache;
using platform::http::Request;
using platform::http::Response;

class Views {
public:
    Views(const SessionCodec& sessions, bool mailbox_enabled);

    // templates/<name>.mustache rendered with `data`, inside the layout.
    Response page(Session& session, const std::string& name, mustache::data data, const std::string& title,
                  unsigned status = 200) const;
    // 303 See Other, the answer to every successful form (no resubmission on reload).
    Response redirect(Session& session, const std::string& location) const;
    // /static/<file>: the hashed names get a year of caching.
    std::optional<Response> static_file(const std::string& name) const;
    std::string render(const std::string& name, const mustache::data& data) const;

private:
    void decorate(Session& session, Response& res) const;
    const SessionCodec& sessions_;
    bool mailbox_enabled_;
    std::map<std::string, std::pair<std::string, std::string>> assets_;  // hashed name -> (bytes, type)
    std::map<std::string, std::string> hashed_;                            // plain name -> hashed name
};

}  // namespace rapidtrade::frontend

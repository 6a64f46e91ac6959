#include "services/frontend/service.hpp"

#include "platform/errors.hpp"
#include "services/frontend/frontend.hpp"

namespace rapidtrade::frontend {
namespace {

// The photo form's own body limit: the catalogue takes photos of up to 5 MiB (its PUT
// /apis/products/{id}/image), and the multipart form around one adds its boundaries, part headers
// and the CSRF field. The margin lets a photo somewhat over 5 MiB reach the catalogue, whose 413
// the page then explains in French, instead of ending at this server's bare 413.
constexpr std::size_t kMaxPhotoUploadBytes = (5 << 20) + (1 << 20);

class FrontendService final : public platform::Service {
public:
    explicit FrontendService(const platform::ServiceContext& ctx)
        : api_(ctx.client, ctx.upstreams),
          sessions_(ctx.env.string("FRONTEND_SESSION_KEY", ctx.api_keys.front()), ctx.env.boolean("COOKIE_SECURE", false)),
          mailbox_(ctx.env.get("SMTP_URL")                         ? Mailbox::off
                   : ctx.env.boolean("MAILBOX_SHOW_ALL", false) ? Mailbox::everyone
                                                                 : Mailbox::own),
          views_(sessions_, mailbox_ != Mailbox::off),
          frontend_{api_, sessions_, views_, mailbox_, liveness_, ctx.tokens},
          pool_(static_cast<std::size_t>(ctx.server.worker_threads)) {}
    ~FrontendService() override { pool_.join(); }

    std::string_view name() const override { return "frontend"; }
    void migrate() override {}  // no database: the session is a cookie, the rest are API calls
    bool ready() override { return true; }

    void mount(platform::http::Router& router) override {
        auto page = [this](Page p) {
            return [this, p = std::move(p)](Request& r) { return serve_page(frontend_, r, p); };
        };
        // The catalogue pages answer from memory on the I/O thread when they can (fast paths).
        auto from_memory = [this](std::optional<Response> (*fast)(Frontend&, const Request&)) {
            return [this, fast](Request& r) { return fast(frontend_, r); };
        };
        router.mount("frontend", &pool_)
            .get("/", from_memory(home_from_memory), page(home_page))
            .get("/produits", from_memory(products_from_memory), page(products_page))
            .get("/produits/{id}", page(product_page))
            .get("/panier", page(cart_page))
            .post("/panier/ajouter", page(cart_add))
            .post("/panier/modifier", page(cart_update))
            .post("/panier/supprimer", page(cart_remove))
            .post("/panier/vider", page(cart_empty))
            .get("/connexion", page(login_page))
            .post("/connexion", page(login_submit))
            .post("/deconnexion", page(logout_submit))
            .get("/inscription", page(signup_page))
            .post("/inscription", page(signup_submit))
            .get("/commande", page(checkout_page))
            .post("/commande", page(checkout_submit))
            .get("/commande/{reference}", page(confirmation_page))
            .get("/mes-commandes", page(orders_page))
            .get("/mes-commandes/{reference}", page(order_page))
            .post("/langue", page(language_switch))
            .get("/a-propos", page(about_page))
            .get("/contact", page(contact_page))
            .get("/boite-mail", page(mailbox_page))
            .get("/boite-mail/{id}", page(mailbox_message_page))
            .get("/mot-de-passe/oublie", page(forgot_password_page))
            .post("/mot-de-passe/oublie", page(forgot_password_submit))
            .get("/mot-de-passe/nouveau", page(new_password_page))
            .post("/mot-de-passe/nouveau", page(new_password_submit))
            .get("/mon-compte", page(account_page))
            .post("/mon-compte/mot-de-passe", page(account_password_submit))
            .get("/mon-compte/export", page(account_export))
            .post("/mon-compte/suppression", page(account_delete_submit))
            .get("/admin/", page(admin_dashboard_page))
            .get("/admin/commandes", page(admin_orders_page))
            .get("/admin/commandes/{reference}", page(admin_order_page))
            .post("/admin/commandes/{reference}/{action}", page(admin_order_action))
            .get("/admin/produits", page(admin_products_page))
            .get("/admin/produits/{id}", page(admin_product_page))
            .post("/admin/produits/{id}", page(admin_product_submit))
            .get("/admin/produits/nouveau", page(admin_product_new_page))
            .post("/admin/produits/nouveau", page(admin_product_create))
            .get("/admin/produits/{id}/suppression", page(admin_product_delete_page))
            .post("/admin/produits/{id}/suppression", page(admin_product_delete))
            .post("/admin/produits/{id}/photo", page(admin_product_photo))
            .max_body(kMaxPhotoUploadBytes)
            .get("/admin/categories", page(admin_categories_page))
            .post("/admin/categories", page(admin_category_create))
            .post("/admin/categories/{slug}/{action}", page(admin_category_action))
            .get("/admin/clients", page(admin_customers_page))
            .get("/admin/clients/{id}", page(admin_customer_page))
            .get("/admin/clients/{id}/export", page(admin_customer_export))
            .post("/admin/clients/{id}/effacement", page(admin_customer_erase))
            .get("/admin/equipe", page(admin_team_page))
            .post("/admin/equipe", page(admin_team_add))
            .get("/admin/equipe/{id}/desactivation", page(admin_team_disable_page))
            .post("/admin/equipe/{id}/desactivation", page(admin_team_disable));
        // Static files come from memory: answered on the I/O thread.
        router.mount("frontend", nullptr).get("/static/{file}", [this](Request& r) {
            if (auto res = views_.static_file(r.param("file"))) return std::move(*res);
            return serve_page(frontend_, r, [](Frontend& f, const Request&, Session& s) { return not_found_page(f, s); });
        });
        platform::http::Route fallback;
        fallback.method = platform::http::Verb::get;
        fallback.pattern = "/*";
        fallback.service = "frontend";
        fallback.pool = &pool_;
        fallback.handler = [this](Request& r) {
            // /apis/ belongs to the services: an unknown API path is an API error, not a web page.
            if (r.path.starts_with("/apis/")) throw platform::NotFound(platform::Msg("api.request.no_resource", {{"path", r.path}}));
            return serve_page(frontend_, r, [](Frontend& f, const Request&, Session& s) { return not_found_page(f, s); });
        };
        router.set_fallback(std::move(fallback));
    }

private:
    ShopApi api_;
    SessionCodec sessions_;
    Mailbox mailbox_;
    SessionLiveness liveness_;
    Views views_;
    Frontend frontend_;
    boost::asio::thread_pool pool_;
};

}  // namespace

std::unique_ptr<platform::Service> make_service(const platform::ServiceContext& context) {
    return std::make_unique<FrontendService>(context);
}

}  // namespace rapidtrade::frontend

#include "services/checkout/confirmation_email.hpp"

#include <fmt/format.h>

#include "platform/clock.hpp"
#include "platform/money.hpp"
#include "platform/text.hpp"

namespace rapidtrade::checkout {

using platform::format_eur;
using platform::french_date;
using platform::html_escape;

EmailContent confirmation_email(const Order& o) {
    const auto& a = o.shipping_address;
    EmailContent e;
    e.subject = "Confirmation de votre commande " + o.reference + " chez RapidTrade Co.";

    std::string discount_label =
        o.promo_code ? fmt::format("Remise {} (-{} %)", *o.promo_code, o.promo_percent) : std::string("Remise");
    std::string t;
    t += "Bonjour " + a.full_name + ",\n\n";
    t += "Nous vous confirmons la réception de votre commande et de son paiement.\n\n";
    t += "Votre commande sera livrée par " + o.shipping_service + " à l'adresse suivante :\n";
    t += a.full_name + "\n" + a.street + "\n" + a.postal_code + " " + a.city + "\n" + a.country + "\n\n";
    t += "Référence de commande : " + o.reference + "\n";
    t += "Date : " + french_date(o.created_at) + "\n\n";
    t += "Votre commande contient :\n";
    for (const auto& l : o.lines)
        t += fmt::format("- {} - {} : {} × {} = {}\n", l.product_id, l.name, l.quantity, format_eur(l.unit_price),
                         format_eur(l.line_total));
    t += "\nSous-total : " + format_eur(o.subtotal) + "\n";
    if (o.discount > 0) t += discount_label + " : -" + format_eur(o.discount) + "\n";
    t += "Frais de livraison : " + format_eur(o.shipping) + "\n";
    t += "Total : " + format_eur(o.total) + "\n\n";
    t += "Paiement : carte " + o.card_brand + " se terminant par " + o.card_last4 + "\n\n";
    t += "Merci pour votre commande chez RapidTrade Co. !\nL'équipe E-Design\n";
    e.text = std::move(t);

    std::string h;
    h += "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>" + html_escape(e.subject) +
         "</title></head><body style=\"font-family: sans-serif; color: #222\">";
    h += "<p>Bonjour " + html_escape(a.full_name) + ",</p>";
    h += "<p>Nous vous confirmons la réception de votre commande et de son paiement.</p>";
    h += "<h2>Adresse de livraison</h2><p>Livraison par " + html_escape(o.shipping_service) + " :<br>" +
         html_escape(a.full_name) + "<br>" + html_escape(a.street) + "<br>" + html_escape(a.postal_code) + " " +
         html_escape(a.city) + "<br>" + html_escape(a.country) + "</p>";
    h += "<h2>Votre commande</h2><table cellpadding=\"6\" style=\"border-collapse: collapse\">";
    h += "<tr><th align=\"left\">Référence de commande</th><th align=\"left\">Date</th></tr>";
    h += "<tr><td>" + html_escape(o.reference) + "</td><td>" + french_date(o.created_at) + "</td></tr></table>";
    h += "<table cellpadding=\"6\" style=\"border-collapse: collapse\"><tr><th align=\"left\">Produit</th>"
         "<th align=\"right\">Quantité</th><th align=\"right\">Prix</th><th align=\"right\">Total</th></tr>";
    for (const auto& l : o.lines)
        h += "<tr><td>" + html_escape(l.product_id) + " - " + html_escape(l.name) + "</td><td align=\"right\">" +
             std::to_string(l.quantity) + "</td><td align=\"right\">" + format_eur(l.unit_price) +
             "</td><td align=\"right\">" + format_eur(l.line_total) + "</td></tr>";
    h += "<tr><td colspan=\"3\">Sous-total</td><td align=\"right\">" + format_eur(o.subtotal) + "</td></tr>";
    if (o.discount > 0)
        h += "<tr><td colspan=\"3\">" + html_escape(discount_label) + "</td><td align=\"right\">-" + format_eur(o.discount) +
             "</td></tr>";
    h += "<tr><td colspan=\"3\">Frais de livraison</td><td align=\"right\">" + format_eur(o.shipping) + "</td></tr>";
    h += "<tr><td colspan=\"3\"><b>Total</b></td><td align=\"right\"><b>" + format_eur(o.total) + "</b></td></tr></table>";
    h += "<p>Merci pour votre commande chez RapidTrade Co. !<br>L'équipe E-Design</p></body></html>";
    e.html = std::move(h);
    return e;
}

}  // namespace rapidtrade::checkout

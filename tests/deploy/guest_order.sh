# Sourced by tests/deploy/compose.sh and kube-play.sh: a guest order through the shop's web pages,
# as a browser places it (product page, add to cart, order form, order), with curl and a cookie jar.
# Usage: reference=$(guest_order SHOP_URL WORK_DIR EMAIL) || ...
# Prints the order's 13-digit reference; returns 1 when a page does not answer or no reference
# comes back (the order's redirect, if any, is then in WORK_DIR/order-redirect).
guest_order() {
  local shop=$1 dir=$2 email=$3
  local jar=$dir/cookies csrf key location
  csrf_of() { grep -o 'name="csrf" value="[^"]*"' "$1" | head -1 | sed 's/.*value="\([^"]*\)"/\1/'; }
  curl -fs -c "$jar" -b "$jar" "$shop/produits/OPUK6V6EV0" -o "$dir/product.html" || return 1
  csrf=$(csrf_of "$dir/product.html")
  curl -fs -c "$jar" -b "$jar" -o /dev/null -X POST "$shop/panier/ajouter" --data-urlencode "csrf=$csrf" \
    --data-urlencode product_id=OPUK6V6EV0 --data-urlencode quantity=1 || return 1
  curl -fs -c "$jar" -b "$jar" "$shop/commande" -o "$dir/checkout.html" || return 1
  csrf=$(csrf_of "$dir/checkout.html")
  key=$(grep -o 'name="order_key" value="[^"]*"' "$dir/checkout.html" | sed 's/.*value="\([^"]*\)"/\1/')
  location=$(curl -s -c "$jar" -b "$jar" -o /dev/null -w '%{redirect_url}' -X POST "$shop/commande" \
    --data-urlencode "csrf=$csrf" --data-urlencode "order_key=$key" --data-urlencode "email=$email" \
    --data-urlencode "full_name=Test Test" --data-urlencode "street=93 rue de l'Epeule" --data-urlencode city=Mulhouse \
    --data-urlencode postal_code=68100 --data-urlencode "card_holder=Test Test" \
    --data-urlencode "card_number=4556 4262 6162 8918" --data-urlencode cvv=229 --data-urlencode exp_month=2 \
    --data-urlencode exp_year=2028)
  echo "$location" > "$dir/order-redirect"
  echo "$location" | grep -o '[0-9]\{13\}$'
}

// Hostile values in every input that reaches another service, a path or a header: the web shop's
// form fields and path parameters, the APIs' JSON fields, path parameters and headers. Each value
// (CR, LF, CRLF with a whole smuggled request, NUL, tab, space, ?, #, %, /, .., %2F, 300+
// characters, invalid UTF-8) is sent on its own, and each case checks that:
//   - the answer is a clear 4xx (never 5xx), exactly one answer, with no injected header or cookie;
//   - no request reached a route it must not (the per-route counters of /metrics, before and after);
//   - the catalogue (products, prices, stock) and two other shoppers' carts are unchanged;
//   - the next requests of other shoppers get their own answers: a guest's cart page shows that
//     guest's cart, a customer's order list that customer's order, the demo customer's profile is
//     theirs, a forged token gets 401.
// After the cases of each input, whole journeys run through the shop: the demo customer's log-in
// through the API and the web shop beside a wrong password (401, no token), and a guest order to
// its confirmation page, so a poisoned connection pool could not hide. (The log-ins run once per
// input rather than once per value: each costs an Argon2id verification, and the suite must stay
// fast.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { startServer, API_KEY } from '../e2e/server.mjs';
import { api, expectProblem, ADDRESS, CARD, DEMO, SOFA, CORNER_SOFA, newCart, addLine, uniqueEmail } from '../e2e/commerce_support.mjs';
import {
  Visitor, pageText, rawOne, routeCounters, moved, assertOnlyRoutes, settle, catalogue, cartLines, claims, formBody,
} from './support.mjs';

let srv;
const s = {};  // the shop's actors and their data, set up once

const SOFA_NAME = 'Canapé Moderne en Cuir';
const CORNER_NAME = "Canapé d'Angle Confortable";
const cartKey = () => randomBytes(18).toString('base64url');  // the shape of a cart id / order form key

before(async () => {
  srv = await startServer({
    env: {
      // Dozens of log-ins of the demo customer (a wrong one per input) from 127.0.0.1.
      LOGIN_MAX_FAILURES: '1000', LOGIN_MAX_FAILURES_PER_ADDRESS: '100000',
      // No periodic follow-up scan: every call the shop makes is one a case or a journey caused.
      CHECKOUT_FOLLOWUP_MS: '3600000',
      ACCESS_LOG: 'false',
    },
  });
  for (const id of [SOFA, CORNER_SOFA]) {
    const r = await api(srv, 'PATCH', `/apis/products/${id}`, { body: { stock: 900 } });
    assert.equal(r.status, 200);
  }
  // Victims: a guest cart and a customer's cart that no case may touch.
  s.victimCart = (await newCart(srv)).id;
  await addLine(srv, s.victimCart, SOFA, 2);
  await addLine(srv, s.victimCart, CORNER_SOFA, 1);
  s.victim = await signUpApi('victime');
  s.victimCustomerCart = (await newCart(srv, s.victim.token)).id;
  assert.equal((await api(srv, 'POST', `/apis/carts/${s.victimCustomerCart}/lines`, { token: s.victim.token, body: { product_id: CORNER_SOFA, quantity: 3 } })).status, 200);

  // The attacker: a guest cart through the API, a guest web session with a sofa in its cart, and a
  // customer logged in on the web with an order and its confirmation e-mail.
  s.attackerCart = (await newCart(srv)).id;
  await addLine(srv, s.attackerCart, SOFA, 1);
  s.web = new Visitor(srv);
  await s.web.addToCart(SOFA, 1);
  s.member = await webCustomer('Mallory');
  await s.member.visitor.addToCart(SOFA, 1);
  s.member.order = await s.member.visitor.placeOrder();
  s.member.cart = (await api(srv, 'POST', '/apis/carts/', { token: s.member.token })).body.id;

  // The other shoppers: a guest with two corner sofas in the cart, and a customer with an order.
  s.guest = new Visitor(srv);
  await s.guest.addToCart(CORNER_SOFA, 2);
  s.dominique = await webCustomer('Dominique');
  await s.dominique.visitor.addToCart(CORNER_SOFA, 1);
  s.dominique.order = await s.dominique.visitor.placeOrder();
  await settle(srv);
  const mails = await api(srv, 'GET', '/apis/emails/', { token: s.member.token });
  assert.equal(mails.status, 200);
  s.member.mail = mails.body.items[0].id;
  s.demoToken = (await api(srv, 'POST', '/apis/auth/token', { key: false, body: { email: DEMO.email, password: DEMO.password } })).body.access_token;
});

after(async () => { await srv?.stop(); });

async function signUpApi(tag) {
  const email = uniqueEmail(tag);
  const password = 'mot-de-passe-solide-1';
  const r = await api(srv, 'POST', '/apis/customers/', { key: false, body: { email, password, first_name: tag, last_name: 'Test' } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const t = await api(srv, 'POST', '/apis/auth/token', { key: false, body: { email, password } });
  return { id: r.body.id, email, password, token: t.body.access_token };
}

// A customer signed up through the API and logged in on the web (and holding an API token too).
async function webCustomer(firstName) {
  const c = await signUpApi(firstName);
  c.visitor = new Visitor(srv);
  const r = await c.visitor.logIn(c.email, c.password);
  assert.equal(r.status, 303, pageText(r.body));
  return c;
}

// ---------------------------------------------------------------- the hostile values

const mid = (base, s) => base.slice(0, 5) + s + base.slice(6);
// A whole request after the value, with the API key: a target or header written without encoding
// would send it as a second request on the service's connection; and two headers for a Location.
const smuggled = (base) =>
  `${base} HTTP/1.1\r\nHost: a\r\nX-Injected: 1\r\nSet-Cookie: injected=1\r\n\r\n` +
  `DELETE /apis/products/${SOFA} HTTP/1.1\r\nHost: a\r\nX-Api-Key: ${API_KEY}\r\nX-Ignore: x`;

const PAYLOADS = [
  { name: 'CR', text: (b) => mid(b, '\r') },
  { name: 'LF', text: (b) => mid(b, '\n') },
  { name: 'CRLF + request line', text: smuggled },
  { name: 'NUL', text: (b) => mid(b, '\0') },
  { name: 'tab', text: (b) => mid(b, '\t') },
  { name: 'space', text: (b) => mid(b, ' ') },
  { name: '?', text: (b) => mid(b, '?') },
  { name: '#', text: (b) => mid(b, '#') },
  { name: '%', text: (b) => `${b}%` },  // a '%' that starts no percent-encoding
  { name: '/', text: (b) => mid(b, '/') },
  { name: '..', text: () => '..' },
  { name: '%2F', text: (b) => mid(b, '%2F') },
  { name: '300+ characters', text: (b) => b + 'A'.repeat(300) },
  { name: 'bad UTF-8', bytes: (b) => Buffer.concat([Buffer.from(b.slice(0, 5)), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(b.slice(6))]) },
];
const badUtf8 = (p) => p.name === 'bad UTF-8';

// The value as bytes.
const bytesOf = (p, base) => (p.bytes ? p.bytes(base) : Buffer.from(p.text(base), 'utf8'));

// The value as one path segment on the wire. A browser percent-encodes what a URL cannot hold; the
// structural characters are sent as they are, to test the router: '/' (one more segment), '..' (a
// dot segment), '%2F' (an encoded slash inside the segment), '%' (not a valid percent-encoding).
function segment(p, base) {
  if (['/', '..', '%2F', '%'].includes(p.name)) return p.text(base);
  return [...bytesOf(p, base)].map((b) => (/[A-Za-z0-9._~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}
// The value as a query value (always percent-encoded).
const queryValue = (p, base) => [...bytesOf(p, base)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');

// The value as a header value. A header cannot hold a bare CR or LF once parsed, except through
// obsolete line folding (CRLF followed by a space): the smuggled request is sent folded, the only
// way it could arrive inside one value; the other values go as raw bytes.
function headerValue(p, base) {
  if (p.name === 'CRLF + request line') return Buffer.from(p.text(base).replace(/\r\n/g, '\r\n '), 'latin1');
  return bytesOf(p, base);
}

// A JSON body with `field` holding the value: escaped JSON for text, raw bytes for invalid UTF-8.
function jsonWith(object, field, p, base) {
  const marker = '\u0001HOSTILE\u0001';
  const text = JSON.stringify({ ...object, [field]: marker });
  const [left, right] = text.split(JSON.stringify(marker));
  const value = p.bytes ? Buffer.concat([Buffer.from('"'), p.bytes(base), Buffer.from('"')]) : Buffer.from(JSON.stringify(p.text(base)));
  return Buffer.concat([Buffer.from(left), value, Buffer.from(right)]);
}

// A form body with `field` holding the value (percent-encoded text, raw bytes for invalid UTF-8).
const formWith = (fields, field, p, base) => formBody({ ...fields, [field]: p.bytes ? p.bytes(base) : p.text(base) });

// ---------------------------------------------------------------- sending

const cookieOf = (visitor) => ['Cookie', `rt_session=${visitor.cookie}`];
const FORM = ['Content-Type', 'application/x-www-form-urlencoded'];
const JSON_TYPE = ['Content-Type', 'application/json'];
const KEY = ['X-Api-Key', API_KEY];

const postForm = (visitor, path, body) => rawOne(srv, { method: 'POST', target: path, headers: [cookieOf(visitor), FORM], body });
const getPage = (visitor, target) => rawOne(srv, { target, headers: visitor ? [cookieOf(visitor)] : [] });

const checkoutFields = (visitor) => ({
  csrf: visitor.csrf, order_key: cartKey(), email: 'acheteur@example.fr', full_name: 'Camille Martin', street: '12 rue des Lilas',
  city: 'Lyon', postal_code: '69003', card_holder: 'Camille Martin', card_number: CARD.number, cvv: CARD.cvv,
  exp_month: String(CARD.exp_month), exp_year: String(CARD.exp_year),
});
const orderBody = (cartId) => ({ cart_id: cartId, email: 'acheteur@example.fr', shipping_address: ADDRESS, card: CARD });

// ---------------------------------------------------------------- what every answer must (not) be

// No header or cookie of the value's making: only the session cookie, a Location that is one clean
// path, no X-Injected header.
function assertNoInjection(res, label) {
  assert.ok(!res.headerNames.includes('x-injected'), `${label}: an injected header came back`);
  const cookies = res.headerList.filter(([k]) => k === 'set-cookie').map(([, v]) => v);
  assert.ok(cookies.length <= 1 && cookies.every((c) => c.startsWith('rt_session=')), `${label}: unexpected cookies ${JSON.stringify(cookies)}`);
  const location = res.header('location');
  if (location !== undefined) assert.match(location, /^\/[A-Za-z0-9/_-]*$/, `${label}: Location ${JSON.stringify(location)}`);
  for (const [k, v] of res.headerList) assert.ok(!/injected/i.test(v), `${label}: header ${k} carries the injected text`);
}

// A French error page with this status and message.
function assertPage(res, status, message, label) {
  assert.equal(res.status, status, `${label}: ${res.status} ${pageText(res.body).slice(0, 200)}`);
  assert.match(res.header('content-type') ?? '', /^text\/html/, label);
  assert.ok(pageText(res.body).includes(message), `${label}: expected "${message}" in: ${pageText(res.body).slice(0, 300)}`);
}

// A problem+json answer with this status naming `field`.
function assertProblem(res, status, field, label) {
  assert.equal(res.status, status, `${label}: ${res.body}`);
  assert.match(res.header('content-type') ?? '', /^application\/problem\+json/, label);
  const body = JSON.parse(res.body);
  assert.equal(body.status, status, label);
  if (field) assert.ok((body.errors ?? []).some((e) => e.field === field), `${label}: expected field ${field} in ${res.body}`);
  return body;
}

// A refusal before routing (the HTTP parser or the URL checks): 400 problem+json.
const refusedEarly = (res, label) => assertProblem(res, 400, undefined, label);

const NOT_FOUND_PAGE = 'Page introuvable';
const UNDERSTOOD = "Cette demande n'a pas pu être comprise.";

// A path parameter: 404 (a page or a problem), or 400 when the URL itself is refused ('%' that
// starts no percent-encoding, bytes that are not UTF-8 once decoded).
function assertPathRefused(res, p, label, { page }) {
  if (p.name === '%' || badUtf8(p)) return refusedEarly(res, label);
  if (page) return assertPage(res, 404, NOT_FOUND_PAGE, label);
  return assertProblem(res, 404, undefined, label);
}

// Routes any case may move without harm: a request refused before routing, or the fallback that
// answers 404 for a path no route has ('/' adds a segment).
const UNROUTED = [{ service: 'none', route: 'unmatched', code: '400' }, { service: 'frontend', route: '/*', code: '404' }];

// ---------------------------------------------------------------- the inputs

const web = (route) => ({ service: 'frontend', route });
const INPUTS = [
  ...['/panier/ajouter', '/panier/modifier', '/panier/supprimer'].map((path) => ({
    name: `web form product_id (POST ${path})`,
    base: SOFA,
    async control() {
      await s.web.get('/panier');
      const r = await s.web.post(path, { product_id: path === '/panier/supprimer' ? CORNER_SOFA : SOFA, quantity: '1' });
      assert.equal(r.status, 303);
      assert.equal(r.location, '/panier');
    },
    send: (p) => postForm(s.web, path, formWith({ csrf: s.web.csrf, quantity: '1' }, 'product_id', p, SOFA)),
    expect: (res, p, label) => assertPage(res, 400, badUtf8(p) ? UNDERSTOOD : "Ce produit n'existe pas.", label),
    allowed: () => [{ ...web(path), method: 'POST', code: '400' }],
  })),
  {
    name: 'web form promo_code (POST /commande)',
    base: 'ViveLeDesign',
    async control() {
      // A well-formed code goes to the checkout, which keeps codes for logged-in customers.
      const r = await postForm(s.web, '/commande', formBody({ ...checkoutFields(s.web), promo_code: 'ViveLeDesign' }));
      assertPage(r, 400, 'Le code promo est réservé aux personnes connectées.', 'control');
    },
    send: (p) => postForm(s.web, '/commande', formWith(checkoutFields(s.web), 'promo_code', p, 'ViveLeDesign')),
    expect(res, p, label) {
      if (badUtf8(p)) return assertPage(res, 400, UNDERSTOOD, label);
      assertPage(res, 400, "Ce code promo n'existe pas.", label);
      assert.ok(res.body.includes('name="order_key"'), `${label}: the order form is shown again`);
    },
    // The form is shown again (the cart is read and priced, the destinations listed: nothing of the
    // visitor's goes into that call); the checkout is never called.
    allowed: () => [{ ...web('/commande'), method: 'POST', code: '400' }, { service: 'cart', method: 'GET', route: '/apis/carts/{id}', code: '200' },
      { service: 'catalog', method: 'GET', route: '/apis/products/{id}', code: '200' },
      { service: 'shipping', method: 'GET', route: '/apis/shipping/countries', code: '200' }],
  },
  {
    name: 'web form order_key (POST /commande)',
    base: cartKey(),
    send: (p) => postForm(s.web, '/commande', formWith(checkoutFields(s.web), 'order_key', p, cartKey())),
    expect: (res, p, label) => assertPage(res, 400, badUtf8(p) ? UNDERSTOOD : 'Ce formulaire de commande est invalide', label),
    allowed: () => [{ ...web('/commande'), method: 'POST', code: '400' }],
  },
  {
    name: 'web path /produits/{id}',
    base: SOFA,
    async control() { assert.equal((await getPage(null, `/produits/${SOFA}`)).status, 200); },
    send: (p) => getPage(null, `/produits/${segment(p, SOFA)}`),
    expect: (res, p, label) => assertPathRefused(res, p, label, { page: true }),
    allowed: () => [{ ...web('/produits/{id}'), code: '404' }],
  },
  {
    name: 'web path /commande/{reference} (near misses of the customer\'s own order)',
    get base() { return s.dominique.order; },
    async control() { assert.equal((await s.dominique.visitor.get(`/commande/${s.dominique.order}`)).status, 200); },
    send: (p) => getPage(s.dominique.visitor, `/commande/${segment(p, s.dominique.order)}`),
    expect: (res, p, label) => assertPathRefused(res, p, label, { page: true }),
    // Never the checkout: only a well-formed reference is looked up.
    allowed: () => [{ ...web('/commande/{reference}'), code: '404' }, { service: 'auth', method: 'POST', route: '/apis/auth/session', code: '200' }],
  },
  {
    name: 'web path /mes-commandes/{reference} (logged in)',
    get base() { return s.member.order; },
    async control() { assert.equal((await s.member.visitor.get(`/mes-commandes/${s.member.order}`)).status, 200); },
    send: (p) => getPage(s.member.visitor, `/mes-commandes/${segment(p, s.member.order)}`),
    expect: (res, p, label) => assertPathRefused(res, p, label, { page: true }),
    // The session's liveness may be asked of the auth service; never the checkout.
    allowed: () => [{ ...web('/mes-commandes/{reference}'), code: '404' }, { service: 'auth', method: 'POST', route: '/apis/auth/session', code: '200' }],
  },
  {
    name: 'web path /boite-mail/{id} (logged in)',
    get base() { return s.member.mail; },
    async control() { assert.equal((await s.member.visitor.get(`/boite-mail/${s.member.mail}`)).status, 200); },
    send: (p) => getPage(s.member.visitor, `/boite-mail/${segment(p, s.member.mail)}`),
    expect: (res, p, label) => assertPathRefused(res, p, label, { page: true }),
    allowed: () => [{ ...web('/boite-mail/{id}'), code: '404' }, { service: 'auth', method: 'POST', route: '/apis/auth/session', code: '200' }],
  },
  ...['q', 'categorie'].map((name) => ({
    name: `web query ${name} (GET /produits)`,
    notRefused: true,  // free text
    base: 'canapes',
    async control() { assert.equal((await getPage(null, `/produits?${name}=canapes`)).status, 200); },
    send: (p) => getPage(null, `/produits?${name}=${queryValue(p, 'canapes')}`),
    // Free text for the catalogue, sent percent-encoded: a list page (maybe empty) or a clear 4xx.
    expect(res, p, label) {
      if (badUtf8(p)) return refusedEarly(res, label);
      assert.ok(res.status < 500, `${label}: GET /produits?${name}=… answered ${res.status} (${pageText(res.body).slice(0, 120)}); a visitor's search text must never be a server error`);
      if (res.status === 200) assert.ok(pageText(res.body).includes('produit'), label);
    },
    allowed: () => [{ ...web('/produits'), method: 'GET' }, { service: 'catalog', method: 'GET', route: '/apis/products/' },
      { service: 'catalog', method: 'GET', route: '/apis/products/categories', code: '200' }],
  })),
  {
    name: 'API JSON cart_id (POST /apis/orders/)',
    base: cartKey(),
    async control() {
      // A well-formed id is looked up at the cart service (unknown: 404 naming cart_id).
      expectProblem(await api(srv, 'POST', '/apis/orders/', { body: orderBody(cartKey()) }), 404, 'cart_id');
    },
    send: (p) => rawOne(srv, { method: 'POST', target: '/apis/orders/', headers: [KEY, JSON_TYPE], body: jsonWith(orderBody(''), 'cart_id', p, s.attackerCart) }),
    expect: (res, p, label) => assertProblem(res, 400, badUtf8(p) ? 'body' : 'cart_id', label),
    allowed: () => [{ service: 'checkout', method: 'POST', route: '/apis/orders/', code: '400' }],
  },
  {
    name: 'API JSON promo_code (POST /apis/orders/)',
    base: 'ViveLeDesign',
    async control() {
      const r = await api(srv, 'POST', '/apis/orders/', { body: { ...orderBody(s.attackerCart), promo_code: 'ViveLeDesign' } });
      expectProblem(r, 422, 'promo_code');
      assert.equal(r.body.reason, 'promo_login_required');
      assert.match(r.body.detail, /réservés aux clients connectés/);
    },
    send: (p) => rawOne(srv, { method: 'POST', target: '/apis/orders/', headers: [KEY, JSON_TYPE], body: jsonWith(orderBody(s.attackerCart), 'promo_code', p, 'ViveLeDesign') }),
    expect(res, p, label) {
      if (badUtf8(p)) return assertProblem(res, 400, 'body', label);
      // 422 for a code that cannot exist; 400 when it is longer than the field allows (64).
      assertProblem(res, p.text('ViveLeDesign').length > 64 ? 400 : 422, 'promo_code', label);
    },
    allowed: () => [{ service: 'checkout', method: 'POST', route: '/apis/orders/', code: /^4/ }],
  },
  {
    name: 'API header Idempotency-Key (POST /apis/orders/)',
    base: 'hostile-key-0001',
    async control() {
      const r = await api(srv, 'POST', '/apis/orders/', { body: orderBody(cartKey()), headers: { 'Idempotency-Key': `control-${Date.now()}` } });
      expectProblem(r, 404, 'cart_id');
    },
    // An unknown (well-formed) cart: an accepted key is recorded with the 404, and replayed.
    async send(p) {
      const request = { method: 'POST', target: '/apis/orders/', headers: [KEY, JSON_TYPE, ['Idempotency-Key', headerValue(p, `hostile-key-${p.name.length}x`)]], body: JSON.stringify(orderBody(this.unknownCart ??= cartKey())) };
      const first = await rawOne(srv, request);
      if (first.status === 404) first.replay = await rawOne(srv, request);
      return first;
    },
    // 1 to 128 visible ASCII characters is the documented shape: '?', '#', '%', '/', '..' and '%2F'
    // are keys like any other (opaque, never in a path); everything else is refused.
    accepted: (p) => ['?', '#', '%', '/', '..', '%2F'].includes(p.name),
    expect(res, p, label) {
      if (!this.accepted(p)) {
        const body = assertProblem(res, 400, undefined, label);
        // Refused by the HTTP parser (a bare CR, a NUL) or by the key's shape check.
        if (!/^requête HTTP mal formée/.test(body.detail)) assert.equal(body.errors?.[0]?.field, 'Idempotency-Key', label);
        return;
      }
      assertProblem(res, 404, 'cart_id', label);
      assert.equal(res.replay.status, 404, label);
      assert.equal(res.replay.header('idempotent-replayed'), 'true', `${label}: the same key and body replay the first answer`);
    },
    allowed(p) {
      return this.accepted(p)
        ? [{ service: 'checkout', method: 'POST', route: '/apis/orders/', code: '404' }, { service: 'cart', method: 'GET', route: '/apis/carts/{id}', code: '404' }]
        : [{ service: 'checkout', method: 'POST', route: '/apis/orders/', code: '400' }];
    },
    afterMoves(moves, p, label) {
      if (!this.accepted(p)) return;
      const cartReads = moves.filter((m) => m.service === 'cart').reduce((n, m) => n + m.delta, 0);
      assert.equal(cartReads, 1, `${label}: the replay must not reach the cart service again`);
    },
  },
  {
    name: 'API path /apis/products/{id} (DELETE and PATCH with the API key, GET)',
    base: SOFA,
    async control() {
      const stock = (await api(srv, 'GET', `/apis/products/${SOFA}`, { key: false })).body.stock;
      assert.equal((await api(srv, 'PATCH', `/apis/products/${SOFA}`, { body: { stock } })).status, 200);
    },
    async send(p) {
      const target = `/apis/products/${segment(p, SOFA)}`;
      const deleted = await rawOne(srv, { method: 'DELETE', target, headers: [KEY] });
      deleted.patched = await rawOne(srv, { method: 'PATCH', target, headers: [KEY, JSON_TYPE], body: '{"stock":0}' });
      deleted.read = await rawOne(srv, { target });
      return deleted;
    },
    expect(res, p, label) {
      assertPathRefused(res, p, `${label} (DELETE)`, { page: false });
      assertNoInjection(res.patched, `${label} (PATCH)`);
      assertPathRefused(res.patched, p, `${label} (PATCH)`, { page: false });
      assertNoInjection(res.read, `${label} (GET)`);
      assertPathRefused(res.read, p, `${label} (GET)`, { page: false });
    },
    allowed: () => [{ service: 'catalog', method: /^(DELETE|PATCH|GET)$/, route: '/apis/products/{id}', code: '404' }],
  },
  {
    name: 'API path /apis/carts/{id}/lines/{product_id} (PATCH and DELETE)',
    base: SOFA,
    async control() {
      assert.equal((await api(srv, 'PATCH', `/apis/carts/${s.attackerCart}/lines/${SOFA}`, { body: { quantity: 1 } })).status, 200);
    },
    ownState: () => cartLines(srv, s.attackerCart),
    async send(p) {
      const target = `/apis/carts/${s.attackerCart}/lines/${segment(p, SOFA)}`;
      const patched = await rawOne(srv, { method: 'PATCH', target, headers: [KEY, JSON_TYPE], body: '{"quantity":5}' });
      patched.deleted = await rawOne(srv, { method: 'DELETE', target, headers: [KEY] });
      return patched;
    },
    expect(res, p, label) {
      assertPathRefused(res, p, `${label} (PATCH)`, { page: false });
      assertNoInjection(res.deleted, `${label} (DELETE)`);
      // A value that cannot be a product id names no line: 404 like PATCH, not a 200 "deleted".
      assertPathRefused(res.deleted, p, `${label} (DELETE answered ${res.deleted.status})`, { page: false });
    },
    allowed: () => [{ service: 'cart', method: /^(PATCH|DELETE)$/, route: '/apis/carts/{id}/lines/{product_id}' },
      { service: 'catalog', method: 'GET', route: '/apis/products/{id}', code: '200' }],
  },
  {
    name: 'API JSON from_cart_id (POST /apis/carts/{id}/merge, a customer\'s cart)',
    base: cartKey(),
    async control() {
      const empty = (await newCart(srv)).id;
      assert.equal((await api(srv, 'POST', `/apis/carts/${s.member.cart}/merge`, { token: s.member.token, body: { from_cart_id: empty } })).status, 200);
    },
    send: (p) => rawOne(srv, {
      method: 'POST', target: `/apis/carts/${s.member.cart}/merge`, headers: [KEY, JSON_TYPE, ['Authorization', `Bearer ${s.member.token}`]],
      body: jsonWith({}, 'from_cart_id', p, s.attackerCart),
    }),
    ownState: () => Promise.all([cartLines(srv, s.member.cart, s.member.token), cartLines(srv, s.attackerCart)]),
    expect: (res, p, label) => assertProblem(res, 400, badUtf8(p) ? 'body' : 'from_cart_id', label),
    allowed: () => [{ service: 'cart', method: 'POST', route: '/apis/carts/{id}/merge', code: '400' }],
  },
  {
    name: 'API JSON product_id (POST /apis/carts/{id}/lines)',
    base: SOFA,
    send: (p) => rawOne(srv, { method: 'POST', target: `/apis/carts/${s.attackerCart}/lines`, headers: [KEY, JSON_TYPE], body: jsonWith({ quantity: 1 }, 'product_id', p, SOFA) }),
    ownState: () => cartLines(srv, s.attackerCart),
    expect: (res, p, label) => assertProblem(res, 400, badUtf8(p) ? 'body' : 'product_id', label),
    allowed: () => [{ service: 'cart', method: 'POST', route: '/apis/carts/{id}/lines', code: '400' }],
  },
  {
    name: 'API path /apis/products/promotions/{code}',
    base: 'ViveLeDesign',
    async control() { assert.equal((await api(srv, 'GET', '/apis/products/promotions/ViveLeDesign', { key: false })).status, 200); },
    send: (p) => rawOne(srv, { target: `/apis/products/promotions/${segment(p, 'ViveLeDesign')}` }),
    expect: (res, p, label) => assertPathRefused(res, p, label, { page: false }),
    allowed: () => [{ service: 'catalog', method: 'GET', route: '/apis/products/promotions/{code}', code: '404' }],
  },
  {
    name: 'API path /apis/carts/{id} (DELETE another shopper\'s cart with the API key)',
    get base() { return s.victimCart; },
    send: (p) => rawOne(srv, { method: 'DELETE', target: `/apis/carts/${segment(p, s.victimCart)}`, headers: [KEY] }),
    expect: (res, p, label) => assertPathRefused(res, p, label, { page: false }),
    allowed: () => [{ service: 'cart', method: 'DELETE', route: '/apis/carts/{id}', code: '404' }],
  },
  {
    name: 'API path /apis/orders/{reference} (with the API key)',
    get base() { return s.dominique.order; },
    async control() { assert.equal((await api(srv, 'GET', `/apis/orders/${s.dominique.order}`, { token: s.dominique.token })).status, 200); },
    send: (p) => rawOne(srv, { target: `/apis/orders/${segment(p, s.dominique.order)}`, headers: [KEY] }),
    expect: (res, p, label) => assertPathRefused(res, p, label, { page: false }),
    allowed: () => [{ service: 'checkout', method: 'GET', route: '/apis/orders/{reference}', code: '404' }],
  },
  {
    name: 'API header X-Client-Address (POST /apis/auth/token with the API key)',
    base: '198.51.100.9',
    async control() {
      const r = await api(srv, 'POST', '/apis/auth/token', { body: { email: DEMO.email, password: DEMO.password }, headers: { 'X-Client-Address': '198.51.100.9' } });
      assert.equal(r.status, 200);
    },
    send: (p) => rawOne(srv, {
      method: 'POST', target: '/apis/auth/token', headers: [KEY, JSON_TYPE, ['X-Client-Address', headerValue(p, '198.51.100.9')]],
      body: JSON.stringify({ email: DEMO.email, password: DEMO.password }),
    }),
    expect(res, p, label) {
      assert.equal(res.status, 400, `${label}: ${res.body}`);
      assert.ok(!res.body.includes('access_token'), `${label}: no token for a refused request`);
      const body = assertProblem(res, 400, undefined, label);
      if (!/^requête HTTP mal formée/.test(body.detail)) assert.equal(body.errors?.[0]?.field, 'X-Client-Address', label);
    },
    allowed: () => [{ service: 'auth', method: 'POST', route: '/apis/auth/token', code: '400' }],
  },
  {
    name: 'header X-Request-Id (passed on to every service the page calls)',
    notRefused: true,  // replaced, not refused
    base: 'req-id-0001-abcd',
    async control() {
      const echoed = await rawOne(srv, { target: '/panier', headers: [cookieOf(s.web), ['X-Request-Id', 'req-id-0001-abcd']] });
      assert.equal(echoed.header('x-request-id'), 'req-id-0001-abcd');
    },
    send: (p) => rawOne(srv, { target: '/panier', headers: [cookieOf(s.web), ['X-Request-Id', headerValue(p, 'req-id-0001-abcd')]] }),
    // Not refused: replaced by a fresh id unless it is 1-128 of [A-Za-z0-9._-] (then kept as is).
    expect(res, p, label) {
      const sent = headerValue(p, 'req-id-0001-abcd').toString('latin1');
      if (['CR', 'LF', 'NUL'].includes(p.name)) return refusedEarly(res, label);  // the HTTP parser
      assert.equal(res.status, 200, label);
      const id = res.header('x-request-id');
      if (/^[A-Za-z0-9._-]{1,128}$/.test(sent)) assert.equal(id, sent, label);
      else assert.match(id, /^[0-9a-f]{32}$/, `${label}: a fresh request id, not ${JSON.stringify(id)}`);
    },
    allowed: () => [{ ...web('/panier'), method: 'GET', code: '200' }, { service: 'cart', method: 'GET', route: '/apis/carts/{id}', code: '200' },
      { service: 'catalog', method: 'GET', route: '/apis/products/{id}', code: '200' }, { service: 'shipping', method: 'POST', route: '/apis/shipping/quote', code: '200' }],
  },
];

// ---------------------------------------------------------------- the invariants around each case

const victimCarts = () => Promise.all([cartLines(srv, s.victimCart), cartLines(srv, s.victimCustomerCart, s.victim.token)]);

// Right after each case, other shoppers at once: a guest reads their cart and a customer their
// orders through the web shop (whose calls to the services share one connection pool), the demo
// customer reads their profile and that customer their orders through the API, and a forged token
// is refused. Each must get their own answer: a desynchronised connection would hand one shopper's
// answer to another.
async function othersGetTheirOwnAnswers(label) {
  const [cart, orders, me, history, forged] = await Promise.all([
    s.guest.get('/panier'),
    s.dominique.visitor.get('/mes-commandes'),
    api(srv, 'GET', '/apis/customers/me', { key: false, token: s.demoToken }),
    api(srv, 'GET', '/apis/orders/', { key: false, token: s.dominique.token }),
    api(srv, 'GET', '/apis/customers/me', { key: false, token: `${s.demoToken.slice(0, -4)}AAAA` }),
  ]);
  const cartText = pageText(cart.body);
  assert.equal(cart.status, 200, label);
  assert.ok(cartText.includes(CORNER_NAME) && !cartText.includes(SOFA_NAME), `${label}: the guest sees another cart: ${cartText.slice(0, 300)}`);
  assert.match(cart.body, /name="quantity" type="number" min="0" max="99" value="2"/, `${label}: the guest's quantity`);
  assert.equal(orders.status, 200, label);
  assert.ok(orders.body.includes(s.dominique.order) && !orders.body.includes(s.member.order), `${label}: the customer sees other orders`);
  assert.equal(me.status, 200, label);
  assert.equal(me.body.id, DEMO.id, `${label}: the profile of someone else: ${JSON.stringify(me.body)}`);
  assert.equal(history.status, 200, label);
  assert.deepEqual(history.body.items.map((o) => o.reference), [s.dominique.order], `${label}: the order list of someone else`);
  assert.equal(forged.status, 401, `${label}: a forged token: ${JSON.stringify(forged.body)}`);
}

// After the cases of an input, whole journeys: the demo customer logs in through the API and the
// web shop, each time beside someone with a wrong password (401, no token, no session), and the
// guest orders their cart and sees their own confirmation.
async function journeys(label) {
  const [right, wrong] = [new Visitor(srv), new Visitor(srv)];
  const [apiRight, apiWrong, r, w] = await Promise.all([
    api(srv, 'POST', '/apis/auth/token', { key: false, body: { email: DEMO.email, password: DEMO.password } }),
    api(srv, 'POST', '/apis/auth/token', { key: false, body: { email: DEMO.email, password: 'not-the-password-42' } }),
    right.logIn(DEMO.email, DEMO.password),
    wrong.logIn(DEMO.email, 'pas-le-bon-mot-de-passe'),
  ]);
  assert.equal(apiRight.status, 200, `${label}: the demo customer's log-in: ${JSON.stringify(apiRight.body)}`);
  assert.equal(apiRight.body.customer_id, DEMO.id, `${label}: the log-in answered for someone else`);
  assert.equal(claims(apiRight.body.access_token).sub, DEMO.id, label);
  assert.ok(apiRight.body.refresh_token, label);
  assert.equal(apiWrong.status, 401, `${label}: a wrong password: ${JSON.stringify(apiWrong.body)}`);
  assert.equal(apiWrong.body.access_token, undefined, `${label}: a wrong password got a token`);
  assert.equal(apiWrong.body.refresh_token, undefined, label);
  assert.equal(r.status, 303, `${label}: web log-in: ${pageText(r.body).slice(0, 200)}`);
  assert.ok(pageText((await right.get('/')).body).includes('Bonjour Jean'), `${label}: the demo customer is greeted by name`);
  assert.equal(w.status, 401, label);
  assert.ok(pageText(w.body).includes('Courriel ou mot de passe incorrect'), label);
  const after = await wrong.get('/mes-commandes');
  assert.equal(after.status, 303, `${label}: a failed log-in opens nothing`);
  assert.equal(after.location, '/connexion');
  const email = uniqueEmail('invite');
  const ref = await s.guest.placeOrder({ email });
  const page = await s.guest.get(`/commande/${ref}`);
  assert.equal(page.status, 200, label);
  assert.ok(pageText(page.body).includes(email) && pageText(page.body).includes(CORNER_NAME), `${label}: the guest's own confirmation`);
  await s.guest.addToCart(CORNER_SOFA, 2);
  await settle(srv);  // the order's e-mail and shipment are requested after the answer
}

for (const input of INPUTS) {
  test(input.name, async (t) => {
    if (input.control) await t.test('control: the genuine value works', () => input.control());
    for (const p of PAYLOADS) {
      await t.test(p.name, async () => {
        const label = `${input.name} with ${p.name}`;
        const before = { catalogue: await catalogue(srv), carts: await victimCarts(), own: await input.ownState?.() };
        const m0 = await routeCounters(srv);
        const res = await input.send(p);
        const m1 = await routeCounters(srv);
        if (input.notRefused) assert.ok(res.status < 500, `${label}: answered ${res.status}: ${pageText(res.body).slice(0, 300)}`);
        else assert.ok(res.status >= 400 && res.status < 500, `${label}: a clear 4xx, not ${res.status}: ${res.body.slice(0, 300)}`);
        assertNoInjection(res, label);
        input.expect(res, p, label);
        const moves = assertOnlyRoutes(moved(m0, m1), [...input.allowed(p), ...UNROUTED], label);
        input.afterMoves?.(moves, p, label);
        assert.deepEqual(await catalogue(srv), before.catalogue, `${label}: the catalogue changed`);
        assert.deepEqual(await victimCarts(), before.carts, `${label}: another shopper's cart changed`);
        if (input.ownState) assert.deepEqual(await input.ownState(), before.own, `${label}: the cart changed`);
        await othersGetTheirOwnAnswers(label);
      });
    }
    await t.test('then whole journeys through the shop', () => journeys(input.name));
  });
}

// Raw control characters and a whole request in the request line of every route above: the HTTP
// parser refuses the request (one 400 answer, the connection closed), nothing is routed.
test('raw CR, LF, NUL, tab, space and a smuggled request in the request line are refused by the parser', async () => {
  const targets = [`/produits/${SOFA}`, `/commande/${s.dominique.order}`, `/mes-commandes/${s.member.order}`, `/boite-mail/${s.member.mail}`,
    `/apis/products/${SOFA}`, `/apis/carts/${s.victimCart}`, `/apis/orders/${s.dominique.order}`, '/apis/products/promotions/ViveLeDesign'];
  // The smuggled request follows a request line cut short (no HTTP version): a parser that let it
  // through would run a DELETE with the API key.
  const cuts = { CR: '\r', LF: '\n', NUL: '\0', tab: '\t', space: ' ',
    'CRLF + request line': `\r\nDELETE /apis/products/${SOFA} HTTP/1.1\r\nHost: a\r\nX-Api-Key: ${API_KEY}\r\n\r\n` };
  const before = await catalogue(srv);
  const m0 = await routeCounters(srv);
  for (const target of targets) {
    for (const [name, cut] of Object.entries(cuts)) {
      const hostile = target.slice(0, -3) + cut + target.slice(-3);
      const res = await rawOne(srv, { method: 'DELETE', target: hostile, headers: [KEY] });
      const label = `${name} in DELETE ${JSON.stringify(hostile).slice(0, 60)}`;
      assert.equal(res.status, 400, `${label}: ${res.body}`);
      assertNoInjection(res, label);
    }
  }
  assertOnlyRoutes(moved(m0, await routeCounters(srv)), [{ service: 'none', route: 'unmatched', code: '400' }], 'raw request lines');
  assert.deepEqual(await catalogue(srv), before);
  await othersGetTheirOwnAnswers('raw request lines');
});

// A service that answers more than it was asked (a compromised or broken upstream, or the echo of a
// request someone managed to smuggle) must not shift the answers of later calls: the web shop's
// pooled connection to it is closed, never reused, whether the extra bytes come with the answer or
// after it, while the connection waits in the pool.
test('an upstream that sends an extra answer cannot desynchronise the connection pool', async () => {
  const fake = await fakeCatalog();
  const shop = await startServer({ env: { ACCESS_LOG: 'false', PRODUCTCATALOGSERVICE_URL: `http://127.0.0.1:${fake.port}` } });
  try {
    for (const [mode, first, second] of [['with the answer', 'AAAAAAAAA1', 'BBBBBBBBB2'], ['after the answer', 'CCCCCCCCC3', 'DDDDDDDDD4']]) {
      fake.poison = mode;
      const a = await fetch(`${shop.url}/produits/${first}`);
      assert.equal(a.status, 200, mode);
      assert.ok(pageText(await a.text()).includes(`Produit ${first}`), mode);
      await new Promise((r) => setTimeout(r, 150));  // the late extra answer reaches the idle connection
      fake.poison = null;
      const b = await fetch(`${shop.url}/produits/${second}`);
      const text = pageText(await b.text());
      assert.equal(b.status, 200, mode);
      assert.ok(!text.includes('empoisonné'), `${mode}: the next call read the extra answer meant for nobody: ${text.slice(0, 200)}`);
      assert.ok(text.includes(`Produit ${second}`), `${mode}: ${text.slice(0, 200)}`);
      const [r1, r2] = fake.requests.slice(-2);
      assert.deepEqual([r1.target, r2.target], [`/apis/products/${first}`, `/apis/products/${second}`]);
      assert.notEqual(r2.connection, r1.connection, `${mode}: the connection that carried the extra answer was reused`);
    }
  } finally {
    await shop.stop();
    await fake.stop();
  }
});

// A catalogue that answers GET /apis/products/{id} with a made-up product, keeping connections
// alive; with `poison` set, a second, unrequested answer follows the first (in the same write, or
// 30 ms later).
async function fakeCatalog() {
  const sockets = new Set();
  const fake = { requests: [], poison: null, port: 0 };
  const answer = (id, name, cents) => {
    const body = JSON.stringify({ id, name, description: 'Un produit de test', price: { amount: cents, currency: 'EUR' },
      categories: [], images: [], stock: 5 });
    return `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  };
  let connections = 0;
  const server = net.createServer((socket) => {
    const connection = ++connections;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buffer = '';
    socket.on('data', (d) => {
      buffer += d.toString('latin1');
      let end;
      while ((end = buffer.indexOf('\r\n\r\n')) >= 0) {
        const [method, target] = buffer.slice(0, end).split('\r\n')[0].split(' ');
        buffer = buffer.slice(end + 4);
        fake.requests.push({ method, target, connection });
        const id = target.split('/').pop();
        const extra = Buffer.from(answer(id, 'Produit empoisonné', 1), 'utf8');
        const first = Buffer.from(answer(id, `Produit ${id}`, 12300), 'utf8');
        if (fake.poison === 'with the answer') socket.write(Buffer.concat([first, extra]));
        else socket.write(first);
        if (fake.poison === 'after the answer') setTimeout(() => socket.write(extra), 30);
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.port = server.address().port;
  fake.stop = () => new Promise((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()); });
  return fake;
}

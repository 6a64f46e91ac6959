// Who may do what: every resource × every actor × each action, as ONE table (MATRIX below, one row
// per cell: {resource, action, actor, expected}), each cell asserted against the real shop. The same
// table is in docs/security.md (the last test checks it; `PRINT_MATRIX=1 RAPIDTRADE_BIN=... node
// <this file>` prints it as Markdown and runs nothing).
//
// Actors. API: anonymous (nothing), guest (the X-Order-Token of the guest's order: all a guest
// holds), A and B (their Bearer token, no key), key (the service API key alone), key+A / key+B (the
// key with that customer's token: a service acting for them), admin (a token with the admin role;
// the catalogue's writes take a `staff` token alike, tested in tests/e2e/product_photos.test.mjs).
// Web: anonymous (no cookie), key (no cookie, an X-Api-Key header), guest (the session that placed
// the guest order), A, B and admin (logged-in sessions).
//
// Expected cells: a status; "303 /connexion" (a redirect there); "200 [x,y] ![z]": 200, showing
// x and y (their orders, messages, profile) and not z; "login" is the mailbox's invitation to log in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startServer, API_KEY } from '../e2e/server.mjs';
import { api, ADDRESS, CARD, SOFA, CORNER_SOFA, uniqueEmail } from '../e2e/commerce_support.mjs';
import { start as startSmtp } from '../e2e/smtp_sink.mjs';
import { Visitor, pageText, settle, makeAdmin } from './support.mjs';
import { png } from '../e2e/photo_support.mjs';

const NOBODY = 'NOBODY0000000000';  // a customer id no one has
const API_ACTORS = ['anonymous', 'guest', 'A', 'B', 'key', 'key+A', 'key+B', 'admin'];
const WEB_ACTORS = ['anonymous', 'key', 'guest', 'A', 'B', 'admin'];

// One row per (resource, action) written as its cells; expanded into the flat table.
const cells = (resource, action, byActor) =>
  Object.entries(byActor).map(([actor, expected]) => ({ resource, action, actor, expected }));

export const MATRIX = [
  // ------------------------------------------------------------ orders (checkout)
  ...cells("A's order", 'GET /apis/orders/{ref}', {
    anonymous: 404, guest: 404, A: 200, B: 404, key: 404, 'key+A': 200, 'key+B': 404, admin: 200 }),
  ...cells("the guest's order", 'GET /apis/orders/{ref}', {
    anonymous: 404, guest: 200, A: 404, B: 404, key: 404, 'key+A': 404, 'key+B': 404, admin: 200 }),
  // The guest's e-mail address opens nothing (it used to, with the API key).
  ...cells("the guest's order", 'GET /apis/orders/{ref}?email={guest}', {
    anonymous: 404, guest: 200, A: 404, B: 404, key: 404, 'key+A': 404, 'key+B': 404, admin: 200 }),
  ...cells('orders', 'GET /apis/orders/', {
    anonymous: 401, guest: 401, A: '200 [A] ![B,guest]', B: '200 [B] ![A,guest]', key: 401,
    'key+A': '200 [A] ![B,guest]', 'key+B': '200 [B] ![A,guest]', admin: '200 [A,B,guest]' }),
  // The staff's changes and the history (issue 15): a staff or admin token, never the key alone
  // (a change is recorded under a person). The shipment, then the delivery, of A's order; the
  // cancellation of the guest's (refunded, stock back).
  ...cells("A's order", 'GET /apis/orders/{ref}/history', {
    anonymous: 401, guest: 401, A: 403, B: 403, key: 401, 'key+A': 403, 'key+B': 403, admin: 200 }),
  ...cells("A's order", 'POST /apis/orders/{ref}/shipment', {
    anonymous: 401, guest: 401, A: 403, B: 403, key: 401, 'key+A': 403, 'key+B': 403, admin: 200 }),
  ...cells("A's order", 'POST /apis/orders/{ref}/delivery', {
    anonymous: 401, guest: 401, A: 403, B: 403, key: 401, 'key+A': 403, 'key+B': 403, admin: 200 }),
  ...cells("the guest's order", 'POST /apis/orders/{ref}/cancellation', {
    anonymous: 401, guest: 401, A: 403, B: 403, key: 401, 'key+A': 403, 'key+B': 403, admin: 200 }),
  // ------------------------------------------------------------ carts
  ...cells("A's cart", 'GET /apis/carts/{id}', {
    anonymous: 401, guest: 401, A: 401, B: 401, key: 404, 'key+A': 200, 'key+B': 404, admin: 401 }),
  ...cells("A's cart", 'DELETE /apis/carts/{id}', {
    anonymous: 401, guest: 401, A: 401, B: 401, key: 404, 'key+A': 204, 'key+B': 404, admin: 401 }),
  ...cells("A's cart", 'POST /apis/carts/{id}/lines', {
    anonymous: 401, guest: 401, A: 401, B: 401, key: 404, 'key+A': 200, 'key+B': 404, admin: 401 }),
  ...cells("A's cart", "POST /apis/carts/{B's cart}/merge from A's", {
    anonymous: 401, guest: 401, A: 401, B: 401, key: 404, 'key+A': 404, 'key+B': 404, admin: 401 }),
  ...cells('a guest cart', 'GET /apis/carts/{id}', {
    anonymous: 401, guest: 401, A: 401, B: 401, key: 200, 'key+A': 200, 'key+B': 200, admin: 401 }),
  // ------------------------------------------------------------ e-mails
  ...cells('e-mails', 'GET /apis/emails/', {
    anonymous: 401, guest: 401, A: 401, B: 401, key: '200 [A,B,guest]', 'key+A': '200 [A] ![B,guest]',
    'key+B': '200 [B] ![A,guest]', admin: 401 }),
  ...cells('e-mails', "GET /apis/emails/?to={A's address}", {
    anonymous: 401, guest: 401, A: 401, B: 401, key: '200 [A] ![B,guest]', 'key+A': '200 [A] ![B,guest]',
    'key+B': '200 [B] ![A,guest]', admin: 401 }),
  ...cells("A's e-mail", 'GET /apis/emails/{id}', {
    anonymous: 401, guest: 401, A: 401, B: 401, key: 200, 'key+A': 200, 'key+B': 404, admin: 401 }),
  // ------------------------------------------------------------ customers
  ...cells('own profile', 'GET /apis/customers/me', {
    anonymous: 401, guest: 401, A: '200 [A] ![B]', B: '200 [B] ![A]', key: 401, 'key+A': '200 [A] ![B]',
    'key+B': '200 [B] ![A]', admin: 401 }),
  ...cells("A's address", 'GET /apis/customers/me/addresses/{id}', {
    anonymous: 401, guest: 401, A: 200, B: 404, key: 401, 'key+A': 200, 'key+B': 404, admin: 401 }),
  // Services (the key) and the shop's staff (issue 15); a customer's token alone is refused (403).
  ...cells('all customers', 'GET /apis/customers/', {
    anonymous: 401, guest: 401, A: 403, B: 403, key: '200 [A,B]', 'key+A': '200 [A,B]', 'key+B': '200 [A,B]', admin: '200 [A,B]' }),
  ...cells("A's profile", 'GET /apis/customers/{id}', {
    anonymous: 401, guest: 401, A: 403, B: 403, key: 200, 'key+A': 200, 'key+B': 200, admin: 200 }),
  // RGPD (issue 15): the customer's own export; staff export, erase and follow the erasure; the
  // services' parts of an erasure are internal (the key alone: the customers service's retries).
  ...cells("A's data", 'GET /apis/customers/me/export', {
    anonymous: 401, guest: 401, A: '200 [A] ![B,guest]', B: '200 [B] ![A,guest]', key: 401, 'key+A': '200 [A] ![B,guest]',
    'key+B': '200 [B] ![A,guest]', admin: 401 }),
  ...cells("A's data", 'GET /apis/customers/{id}/export', {
    anonymous: 401, guest: 401, A: 403, B: 403, key: 401, 'key+A': 403, 'key+B': 403, admin: '200 [A] ![B,guest]' }),
  ...cells("A's orders", 'GET /apis/orders/customers/{id}', {
    anonymous: 401, guest: 401, A: 403, B: 403, key: 401, 'key+A': 403, 'key+B': 403, admin: '200 [A] ![B,guest]' }),
  ...cells("C's account", 'DELETE /apis/customers/{id}', {
    anonymous: 401, guest: 401, A: 403, B: 403, key: 401, 'key+A': 403, 'key+B': 403, admin: 204 }),
  ...cells("C's erasure", 'GET /apis/customers/{id}/erasure', {
    anonymous: 401, guest: 401, A: 403, B: 403, key: 401, 'key+A': 403, 'key+B': 403, admin: 200 }),
  // What staff did to a customer's record (export, erasure): staff only, never the customer, even
  // about themselves, nor the key alone (who reads is a person).
  ...cells("A's history", 'GET /apis/customers/{id}/history', {
    anonymous: 401, guest: 401, A: 403, B: 403, key: 401, 'key+A': 403, 'key+B': 403, admin: 200 }),
  ...cells("a customer's carts", 'DELETE /apis/carts/customers/{id}', {
    anonymous: 401, guest: 401, A: 401, B: 401, key: 204, 'key+A': 204, 'key+B': 204, admin: 401 }),
  ...cells("a customer's orders", 'DELETE /apis/orders/customers/{id}/personal-data', {
    anonymous: 401, guest: 401, A: 401, B: 401, key: 204, 'key+A': 204, 'key+B': 204, admin: 401 }),
  ...cells("a customer's e-mails", 'DELETE /apis/emails/customers/{id}/personal-data', {
    anonymous: 401, guest: 401, A: 401, B: 401, key: 204, 'key+A': 204, 'key+B': 204, admin: 401 }),
  // ------------------------------------------------------------ catalogue writes
  ...cells('a product', 'PATCH /apis/products/{id}', {
    anonymous: 401, guest: 401, A: 403, B: 403, key: 200, 'key+A': 200, 'key+B': 200, admin: 200 }),
  ...cells('a product', 'DELETE /apis/products/{id}', {
    anonymous: 401, guest: 401, A: 403, B: 403, key: 204, 'key+A': 204, 'key+B': 204, admin: 204 }),
  ...cells('products', 'POST /apis/products/', {
    anonymous: 401, guest: 401, A: 403, B: 403, key: 201, 'key+A': 201, 'key+B': 201, admin: 201 }),
  ...cells("a product's photo", 'PUT /apis/products/{id}/image', {
    anonymous: 401, guest: 401, A: 403, B: 403, key: 200, 'key+A': 200, 'key+B': 200, admin: 200 }),
  ...cells('categories', 'POST /apis/products/categories', {
    anonymous: 401, guest: 401, A: 403, B: 403, key: 201, 'key+A': 201, 'key+B': 201, admin: 201 }),
  // Who changed a product (issue 15): staff only; the key alone writes but reads no history.
  ...cells("a product's history", 'GET /apis/products/{id}/history', {
    anonymous: 401, guest: 401, A: 403, B: 403, key: 401, 'key+A': 403, 'key+B': 403, admin: 200 }),
  ...cells("the categories' history", 'GET /apis/products/categories/history', {
    anonymous: 401, guest: 401, A: 403, B: 403, key: 401, 'key+A': 403, 'key+B': 403, admin: 200 }),
  // ------------------------------------------------------------ payments, shipping (services only)
  ...cells('charges', 'POST /apis/payments/charges', {
    anonymous: 401, guest: 401, A: 401, B: 401, key: 201, 'key+A': 201, 'key+B': 201, admin: 401 }),
  ...cells('a charge', 'GET /apis/payments/charges/{id}', {
    anonymous: 401, guest: 401, A: 401, B: 401, key: 200, 'key+A': 200, 'key+B': 200, admin: 401 }),
  ...cells('a charge', 'POST /apis/payments/charges/{id}/refund', {
    anonymous: 401, guest: 401, A: 401, B: 401, key: 200, 'key+A': 200, 'key+B': 200, admin: 401 }),
  ...cells('shipments', 'POST /apis/shipping/shipments', {
    anonymous: 401, guest: 401, A: 401, B: 401, key: 201, 'key+A': 201, 'key+B': 201, admin: 401 }),
  ...cells('a shipment', 'GET /apis/shipping/shipments/{id}', {
    anonymous: 401, guest: 401, A: 401, B: 401, key: 200, 'key+A': 200, 'key+B': 200, admin: 401 }),
  // Public: the web shop's order page lists them; nothing in it belongs to anyone.
  ...cells('destinations', 'GET /apis/shipping/countries', {
    anonymous: 200, guest: 200, A: 200, B: 200, key: 200, 'key+A': 200, 'key+B': 200, admin: 200 }),
  // ------------------------------------------------------------ an order from someone's cart (last: key+A empties A's cart)
  ...cells("A's cart", "POST /apis/orders/ {cart_id: A's cart}", {
    anonymous: 401, guest: 401, A: 401, B: 401, key: 404, 'key+B': 404, admin: 401, 'key+A': 201 }),
  // ------------------------------------------------------------ web pages
  ...cells('web: my orders', 'GET /mes-commandes', {
    anonymous: '303 /connexion', key: '303 /connexion', guest: '303 /connexion', A: '200 [A] ![B,guest]',
    B: '200 [B] ![A,guest]', admin: '200 ![A,B,guest]' }),
  ...cells("web: A's order", 'GET /mes-commandes/{ref}', {
    anonymous: '303 /connexion', key: '303 /connexion', guest: '303 /connexion', A: 200, B: 404, admin: 200 }),
  ...cells("web: A's order", 'GET /commande/{ref}', { anonymous: 404, key: 404, guest: 404, A: 200, B: 404, admin: 200 }),
  ...cells("web: the guest's order", 'GET /commande/{ref}', { anonymous: 404, key: 404, guest: 200, A: 404, B: 404, admin: 200 }),
  ...cells('web: mailbox', 'GET /boite-mail', {
    anonymous: '200 [login] ![A,B,guest]', key: '200 [login] ![A,B,guest]', guest: '200 [login] ![A,B,guest]',
    A: '200 [A] ![B,guest]', B: '200 [B] ![A,guest]', admin: '200 ![A,B,guest]' }),
  ...cells("web: A's e-mail", 'GET /boite-mail/{id}', { anonymous: 404, key: 404, guest: 404, A: 200, B: 404, admin: 404 }),
  // ------------------------------------------------------------ staff accounts, passwords (auth)
  // Admins only: the API key names no person, and a customer's token is not staff.
  ...cells('staff accounts', 'GET /apis/auth/staff/', {
    anonymous: 401, guest: 401, A: 403, B: 403, key: 401, 'key+A': 403, 'key+B': 403, admin: 200 }),
  ...cells('staff accounts', 'POST /apis/auth/staff/ {a new account}', {
    anonymous: 401, guest: 401, A: 403, B: 403, key: 401, 'key+A': 403, 'key+B': 403, admin: 201 }),
  // The account every refusal aims at stays active (checked after the matrix); the admin disables it.
  ...cells('a staff account', 'DELETE /apis/auth/staff/{id}', {
    anonymous: 401, guest: 401, A: 403, B: 403, key: 401, 'key+A': 403, 'key+B': 403, admin: 204 }),
  // Public: 202 for any address (nothing tells whether it has an account); the token is the proof.
  ...cells('a password reset', 'POST /apis/auth/password-reset {an e-mail}', {
    anonymous: 202, guest: 202, A: 202, B: 202, key: 202, 'key+A': 202, 'key+B': 202, admin: 202 }),
  ...cells('a password reset', 'POST /apis/auth/password-reset/confirm {unknown token}', {
    anonymous: 400, guest: 400, A: 400, B: 400, key: 400, 'key+A': 400, 'key+B': 400, admin: 400 }),
  // Only the token's own account, with its current password: B's or the admin's token changes their
  // own account, where A's password is wrong (400). Last: a change closes A's other sessions.
  ...cells("A's password", "POST /apis/auth/password {current: A's}", {
    anonymous: 401, guest: 401, A: 204, B: 400, key: 401, 'key+A': 204, 'key+B': 400, admin: 400 }),
];

// ---------------------------------------------------------------- the table as Markdown (docs)

const isWeb = (row) => row.resource.startsWith('web:');
function matrixMarkdown() {
  const table = (rows, actors) => {
    const groups = [];
    for (const r of rows) {
      let g = groups.find((x) => x.resource === r.resource && x.action === r.action);
      if (!g) groups.push(g = { resource: r.resource, action: r.action, cells: {} });
      g.cells[r.actor] = String(r.expected);
    }
    const lines = [`| resource | action | ${actors.join(' | ')} |`, `|---|---|${actors.map(() => '---').join('|')}|`];
    for (const g of groups) lines.push(`| ${g.resource} | \`${g.action}\` | ${actors.map((a) => g.cells[a] ?? '·').join(' | ')} |`);
    return lines.join('\n');
  };
  return `${table(MATRIX.filter((r) => !isWeb(r)), API_ACTORS)}\n\n${table(MATRIX.filter(isWeb), WEB_ACTORS)}\n`;
}

if (process.env.PRINT_MATRIX) {
  process.stdout.write(matrixMarkdown());
} else {
  defineTests();
}

function defineTests() {
  let srv;
  const f = {};  // fixtures

  before(async () => {
    srv = await startServer({ env: { ACCESS_LOG: 'false' } });
    for (const id of [SOFA, CORNER_SOFA]) assert.equal((await api(srv, 'PATCH', `/apis/products/${id}`, { body: { stock: 900 } })).status, 200);
    // Customers A and B: each signs up, logs in on the web, orders, and has a cart with a line.
    [f.A, f.B] = [await customer('Alice'), await customer('Bruno')];
    // The guest: an order through the web (the session keeps its token) and one through the API
    // (its access_token), both to the guest's address, and a guest cart.
    f.guest = { email: uniqueEmail('invite'), visitor: new Visitor(srv) };
    await f.guest.visitor.addToCart(SOFA, 1);
    f.guest.webOrder = await f.guest.visitor.placeOrder({ email: f.guest.email });
    const cart = (await api(srv, 'POST', '/apis/carts/')).body.id;
    assert.equal((await api(srv, 'POST', `/apis/carts/${cart}/lines`, { body: { product_id: SOFA, quantity: 1 } })).status, 200);
    const placed = await api(srv, 'POST', '/apis/orders/', { body: { cart_id: cart, email: f.guest.email, shipping_address: ADDRESS, card: CARD } });
    assert.equal(placed.status, 201, JSON.stringify(placed.body));
    f.guest.apiOrder = placed.body.reference;
    f.guest.orderToken = placed.body.access_token;
    f.guestCart = (await api(srv, 'POST', '/apis/carts/')).body.id;
    // C: a customer only for staff to erase (the erasure row), whose profile must survive every refusal.
    const c = { email: uniqueEmail('cecile'), password: 'mot-de-passe-solide-1' };
    const signedUp = await api(srv, 'POST', '/apis/customers/', { key: false, body: { ...c, first_name: 'Cécile', last_name: 'Test' } });
    assert.equal(signedUp.status, 201, JSON.stringify(signedUp.body));
    f.C = { ...c, id: signedUp.body.id };
    // Staff: a credential with the admin role (the auth service's API), logged in on the web too.
    f.admin = await makeAdmin(srv);
    f.admin.visitor = new Visitor(srv);
    assert.equal((await f.admin.visitor.logIn(f.admin.email, f.admin.password)).status, 303);
    // A staff account that every refused DELETE aims at (the admin's disables it).
    const member = await api(srv, 'POST', '/apis/auth/staff/', { key: false, token: f.admin.token,
      body: { email: uniqueEmail('membre'), role: 'staff', password: 'mot-de-passe-membre-1' } });
    assert.equal(member.status, 201, JSON.stringify(member.body));
    f.staffAccount = member.body;
    await settle(srv);  // confirmation e-mails and shipments
    for (const who of [f.A, f.B]) {
      const mails = await api(srv, 'GET', '/apis/emails/', { token: who.token });
      who.mails = mails.body.items.map((m) => m.id);
      assert.equal(who.mails.length, 1, JSON.stringify(mails.body));
    }
    f.guest.mails = (await api(srv, 'GET', `/apis/emails/?to=${encodeURIComponent(f.guest.email)}`)).body.items.map((m) => m.id);
    assert.equal(f.guest.mails.length, 2);
    f.tracking = (await api(srv, 'GET', `/apis/orders/${f.A.order}`, { token: f.A.token })).body.tracking_id;
    assert.ok(f.tracking, 'the shipment of A\'s order');
    const charge = await api(srv, 'POST', '/apis/payments/charges', { body: { amount: { amount: 1000, currency: 'EUR' }, card: CARD } });
    assert.equal(charge.status, 201);
    f.charge = charge.body.id;
    // Products: one every refused write aims at (it must survive), one to delete per allowed actor.
    f.product = await newProduct();
    f.deletable = { key: await newProduct(), 'key+A': await newProduct(), 'key+B': await newProduct(), admin: await newProduct() };
  });

  after(async () => { await srv?.stop(); });

  async function customer(firstName) {
    // Each their own password: one's current password must not be another's (the password change row).
    const c = { email: uniqueEmail(firstName.toLowerCase()), password: `mot-de-passe-${firstName.toLowerCase()}-1`, firstName };
    const r = await api(srv, 'POST', '/apis/customers/', { key: false, body: { email: c.email, password: c.password, first_name: firstName, last_name: 'Test' } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    c.id = r.body.id;
    c.token = (await api(srv, 'POST', '/apis/auth/token', { key: false, body: { email: c.email, password: c.password } })).body.access_token;
    const address = await api(srv, 'POST', '/apis/customers/me/addresses', { key: false, token: c.token, body: ADDRESS });
    assert.equal(address.status, 201, JSON.stringify(address.body));
    c.address = address.body.id;
    c.visitor = new Visitor(srv);
    assert.equal((await c.visitor.logIn(c.email, c.password)).status, 303);
    await c.visitor.addToCart(SOFA, 1);
    c.order = await c.visitor.placeOrder();
    c.cart = (await api(srv, 'POST', '/apis/carts/', { token: c.token })).body.id;
    assert.equal((await api(srv, 'POST', `/apis/carts/${c.cart}/lines`, { token: c.token, body: { product_id: CORNER_SOFA, quantity: 1 } })).status, 200);
    return c;
  }

  let productCount = 0, categoryCount = 0;
  const productId = () => `ZZ${Date.now().toString(36).toUpperCase().slice(-6)}${String(++productCount).padStart(2, '0')}`.slice(0, 10);
  async function newProduct() {
    const id = productId();
    const r = await api(srv, 'POST', '/apis/products/', { body: { id, name: `Produit ${id}`, price: { amount: 1000, currency: 'EUR' }, stock: 3 } });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return id;
  }

  // What each action sends: {method, path, body?}. `actor` picks the product a DELETE aims at.
  const ACTIONS = {
    "A's order|GET /apis/orders/{ref}": () => ({ path: `/apis/orders/${f.A.order}` }),
    "the guest's order|GET /apis/orders/{ref}": () => ({ path: `/apis/orders/${f.guest.apiOrder}` }),
    "the guest's order|GET /apis/orders/{ref}?email={guest}": () => ({ path: `/apis/orders/${f.guest.apiOrder}?email=${encodeURIComponent(f.guest.email)}` }),
    'orders|GET /apis/orders/': () => ({ path: '/apis/orders/?per_page=100' }),
    "A's order|GET /apis/orders/{ref}/history": () => ({ path: `/apis/orders/${f.A.order}/history` }),
    "A's order|POST /apis/orders/{ref}/shipment": () => ({ method: 'POST', path: `/apis/orders/${f.A.order}/shipment`, body: { carrier: 'Colissimo', tracking: '6A12345678901' } }),
    "A's order|POST /apis/orders/{ref}/delivery": () => ({ method: 'POST', path: `/apis/orders/${f.A.order}/delivery` }),
    "the guest's order|POST /apis/orders/{ref}/cancellation": () => ({ method: 'POST', path: `/apis/orders/${f.guest.apiOrder}/cancellation`, body: { reason: 'Annulée à la demande du client' } }),
    "A's cart|GET /apis/carts/{id}": () => ({ path: `/apis/carts/${f.A.cart}` }),
    "A's cart|POST /apis/carts/{id}/lines": () => ({ method: 'POST', path: `/apis/carts/${f.A.cart}/lines`, body: { product_id: CORNER_SOFA, quantity: 1 } }),
    "A's cart|DELETE /apis/carts/{id}": () => ({ method: 'DELETE', path: `/apis/carts/${f.A.cart}` }),
    "A's cart|POST /apis/carts/{B's cart}/merge from A's": () => ({ method: 'POST', path: `/apis/carts/${f.B.cart}/merge`, body: { from_cart_id: f.A.cart } }),
    'a guest cart|GET /apis/carts/{id}': () => ({ path: `/apis/carts/${f.guestCart}` }),
    'e-mails|GET /apis/emails/': () => ({ path: '/apis/emails/?per_page=100' }),
    "e-mails|GET /apis/emails/?to={A's address}": () => ({ path: `/apis/emails/?per_page=100&to=${encodeURIComponent(f.A.email)}` }),
    "A's e-mail|GET /apis/emails/{id}": () => ({ path: `/apis/emails/${f.A.mails[0]}` }),
    'own profile|GET /apis/customers/me': () => ({ path: '/apis/customers/me' }),
    'all customers|GET /apis/customers/': () => ({ path: '/apis/customers/?per_page=100' }),
    "A's profile|GET /apis/customers/{id}": () => ({ path: `/apis/customers/${f.A.id}` }),
    "A's address|GET /apis/customers/me/addresses/{id}": () => ({ path: `/apis/customers/me/addresses/${f.A.address}` }),
    "A's data|GET /apis/customers/me/export": () => ({ path: '/apis/customers/me/export' }),
    "A's data|GET /apis/customers/{id}/export": () => ({ path: `/apis/customers/${f.A.id}/export` }),
    "A's orders|GET /apis/orders/customers/{id}": () => ({ path: `/apis/orders/customers/${f.A.id}` }),
    "C's account|DELETE /apis/customers/{id}": () => ({ method: 'DELETE', path: `/apis/customers/${f.C.id}` }),
    "C's erasure|GET /apis/customers/{id}/erasure": () => ({ path: `/apis/customers/${f.C.id}/erasure` }),
    "A's history|GET /apis/customers/{id}/history": () => ({ path: `/apis/customers/${f.A.id}/history` }),
    // A customer who never was: these answer 204 whether there was anything (they are retried).
    "a customer's carts|DELETE /apis/carts/customers/{id}": () => ({ method: 'DELETE', path: `/apis/carts/customers/${NOBODY}` }),
    "a customer's orders|DELETE /apis/orders/customers/{id}/personal-data": () => ({ method: 'DELETE', path: `/apis/orders/customers/${NOBODY}/personal-data` }),
    "a customer's e-mails|DELETE /apis/emails/customers/{id}/personal-data": () => ({ method: 'DELETE', path: `/apis/emails/customers/${NOBODY}/personal-data` }),
    "a product's history|GET /apis/products/{id}/history": () => ({ path: `/apis/products/${f.product}/history` }),
    "the categories' history|GET /apis/products/categories/history": () => ({ path: '/apis/products/categories/history' }),
    'a product|PATCH /apis/products/{id}': () => ({ method: 'PATCH', path: `/apis/products/${f.product}`, body: { stock: 3 } }),
    'a product|DELETE /apis/products/{id}': (actor) => ({ method: 'DELETE', path: `/apis/products/${f.deletable[actor] ?? f.product}` }),
    'products|POST /apis/products/': () => {
      const id = productId();
      return { method: 'POST', path: '/apis/products/', body: { id, name: `Produit ${id}`, price: { amount: 500, currency: 'EUR' }, stock: 1 } };
    },
    "a product's photo|PUT /apis/products/{id}/image": () => ({ method: 'PUT', path: `/apis/products/${f.product}/image`, raw: png(), type: 'image/png' }),
    'categories|POST /apis/products/categories': () => ({ method: 'POST', path: '/apis/products/categories', body: { slug: `matrice-${++categoryCount}-${Date.now().toString(36)}`, name: 'Matrice' } }),
    'charges|POST /apis/payments/charges': () => ({ method: 'POST', path: '/apis/payments/charges', body: { amount: { amount: 700, currency: 'EUR' }, card: CARD } }),
    'a charge|GET /apis/payments/charges/{id}': () => ({ path: `/apis/payments/charges/${f.charge}` }),
    'a charge|POST /apis/payments/charges/{id}/refund': () => ({ method: 'POST', path: `/apis/payments/charges/${f.charge}/refund` }),
    'shipments|POST /apis/shipping/shipments': () => ({ method: 'POST', path: '/apis/shipping/shipments', body: { order_reference: `MATRIX${Date.now()}`, address: ADDRESS } }),
    'a shipment|GET /apis/shipping/shipments/{id}': () => ({ path: `/apis/shipping/shipments/${f.tracking}` }),
    'destinations|GET /apis/shipping/countries': () => ({ path: '/apis/shipping/countries' }),
    "A's cart|POST /apis/orders/ {cart_id: A's cart}": () => ({ method: 'POST', path: '/apis/orders/', body: { cart_id: f.A.cart, email: f.A.email, shipping_address: ADDRESS, card: CARD } }),
    'web: my orders|GET /mes-commandes': () => ({ path: '/mes-commandes' }),
    "web: A's order|GET /mes-commandes/{ref}": () => ({ path: `/mes-commandes/${f.A.order}` }),
    "web: A's order|GET /commande/{ref}": () => ({ path: `/commande/${f.A.order}` }),
    "web: the guest's order|GET /commande/{ref}": () => ({ path: `/commande/${f.guest.webOrder}` }),
    'web: mailbox|GET /boite-mail': () => ({ path: '/boite-mail' }),
    "web: A's e-mail|GET /boite-mail/{id}": () => ({ path: `/boite-mail/${f.A.mails[0]}` }),
    'staff accounts|GET /apis/auth/staff/': () => ({ path: '/apis/auth/staff/' }),
    'staff accounts|POST /apis/auth/staff/ {a new account}': () => ({ method: 'POST', path: '/apis/auth/staff/', body: { email: uniqueEmail('matrice-equipe'), role: 'staff', password: 'mot-de-passe-equipe-1' } }),
    'a staff account|DELETE /apis/auth/staff/{id}': () => ({ method: 'DELETE', path: `/apis/auth/staff/${f.staffAccount.id}` }),
    'a password reset|POST /apis/auth/password-reset {an e-mail}': () => ({ method: 'POST', path: '/apis/auth/password-reset', body: { email: uniqueEmail('reset') } }),
    'a password reset|POST /apis/auth/password-reset/confirm {unknown token}': () => ({ method: 'POST', path: '/apis/auth/password-reset/confirm', body: { token: 'A'.repeat(43), password: 'nouveau-mot-de-passe' } }),
    "A's password|POST /apis/auth/password {current: A's}": () => ({ method: 'POST', path: '/apis/auth/password', body: { current: f.A.password, new: f.A.password } }),
  };

  // What "[A]" means in each resource's answer: the strings that show A's data there.
  function markers(row, who) {
    if (who === 'login') return ['Connectez-vous pour voir les courriels'];
    const person = { A: f.A, B: f.B }[who];
    if (/e-mail|mailbox/.test(row.resource)) return who === 'guest' ? f.guest.mails : person.mails;
    if (/profile|customers/.test(row.resource)) return [person.email];
    return who === 'guest' ? [f.guest.webOrder, f.guest.apiOrder] : [person.order];  // orders
  }

  // The credentials of an API actor.
  function apiHeaders(actor) {
    const h = {};
    if (actor === 'anonymous') return h;
    if (actor.startsWith('key')) h['X-Api-Key'] = API_KEY;
    const who = actor.replace(/^key\+?/, '');
    if (who === 'guest') h['X-Order-Token'] = f.guest.orderToken;
    else if (who === 'admin') h.Authorization = `Bearer ${f.admin.token}`;
    else if (who) h.Authorization = `Bearer ${f[who].token}`;
    return h;
  }

  // The browser of a web actor.
  function visitorOf(actor) {
    switch (actor) {
      case 'anonymous': return new Visitor(srv);
      case 'key': return new Visitor(srv, { headers: { 'X-Api-Key': API_KEY } });
      case 'guest': return f.guest.visitor;
      case 'admin': return f.admin.visitor;
      default: return f[actor].visitor;
    }
  }

  function parseExpected(expected) {
    const text = String(expected);
    const m = /^(\d{3})(?: (\/\S+))?(?: \[([^\]]*)\])?(?: !\[([^\]]*)\])?$/.exec(text);
    assert.ok(m, `bad cell ${text}`);
    const list = (s) => (s ? s.split(',') : []);
    return { status: Number(m[1]), location: m[2], shows: list(m[3]), hides: list(m[4]) };
  }

  test('authorization matrix: every cell', async (t) => {
    for (const row of MATRIX) {
      await t.test(`${row.resource} — ${row.action} — ${row.actor}`, async () => {
        const action = ACTIONS[`${row.resource}|${row.action}`];
        assert.ok(action, `no request for ${row.resource} | ${row.action}`);
        const { method = 'GET', path, body, raw, type } = action(row.actor);
        const want = parseExpected(row.expected);
        let status, text, location;
        if (isWeb(row)) {
          const r = await visitorOf(row.actor).request(method, path);
          ({ status, location } = r);
          text = r.body;
        } else {
          const headers = apiHeaders(row.actor);
          if (body !== undefined || raw !== undefined) headers['Content-Type'] = type ?? 'application/json';
          const r = await fetch(srv.url + path, { method, headers, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)), redirect: 'manual' });
          status = r.status;
          text = await r.text();
        }
        const cell = `${row.actor} on ${row.resource} (${row.action})`;
        const leak = want.status >= 400 && status < 300 ? ' — SECURITY: this actor must not reach this resource' : '';
        assert.equal(status, want.status, `${cell}: expected ${want.status}, got ${status}${leak}: ${pageText(text).slice(0, 200)}`);
        if (want.location) assert.equal(location, want.location, cell);
        for (const who of want.shows) for (const m of markers(row, who)) assert.ok(text.includes(m), `${cell}: should show ${who}'s ${m}`);
        for (const who of want.hides) {
          for (const m of markers(row, who)) assert.ok(!text.includes(m), `${cell}: SECURITY: shows ${who}'s ${m}, which is not theirs`);
        }
      });
    }
    // Refused writes changed nothing: the product they aimed at is still there, with its stock.
    const p = await api(srv, 'GET', `/apis/products/${f.product}`, { key: false });
    assert.equal(p.status, 200);
    assert.equal(p.body.stock, 3);
    for (const id of Object.values(f.deletable)) assert.equal((await api(srv, 'GET', `/apis/products/${id}`, { key: false })).status, 404);
    // Staff accounts: the one allowed POST added one account (by the admin); the member was disabled
    // once, by the admin, and every refused DELETE before left it active (no second author).
    const staff = (await api(srv, 'GET', '/apis/auth/staff/', { key: false, token: f.admin.token })).body.items;
    const added = staff.filter((s) => s.email.startsWith('matrice-equipe'));
    assert.equal(added.length, 1, JSON.stringify(added));
    assert.equal(added[0].created_by, f.admin.email);
    const member = staff.find((s) => s.id === f.staffAccount.id);
    assert.equal(member.state, 'disabled');
    assert.equal(member.disabled_by, f.admin.email);
    // C survived every refused erasure (the admin's answered 204, not 404) and is gone after it.
    assert.equal((await api(srv, 'GET', `/apis/customers/${f.C.id}`)).status, 404);
    assert.equal((await api(srv, 'POST', '/apis/auth/token', { key: false, body: { email: f.C.email, password: f.C.password } })).status, 401);
  });

  test('every action of the matrix has a request, and every request a cell', () => {
    const used = new Set(MATRIX.map((r) => `${r.resource}|${r.action}`));
    assert.deepEqual([...used].filter((k) => !ACTIONS[k]), []);
    assert.deepEqual(Object.keys(ACTIONS).filter((k) => !used.has(k)), []);
    for (const r of MATRIX) assert.ok((isWeb(r) ? WEB_ACTORS : API_ACTORS).includes(r.actor), `unknown actor ${r.actor}`);
    // Every actor, for every resource and action: no cell left out.
    for (const key of used) {
      const rows = MATRIX.filter((r) => `${r.resource}|${r.action}` === key);
      assert.deepEqual(rows.map((r) => r.actor).sort(), [...(isWeb(rows[0]) ? WEB_ACTORS : API_ACTORS)].sort(), key);
    }
  });

  // An address is never verified, so it proves nothing: a customer's mailbox shows the mail sent for
  // their account (their orders), never the mail sent to their address. Found by this suite: whoever
  // opened an account with a guest's address read the guest's confirmations (name, street, city,
  // order, card brand and last 4 digits).
  test('an account opened later with a guest\'s e-mail address does not read that guest\'s earlier mail', async () => {
    const squatter = { email: f.guest.email, password: 'mot-de-passe-squat-1' };
    const r = await api(srv, 'POST', '/apis/customers/', { key: false, body: { ...squatter, first_name: 'Eve', last_name: 'Test' } });
    assert.equal(r.status, 201, 'the guest\'s address was free to register');
    const eve = new Visitor(srv);
    assert.equal((await eve.logIn(squatter.email, squatter.password)).status, 303);
    const page = await eve.get('/boite-mail');
    assert.equal(page.status, 200);
    for (const ref of [f.guest.webOrder, f.guest.apiOrder]) {
      assert.ok(!page.body.includes(ref), `SECURITY: an account opened after the fact with the guest's address (${squatter.email}) reads the guest's order confirmation ${ref} at /boite-mail (GET /apis/emails/ with its token answers every message ever sent to that address)`);
    }
  });

  test('the mailbox: MAILBOX_SHOW_ALL=true shows everyone\'s mail and says it is a demonstration; with SMTP_URL there is none', async () => {
    const sink = await startSmtp();
    const [demo, smtp] = await Promise.all([
      startServer({ env: { ACCESS_LOG: 'false', MAILBOX_SHOW_ALL: 'true' } }),
      startServer({ env: { ACCESS_LOG: 'false', SMTP_URL: `smtp://127.0.0.1:${sink.port}`, SMTP_TLS: 'none' } }),
    ]);
    try {
      const guest = new Visitor(demo);
      await guest.addToCart(SOFA, 1);
      const ref = await guest.placeOrder({ email: uniqueEmail('demo') });
      await settle(demo);
      const page = await new Visitor(demo).get('/boite-mail');
      assert.equal(page.status, 200);
      assert.ok(pageText(page.body).includes('Démonstration'), 'the demo mode says so');
      assert.ok(page.body.includes(ref), 'and shows anyone the mail of everyone');
      const off = await new Visitor(smtp).get('/boite-mail');
      assert.equal(off.status, 404, 'with SMTP_URL the mail leaves by SMTP: no local mailbox');
      assert.ok(!off.body.includes('href="/boite-mail"'), 'nor a link to it');
    } finally {
      await Promise.all([demo.stop(), smtp.stop(), sink.stop()]);
    }
  });

  test('docs/security.md carries this very matrix', () => {
    const doc = readFileSync(fileURLToPath(new URL('../../docs/security.md', import.meta.url)), 'utf8');
    const table = matrixMarkdown();
    assert.ok(doc.includes(table), `docs/security.md must hold the matrix as generated from MATRIX (PRINT_MATRIX=1 RAPIDTRADE_BIN=build/release/src/rapidtrade node tests/security/authorization_matrix.test.mjs):\n${table}`);
  });
}

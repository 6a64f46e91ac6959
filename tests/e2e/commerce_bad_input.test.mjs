// Bad input on every commerce endpoint: each gets its problem+json answer naming the field, nothing
// changes, and the server keeps serving.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, API_KEY } from './server.mjs';
import { CARD, eur } from './commerce_support.mjs';

const DEMO = { email: 'jean.rault@example.fr', password: 'EDesign-Demo-2026' };
const ADDRESS = { full_name: 'Camille Martin', street: '12 rue des Lilas', city: 'Lyon', postal_code: '69003', country: 'FR' };
const SOFA = 'OPUK6V6EV0';
const NO_SUCH_CART = 'NOSUCHCART00000000000000';

let server;
before(async () => {
  server = await startServer();
  const r = await api('PATCH', `/apis/products/${SOFA}`, { body: { stock: 20 } });
  assert.equal(r.status, 200);
});
after(async () => { await server?.stop(); });
afterEach(async () => {
  const res = await fetch(server.url + `/apis/products/${SOFA}`);
  assert.equal(res.status, 200, 'the server must still serve after bad input');
});

// ---------------------------------------------------------------- helpers


async function api(method, path, { body, raw, token, key = true, headers = {} } = {}) {
  const h = { ...headers };
  if (key) h['X-Api-Key'] = API_KEY;
  if (token) h.Authorization = `Bearer ${token}`;
  if (body !== undefined || raw !== undefined) h['Content-Type'] ??= 'application/json';
  const res = await fetch(server.url + path, { method, headers: h, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
  const text = await res.text();
  let parsed = text;
  try { parsed = text ? JSON.parse(text) : null; } catch { /* keep the text */ }
  return { status: res.status, headers: res.headers, body: parsed };
}

// `field`: a name that must be among errors[].field (a RegExp matches any of them).
function expectProblem(r, status, field, what = '') {
  const ctx = `${what} → ${r.status} ${JSON.stringify(r.body)}`;
  assert.equal(r.status, status, ctx);
  assert.match(r.headers.get('content-type') ?? '', /^application\/problem\+json/, ctx);
  assert.equal(r.body.status, status, ctx);
  assert.ok(r.body.type && r.body.title && r.body.detail, ctx);
  assert.doesNotMatch(JSON.stringify(r.body), /exception|stack|\.cpp/i, ctx);
  if (field) {
    const fields = (r.body.errors ?? []).map((e) => e.field);
    const ok = field instanceof RegExp ? fields.some((f) => field.test(f)) : fields.includes(field);
    assert.ok(ok, `expected field ${field}: ${ctx}`);
  }
  return r.body;
}

async function newCart(token) {
  const r = await api('POST', '/apis/carts/', { token });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

async function cartWith(productId = SOFA, quantity = 1, token) {
  const cart = await newCart(token);
  const r = await api('POST', `/apis/carts/${cart.id}/lines`, { body: { product_id: productId, quantity }, token });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

const linesOf = async (cartId, token) =>
  (await api('GET', `/apis/carts/${cartId}`, { token })).body.lines.map((l) => [l.product_id, l.quantity]).sort();

const BAD_QUANTITIES = [-1, 0, 100, 1e9, 2 ** 63, '2', 1.5, null, true];

// ---------------------------------------------------------------- carts

test('cart routes need the API key', async () => {
  const cart = await cartWith();
  const calls = [
    ['POST', '/apis/carts/'],
    ['GET', `/apis/carts/${cart.id}`],
    ['POST', `/apis/carts/${cart.id}/lines`, { product_id: SOFA, quantity: 1 }],
    ['PATCH', `/apis/carts/${cart.id}/lines/${SOFA}`, { quantity: 2 }],
    ['DELETE', `/apis/carts/${cart.id}/lines/${SOFA}`],
    ['DELETE', `/apis/carts/${cart.id}`],
    ['POST', `/apis/carts/${cart.id}/merge`, { from_cart_id: cart.id }],
  ];
  for (const [method, path, body] of calls) {
    expectProblem(await api(method, path, { body, key: false }), 401, undefined, `${method} ${path} without key`);
    expectProblem(await api(method, path, { body, headers: { 'X-Api-Key': 'wrong-key' }, key: false }), 401, undefined, `${method} ${path} wrong key`);
  }
  assert.deepEqual(await linesOf(cart.id), [[SOFA, 1]], 'nothing changed');
});

test('adding a line: quantity must be a whole number from 1 to 99', async () => {
  const cart = await newCart();
  for (const quantity of BAD_QUANTITIES) {
    const r = await api('POST', `/apis/carts/${cart.id}/lines`, { body: { product_id: SOFA, quantity } });
    expectProblem(r, 400, 'quantity', `quantity ${JSON.stringify(quantity)}`);
  }
  expectProblem(await api('POST', `/apis/carts/${cart.id}/lines`, { body: { product_id: SOFA } }), 400, 'quantity', 'no quantity');
  expectProblem(await api('POST', `/apis/carts/${cart.id}/lines`, { body: { quantity: 1 } }), 400, 'product_id', 'no product_id');
  expectProblem(await api('POST', `/apis/carts/${cart.id}/lines`, { body: { product_id: 42, quantity: 1 } }), 400, 'product_id', 'numeric product_id');
  assert.deepEqual(await linesOf(cart.id), []);
  // 99 is allowed (stock permitting).
  await api('PATCH', `/apis/products/${SOFA}`, { body: { stock: 150 } });
  assert.equal((await api('POST', `/apis/carts/${cart.id}/lines`, { body: { product_id: SOFA, quantity: 99 } })).status, 200);
  await api('PATCH', `/apis/products/${SOFA}`, { body: { stock: 20 } });
});

test('unknown product and unknown cart are 404s', async () => {
  const cart = await newCart();
  expectProblem(await api('POST', `/apis/carts/${cart.id}/lines`, { body: { product_id: 'ZZZZZZZZZZ', quantity: 1 } }), 404);
  expectProblem(await api('GET', `/apis/carts/${NO_SUCH_CART}`), 404);
  expectProblem(await api('POST', `/apis/carts/${NO_SUCH_CART}/lines`, { body: { product_id: SOFA, quantity: 1 } }), 404);
  expectProblem(await api('PATCH', `/apis/carts/${NO_SUCH_CART}/lines/${SOFA}`, { body: { quantity: 1 } }), 404);
  expectProblem(await api('DELETE', `/apis/carts/${NO_SUCH_CART}/lines/${SOFA}`), 404);
  expectProblem(await api('DELETE', `/apis/carts/${NO_SUCH_CART}`), 404);
  expectProblem(await api('POST', `/apis/carts/${NO_SUCH_CART}/merge`, { body: { from_cart_id: cart.id } }), 404);
  expectProblem(await api('POST', `/apis/carts/${cart.id}/merge`, { body: { from_cart_id: NO_SUCH_CART } }), 404);
});

test('changing a line: quantity must be a whole number from 0 to 99', async () => {
  const cart = await cartWith(SOFA, 2);
  for (const quantity of [-1, 100, 1e9, '2', 1.5, null]) {
    const r = await api('PATCH', `/apis/carts/${cart.id}/lines/${SOFA}`, { body: { quantity } });
    expectProblem(r, 400, 'quantity', `quantity ${JSON.stringify(quantity)}`);
  }
  expectProblem(await api('PATCH', `/apis/carts/${cart.id}/lines/${SOFA}`, { body: {} }), 400, 'quantity');
  assert.deepEqual(await linesOf(cart.id), [[SOFA, 2]]);
});

test('merge needs from_cart_id', async () => {
  const cart = await cartWith();
  expectProblem(await api('POST', `/apis/carts/${cart.id}/merge`, { body: {} }), 400, 'from_cart_id');
  expectProblem(await api('POST', `/apis/carts/${cart.id}/merge`, { body: { from_cart_id: 7 } }), 400, 'from_cart_id');
  assert.deepEqual(await linesOf(cart.id), [[SOFA, 1]]);
});

test('malformed JSON is a 400 on every commerce body', async () => {
  const cart = await cartWith();
  const paths = [
    ['POST', `/apis/carts/${cart.id}/lines`],
    ['PATCH', `/apis/carts/${cart.id}/lines/${SOFA}`],
    ['POST', `/apis/carts/${cart.id}/merge`],
    ['POST', '/apis/shipping/quote'],
    ['POST', '/apis/payments/charges'],
    ['POST', '/apis/orders/'],
  ];
  for (const [method, path] of paths) {
    expectProblem(await api(method, path, { raw: '{"quantity": 1,' }), 400, 'body', `${method} ${path} malformed`);
    expectProblem(await api(method, path, { raw: '[1, 2]' }), 400, 'body', `${method} ${path} array`);
  }
  assert.deepEqual(await linesOf(cart.id), [[SOFA, 1]]);
});

// ---------------------------------------------------------------- shipping

test('a shipping quote needs a whole address', async () => {
  expectProblem(await api('POST', '/apis/shipping/quote', { body: {} }), 400, 'address');
  const { city, ...noCity } = ADDRESS;
  expectProblem(await api('POST', '/apis/shipping/quote', { body: { address: noCity } }), 400, 'address.city');
  expectProblem(await api('POST', '/apis/shipping/quote', { body: { address: { ...ADDRESS, country: 'JP' } } }), 422, 'address.country');
});

// ---------------------------------------------------------------- payments

test('payments need the API key', async () => {
  expectProblem(await api('POST', '/apis/payments/charges', { body: { amount: eur(1000), card: CARD }, key: false }), 401);
  const ok = await api('POST', '/apis/payments/charges', { body: { amount: eur(1000), card: CARD } });
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  expectProblem(await api('POST', `/apis/payments/charges/${ok.body.id}/refund`, { key: false }), 401);
  expectProblem(await api('GET', '/apis/payments/charges?idempotency_key=order-1', { key: false }), 401);
});

test('looking a charge up by Idempotency-Key needs the key, of at most 128 characters', async () => {
  expectProblem(await api('GET', '/apis/payments/charges'), 400, 'idempotency_key');
  expectProblem(await api('GET', '/apis/payments/charges?idempotency_key='), 400, 'idempotency_key');
  expectProblem(await api('GET', `/apis/payments/charges?idempotency_key=${'k'.repeat(129)}`), 400, 'idempotency_key');
});

test('malformed card fields are 400s naming card.<field>', async () => {
  const { holder, ...noHolder } = CARD;
  const { cvv, ...noCvv } = CARD;
  const cases = [
    [{ ...CARD, number: 4556426261628918 }, 'card.number'],
    [{ ...CARD, number: null }, 'card.number'],
    [{ ...CARD, exp_month: 13 }, 'card.exp_month'],
    [{ ...CARD, exp_month: 0 }, 'card.exp_month'],
    [{ ...CARD, exp_month: '02' }, 'card.exp_month'],
    [{ ...CARD, exp_year: '2028' }, 'card.exp_year'],
    [{ ...CARD, cvv: 229 }, 'card.cvv'],
    [noHolder, 'card.holder'],
    [{ ...CARD, holder: '' }, 'card.holder'],
    [noCvv, 'card.cvv'],
  ];
  for (const [card, field] of cases) {
    const r = await api('POST', '/apis/payments/charges', { body: { amount: eur(1000), card } });
    expectProblem(r, 400, field, JSON.stringify(card));
  }
  expectProblem(await api('POST', '/apis/payments/charges', { body: { amount: eur(1000) } }), 400, 'card');
  expectProblem(await api('POST', '/apis/payments/charges', { body: { amount: eur(1000), card: 'visa' } }), 400, 'card');
});

test('a charge needs a positive amount', async () => {
  for (const amount of [eur(0), eur(-500), eur(12.5), undefined]) {
    const r = await api('POST', '/apis/payments/charges', { body: { amount, card: CARD } });
    expectProblem(r, 400, /^amount/, `amount ${JSON.stringify(amount)}`);
  }
});

// ---------------------------------------------------------------- orders

const order = (body, { token, key = true } = {}) => api('POST', '/apis/orders/', {
  body: { email: 'bad.input@example.test', shipping_address: ADDRESS, card: CARD, ...body }, token, key,
});

test('an order needs the API key', async () => {
  const cart = await cartWith();
  expectProblem(await order({ cart_id: cart.id }, { key: false }), 401);
  assert.deepEqual(await linesOf(cart.id), [[SOFA, 1]]);
});

test('order fields are checked and named', async () => {
  const cart = await cartWith();
  const { city, ...noCity } = ADDRESS;
  const cases = [
    [{ cart_id: undefined }, 'cart_id'],
    [{ cart_id: 12 }, 'cart_id'],
    [{ email: 'not-an-e-mail' }, 'email'],
    [{ email: undefined }, 'email'],
    [{ shipping_address: undefined }, 'shipping_address'],
    [{ shipping_address: noCity }, 'shipping_address.city'],
    [{ card: undefined }, 'card'],
    [{ card: { ...CARD, number: 4556426261628918 } }, 'card.number'],
    [{ card: { ...CARD, exp_month: 13 } }, 'card.exp_month'],
    [{ promo_code: 42 }, 'promo_code'],
  ];
  for (const [change, field] of cases) {
    const r = await order({ cart_id: cart.id, ...change });
    expectProblem(r, 400, field, JSON.stringify(change));
  }
  assert.deepEqual(await linesOf(cart.id), [[SOFA, 1]], 'nothing changed');
});

test('unknown cart 404, empty cart 422, country not served 422', async () => {
  expectProblem(await order({ cart_id: NO_SUCH_CART }), 404);
  const empty = await newCart();
  expectProblem(await order({ cart_id: empty.id }), 422);
  const cart = await cartWith();
  expectProblem(await order({ cart_id: cart.id, shipping_address: { ...ADDRESS, country: 'JP' } }), 422, /country$/);
  assert.deepEqual(await linesOf(cart.id), [[SOFA, 1]]);
});

test('the promo code: refused for a guest, unknown codes refused', async () => {
  const stockBefore = (await api('GET', `/apis/products/${SOFA}`)).body.stock;
  const guestCart = await cartWith();
  expectProblem(await order({ cart_id: guestCart.id, promo_code: 'ViveLeDesign' }), 422, 'promo_code');
  expectProblem(await order({ cart_id: guestCart.id, promo_code: 'PAS-UN-CODE' }), 422, 'promo_code');

  const login = await api('POST', '/apis/auth/token', { key: false, body: DEMO });
  const token = login.body.access_token;
  const cart = await cartWith(SOFA, 1, token);
  expectProblem(await order({ cart_id: cart.id, email: DEMO.email, promo_code: 'VIVE-LE-DESIGN' }, { token }), 422, 'promo_code');
  assert.deepEqual(await linesOf(guestCart.id), [[SOFA, 1]]);
  assert.deepEqual(await linesOf(cart.id, token), [[SOFA, 1]]);
  assert.equal((await api('GET', `/apis/products/${SOFA}`)).body.stock, stockBefore);
});

test('out of stock at order time is a 422 and nothing is charged or taken', async () => {
  const created = await api('POST', '/apis/products/', {
    body: { name: 'Console Rupture', description: 'Console', price: eur(30000), stock: 2, categories: ['salon'] },
  });
  assert.equal(created.status, 201);
  const id = created.body.id;
  const cart = await cartWith(id, 2);
  assert.equal((await api('PATCH', `/apis/products/${id}`, { body: { stock: 1 } })).status, 200);
  expectProblem(await order({ cart_id: cart.id }), 422);
  assert.equal((await api('GET', `/apis/products/${id}`)).body.stock, 1);
  assert.deepEqual(await linesOf(cart.id), [[id, 2]]);
});

test('order lookups: unknown reference 404, the list needs a customer token, e-mails need the key', async () => {
  expectProblem(await api('GET', '/apis/orders/0000000000000'), 404);
  expectProblem(await api('GET', '/apis/orders/not-a-reference?email=a%40b.fr', { key: false }), 404);
  expectProblem(await api('GET', '/apis/orders/', { key: false }), 401);
  expectProblem(await api('GET', '/apis/orders/', { key: false, token: 'not.a.token' }), 401);
  expectProblem(await api('GET', '/apis/emails/?to=a%40b.fr', { key: false }), 401);
  expectProblem(await api('GET', '/apis/emails/?to=a%40b.fr', { key: false, headers: { 'X-Api-Key': 'wrong-key' } }), 401);
});

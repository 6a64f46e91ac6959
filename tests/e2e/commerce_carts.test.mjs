// Carts, shipping quotes and payments through the real binary: what a client of each sees.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { api, expectProblem, eur, CARD, DEMO } from './commerce_support.mjs';

const ADDRESS = { full_name: 'Camille Martin', street: '12 rue des Lilas', city: 'Lyon', postal_code: '69003', country: 'FR' };
const SOFA = 'OPUK6V6EV0';        // 899,00 €
const CORNER_SOFA = '1YMWVN1N4O'; // 1 099,00 €

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

// ---------------------------------------------------------------- helpers




async function setProduct(id, patch) {
  const r = await api(server, 'PATCH', `/apis/products/${id}`, { body: patch });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

async function newCart(token) {
  const r = await api(server, 'POST', '/apis/carts/', { token });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

const addLine = (cartId, product_id, quantity, token) =>
  api(server, 'POST', `/apis/carts/${cartId}/lines`, { body: { product_id, quantity }, token });
const getCart = (cartId, token) => api(server, 'GET', `/apis/carts/${cartId}`, { token });
const linesOf = (cart) => cart.lines.map((l) => [l.product_id, l.quantity]).sort();

async function createProduct(amount, stock) {
  const r = await api(server, 'POST', '/apis/products/', {
    body: { name: `Tabouret Test ${Date.now()}`, description: 'Tabouret', price: eur(amount), stock, categories: ['salon'] },
  });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body.id;
}

const charge = (body, headers = {}) => api(server, 'POST', '/apis/payments/charges', { body, headers });

// ---------------------------------------------------------------- carts

test('a new guest cart is empty; a customer\'s cart carries the customer id', async () => {
  const r = await api(server, 'POST', '/apis/carts/');
  assert.equal(r.status, 201);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  assert.ok(typeof r.body.id === 'string' && r.body.id.length > 0);
  assert.equal(r.body.customer_id, null);
  assert.deepEqual(r.body.lines, []);
  assert.deepEqual(r.body.subtotal, eur(0));
  assert.equal(r.body.item_count, 0);
  const again = await getCart(r.body.id);
  assert.equal(again.status, 200);
  assert.equal(again.body.id, r.body.id);
  assert.deepEqual(again.body.lines, []);

  const login = await api(server, 'POST', '/apis/auth/token', { key: false, body: { email: DEMO.email, password: DEMO.password } });
  assert.equal(login.status, 200);
  const mine = await newCart(login.body.access_token);
  assert.equal(mine.customer_id, DEMO.id);
  assert.notEqual(mine.id, r.body.id);
  // The API key says which service calls, not for whom: a customer's cart needs their token.
  assert.equal((await getCart(mine.id, login.body.access_token)).status, 200);
  expectProblem(await getCart(mine.id), 404);
  expectProblem(await addLine(mine.id, SOFA, 1), 404);
  const other = await api(server, 'POST', '/apis/customers/', {
    key: false, body: { email: `other.${process.pid}.${Date.now()}@example.test`, password: 'motdepasse-autre-1', first_name: 'Paul', last_name: 'Roux' },
  });
  const otherLogin = await api(server, 'POST', '/apis/auth/token', { key: false, body: { email: other.body.email, password: 'motdepasse-autre-1' } });
  expectProblem(await getCart(mine.id, otherLogin.body.access_token), 404);
  assert.deepEqual((await getCart(mine.id, login.body.access_token)).body.lines, mine.lines, 'nothing was added');
});

test('adding lines merges quantities and prices the cart from the catalogue', async () => {
  await setProduct(SOFA, { stock: 20 });
  await setProduct(CORNER_SOFA, { stock: 20 });
  const cart = await newCart();
  assert.equal((await addLine(cart.id, SOFA, 1)).status, 200);
  const merged = await addLine(cart.id, SOFA, 2);
  assert.equal(merged.status, 200, JSON.stringify(merged.body));
  assert.equal(merged.body.lines.length, 1);
  const line = merged.body.lines[0];
  assert.equal(line.product_id, SOFA);
  assert.equal(line.name, 'Canapé Moderne en Cuir');
  assert.deepEqual(line.unit_price, eur(89900));
  assert.equal(line.quantity, 3);
  assert.deepEqual(line.line_total, eur(269700));
  assert.ok(typeof line.image === 'string' && line.image.length > 0, JSON.stringify(line));
  assert.equal(line.stock, 20);

  const two = await addLine(cart.id, CORNER_SOFA, 1);
  assert.equal(two.status, 200);
  assert.deepEqual(linesOf(two.body), [[CORNER_SOFA, 1], [SOFA, 3]]);
  assert.deepEqual(two.body.subtotal, eur(269700 + 109900));
  assert.equal(two.body.item_count, 4);
  const read = await getCart(cart.id);
  assert.deepEqual(read.body.subtotal, two.body.subtotal);
  assert.deepEqual(linesOf(read.body), linesOf(two.body));
});

test('a price change in the catalogue shows in the cart', async () => {
  const id = await createProduct(10000, 5);
  const cart = await newCart();
  assert.equal((await addLine(cart.id, id, 2)).status, 200);
  await setProduct(id, { price: eur(12050) });
  const read = await getCart(cart.id);
  assert.deepEqual(read.body.lines[0].unit_price, eur(12050));
  assert.deepEqual(read.body.lines[0].line_total, eur(24100));
  assert.deepEqual(read.body.subtotal, eur(24100));
});

test('a line may not hold more than the stock', async () => {
  const id = await createProduct(5000, 3);
  const cart = await newCart();
  expectProblem(await addLine(cart.id, id, 4), 422);
  assert.equal((await addLine(cart.id, id, 2)).status, 200);
  assert.equal((await addLine(cart.id, id, 1)).status, 200);
  expectProblem(await addLine(cart.id, id, 1), 422);
  const read = await getCart(cart.id);
  assert.deepEqual(linesOf(read.body), [[id, 3]]);
  expectProblem(await addLine(cart.id, '8KFTT6OL1Y', 1), 422);  // stock 0
  assert.deepEqual(linesOf((await getCart(cart.id)).body), [[id, 3]]);
});

test('changing, removing lines and emptying the cart', async () => {
  await setProduct(SOFA, { stock: 20 });
  await setProduct(CORNER_SOFA, { stock: 20 });
  const cart = await newCart();
  await addLine(cart.id, SOFA, 1);
  await addLine(cart.id, CORNER_SOFA, 1);

  const changed = await api(server, 'PATCH', `/apis/carts/${cart.id}/lines/${SOFA}`, { body: { quantity: 5 } });
  assert.equal(changed.status, 200, JSON.stringify(changed.body));
  assert.deepEqual(linesOf(changed.body), [[CORNER_SOFA, 1], [SOFA, 5]]);
  assert.deepEqual(changed.body.subtotal, eur(5 * 89900 + 109900));
  assert.equal(changed.body.item_count, 6);

  const zero = await api(server, 'PATCH', `/apis/carts/${cart.id}/lines/${SOFA}`, { body: { quantity: 0 } });
  assert.equal(zero.status, 200);
  assert.deepEqual(linesOf(zero.body), [[CORNER_SOFA, 1]]);

  await addLine(cart.id, SOFA, 2);
  const removed = await api(server, 'DELETE', `/apis/carts/${cart.id}/lines/${CORNER_SOFA}`);
  assert.equal(removed.status, 200);
  assert.deepEqual(linesOf(removed.body), [[SOFA, 2]]);
  assert.deepEqual(removed.body.subtotal, eur(2 * 89900));

  const emptied = await api(server, 'DELETE', `/apis/carts/${cart.id}`);
  assert.equal(emptied.status, 204);
  assert.equal(emptied.body, null);
  const read = await getCart(cart.id);
  assert.equal(read.status, 200);
  assert.deepEqual(read.body.lines, []);
  assert.equal(read.body.item_count, 0);
  assert.deepEqual(read.body.subtotal, eur(0));
});

async function newCustomerToken(name) {
  const email = `${name}.${process.pid}.${Date.now()}@example.test`;
  const password = `motdepasse-${name}-1`;
  const signUp = await api(server, 'POST', '/apis/customers/', { key: false, body: { email, password, first_name: 'Test', last_name: 'Test' } });
  assert.equal(signUp.status, 201, JSON.stringify(signUp.body));
  const login = await api(server, 'POST', '/apis/auth/token', { key: false, body: { email, password } });
  assert.equal(login.status, 200, JSON.stringify(login.body));
  return login.body.access_token;
}

test("emptying a customer's cart: only that customer may; a guest or another customer gets 404 and the cart keeps its lines", async () => {
  await setProduct(SOFA, { stock: 20 });
  const owner = await newCustomerToken('owner');
  const other = await newCustomerToken('other');
  const cart = await newCart(owner);
  assert.equal((await addLine(cart.id, SOFA, 2, owner)).status, 200);
  const before = await getCart(cart.id, owner);

  for (const token of [undefined, other]) {
    expectProblem(await api(server, 'DELETE', `/apis/carts/${cart.id}`, { token }), 404);
    const after = await getCart(cart.id, owner);
    assert.equal(after.status, 200);
    assert.deepEqual(linesOf(after.body), [[SOFA, 2]], 'a refused emptying removed lines');
    assert.deepEqual(after.body, before.body);
  }
  // A guest cart is emptied by anyone holding its id; a customer's by its owner.
  const guestCart = await newCart();
  assert.equal((await addLine(guestCart.id, SOFA, 1)).status, 200);
  assert.equal((await api(server, 'DELETE', `/apis/carts/${guestCart.id}`, { token: other })).status, 204);
  assert.deepEqual((await getCart(guestCart.id)).body.lines, []);
  assert.equal((await api(server, 'DELETE', `/apis/carts/${cart.id}`, { token: owner })).status, 204);
  assert.deepEqual((await getCart(cart.id, owner)).body.lines, []);
  expectProblem(await api(server, 'DELETE', `/apis/carts/${'A'.repeat(24)}`), 404);
});

test('merging a guest cart into the customer\'s adds the quantities and deletes the source', async () => {
  await setProduct(SOFA, { stock: 20 });
  await setProduct(CORNER_SOFA, { stock: 20 });
  const email = `merge.${process.pid}.${Date.now()}@example.test`;
  const signUp = await api(server, 'POST', '/apis/customers/', {
    key: false, body: { email, password: 'motdepasse-merge-1', first_name: 'Lea', last_name: 'Petit' },
  });
  assert.equal(signUp.status, 201, JSON.stringify(signUp.body));
  const login = await api(server, 'POST', '/apis/auth/token', { key: false, body: { email, password: 'motdepasse-merge-1' } });
  assert.equal(login.status, 200);
  const target = await newCart(login.body.access_token);
  assert.equal(target.customer_id, signUp.body.id);
  await addLine(target.id, SOFA, 2, login.body.access_token);
  const guest = await newCart();
  await addLine(guest.id, SOFA, 1);
  await addLine(guest.id, CORNER_SOFA, 2);

  const merged = await api(server, 'POST', `/apis/carts/${target.id}/merge`, { body: { from_cart_id: guest.id }, token: login.body.access_token });
  assert.equal(merged.status, 200, JSON.stringify(merged.body));
  assert.equal(merged.body.id, target.id);
  assert.equal(merged.body.customer_id, signUp.body.id);
  assert.deepEqual(linesOf(merged.body), [[CORNER_SOFA, 2], [SOFA, 3]]);
  assert.deepEqual(merged.body.subtotal, eur(3 * 89900 + 2 * 109900));
  assert.equal(merged.body.item_count, 5);
  // The source is gone (docs/api/openapi.yaml, mergeCarts): its id opens nothing any more.
  expectProblem(await getCart(guest.id), 404);
  expectProblem(await addLine(guest.id, SOFA, 1), 404);
  const again = await api(server, 'POST', `/apis/carts/${target.id}/merge`, { body: { from_cart_id: guest.id }, token: login.body.access_token });
  expectProblem(again, 404, 'from_cart_id');
  assert.deepEqual(linesOf((await getCart(target.id, login.body.access_token)).body), [[CORNER_SOFA, 2], [SOFA, 3]], 'nothing merged twice');
  // Merging a cart into itself changes nothing and deletes nothing.
  const itself = await api(server, 'POST', `/apis/carts/${target.id}/merge`, { body: { from_cart_id: target.id }, token: login.body.access_token });
  assert.equal(itself.status, 200, JSON.stringify(itself.body));
  assert.deepEqual(linesOf(itself.body), [[CORNER_SOFA, 2], [SOFA, 3]]);
  assert.equal((await getCart(target.id, login.body.access_token)).status, 200);
});

// ---------------------------------------------------------------- shipping

test('a shipping quote to France costs 50 € by International Standard', async () => {
  const r = await api(server, 'POST', '/apis/shipping/quote', { body: { address: ADDRESS } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.deepEqual(r.body.cost, eur(5000));
  assert.equal(r.body.service, 'International Standard');
  assert.ok(r.body.estimated_days !== undefined && r.body.estimated_days !== null, JSON.stringify(r.body));
});

test('a country that is not served is a 422 on address.country', async () => {
  const r = await api(server, 'POST', '/apis/shipping/quote', { body: { address: { ...ADDRESS, country: 'JP' } } });
  expectProblem(r, 422, 'address.country');
});

// ---------------------------------------------------------------- payments

test('a good card is charged; the charge can be refunded', async () => {
  const r = await charge({ amount: eur(12345), card: CARD });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.ok(r.body.id);
  assert.equal(r.body.status, 'succeeded');
  assert.equal(r.body.brand, 'visa');
  assert.equal(r.body.last4, '8918');
  assert.deepEqual(r.body.amount, eur(12345));
  assert.ok(!JSON.stringify(r.body).includes(CARD.number), 'no full card number in the answer');
  assert.ok(!JSON.stringify(r.body).includes('"229"'), 'no CVV in the answer');

  const refund = await api(server, 'POST', `/apis/payments/charges/${r.body.id}/refund`);
  assert.equal(refund.status, 200, JSON.stringify(refund.body));
  assert.equal(refund.body.status, 'refunded');
  expectProblem(await api(server, 'POST', '/apis/payments/charges/nope-no-such-charge/refund'), 404);
});

test('a charge is found by its Idempotency-Key (how the checkout refunds one whose answer it lost)', async () => {
  const key = `lookup-${Date.now()}`;
  const made = await charge({ amount: eur(4200), card: CARD }, { 'Idempotency-Key': key });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const found = await api(server, 'GET', `/apis/payments/charges?idempotency_key=${key}`);
  assert.equal(found.status, 200, JSON.stringify(found.body));
  assert.deepEqual(found.body.items, [made.body]);
  const none = await api(server, 'GET', `/apis/payments/charges?idempotency_key=${key}-other`);
  assert.deepEqual(none.body, { items: [] });
});

test('an American Express card needs a 4-digit CVV', async () => {
  const amex = { ...CARD, number: '378282246310005', cvv: '1234' };
  const ok = await charge({ amount: eur(1000), card: amex });
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  assert.equal(ok.body.last4, '0005');
  const bad = expectProblem(await charge({ amount: eur(1000), card: { ...amex, cvv: '229' } }), 402);
  assert.equal(bad.reason, 'invalid_cvv');
});

test('refused cards are a 402 with the reason', async () => {
  const cases = [
    [{ number: '4556426261628919' }, 'invalid_number'],
    [{ exp_month: 12, exp_year: 2020 }, 'expired'],
    [{ cvv: '22' }, 'invalid_cvv'],
    [{ cvv: '2290' }, 'invalid_cvv'],
    [{ number: '4000000000000002' }, 'declined'],
    [{ number: '4000000000009995' }, 'insufficient_funds'],
  ];
  for (const [change, reason] of cases) {
    const r = await charge({ amount: eur(5000), card: { ...CARD, ...change } });
    const problem = expectProblem(r, 402);
    assert.equal(problem.reason, reason, `${JSON.stringify(change)}: ${JSON.stringify(problem)}`);
  }
});

test('the same Idempotency-Key charges once', async () => {
  const key = `charge-${process.pid}-${Date.now()}`;
  const first = await charge({ amount: eur(4200), card: CARD }, { 'Idempotency-Key': key });
  assert.equal(first.status, 201, JSON.stringify(first.body));
  const again = await charge({ amount: eur(4200), card: CARD }, { 'Idempotency-Key': key });
  assert.ok([200, 201].includes(again.status), JSON.stringify(again.body));
  assert.equal(again.body.id, first.body.id);
  const other = await charge({ amount: eur(4200), card: CARD }, { 'Idempotency-Key': key + '-b' });
  assert.equal(other.status, 201);
  assert.notEqual(other.body.id, first.body.id);
  const found = await api(server, 'GET', `/apis/payments/charges?idempotency_key=${key}`);
  assert.deepEqual(found.body.items, [first.body]);
});

// The key is not looked up first: the charge is written and a used key answers with the first
// charge. Retries at once, a refusal kept, and nothing written twice.
test('retries under one Idempotency-Key, even at once, make one charge; a refusal stays a refusal', async () => {
  const key = `race-${process.pid}-${Date.now()}`;
  const all = await Promise.all(
    Array.from({ length: 6 }, () => charge({ amount: eur(5100), card: CARD }, { 'Idempotency-Key': key })));
  for (const r of all) assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.equal(new Set(all.map((r) => r.body.id)).size, 1, 'one charge for all the retries');
  const found = await api(server, 'GET', `/apis/payments/charges?idempotency_key=${key}`);
  assert.deepEqual(found.body.items, [all[0].body]);

  const refusedKey = `${key}-refused`;
  const refused = expectProblem(
    await charge({ amount: eur(5100), card: { ...CARD, cvv: '22' } }, { 'Idempotency-Key': refusedKey }), 402);
  assert.equal(refused.reason, 'invalid_cvv');
  // The retry's card would pass: the key's first answer stands, and no charge succeeds.
  const retried = expectProblem(await charge({ amount: eur(5100), card: CARD }, { 'Idempotency-Key': refusedKey }), 402);
  assert.equal(retried.reason, 'invalid_cvv');
  const kept = await api(server, 'GET', `/apis/payments/charges?idempotency_key=${refusedKey}`);
  assert.equal(kept.body.items.length, 1);
  assert.equal(kept.body.items[0].status, 'failed');
});

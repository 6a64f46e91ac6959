// Shared by the commerce suites: test data and one way to call the API and read a problem.
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { API_KEY } from './server.mjs';

export const CARD = { holder: 'Jean Rault', number: '4556426261628918', cvv: '229', exp_month: 2, exp_year: 2028 };
export const DEMO = { id: 'JEANRAULT0000001', email: 'jean.rault@example.fr', password: 'EDesign-Demo-2026' };
export const ADDRESS = { full_name: 'Camille Martin', street: '12 rue des Lilas', city: 'Lyon', postal_code: '69003', country: 'FR' };
export const SOFA = 'OPUK6V6EV0';        // Canapé Moderne en Cuir, 899,00 €
export const CORNER_SOFA = '1YMWVN1N4O'; // Canapé d'Angle Confortable, 1 099,00 €

export const eur = (amount) => ({ amount, currency: 'EUR' });

// One request to `srv`; `key: false` leaves out X-Api-Key. Answers {status, headers, body (parsed JSON)}.
export async function api(srv, method, path, { body, raw, token, key = true, headers = {} } = {}) {
  const h = { ...headers };
  if (key) h['X-Api-Key'] = API_KEY;
  if (token) h.Authorization = `Bearer ${token}`;
  if (body !== undefined || raw !== undefined) h['Content-Type'] ??= 'application/json';
  const res = await fetch(srv.url + path, { method, headers: h, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
  const text = await res.text();
  let parsed = text;
  try { parsed = text ? JSON.parse(text) : null; } catch { /* keep the text */ }
  return { status: res.status, headers: res.headers, body: parsed };
}

// A problem+json answer with `status`, naming `field` among errors[].field when given.
export function expectProblem(r, status, field) {
  assert.equal(r.status, status, JSON.stringify(r.body));
  assert.match(r.headers.get('content-type') ?? '', /^application\/problem\+json/);
  assert.equal(r.body.status, status);
  assert.ok(r.body.type && r.body.title && r.body.detail, JSON.stringify(r.body));
  if (field) assert.ok((r.body.errors ?? []).some((e) => e.field === field), `expected field ${field}: ${JSON.stringify(r.body)}`);
  return r.body;
}

// ---------------------------------------------------------------- steps of a purchase, asserting success

let counter = 0;
export const uniqueEmail = (tag) => `${tag}.${process.pid}.${Date.now()}.${++counter}@example.test`;

export async function product(srv, id) {
  const r = await api(srv, 'GET', `/apis/products/${id}`, { key: false });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}
export const stockOf = async (srv, id) => (await product(srv, id)).stock;

export async function setStock(srv, id, stock) {
  const r = await api(srv, 'PATCH', `/apis/products/${id}`, { body: { stock } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
}

export async function newCart(srv, token) {
  const r = await api(srv, 'POST', '/apis/carts/', { token });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

// `token`: the owner's, for a customer's cart (the API key alone opens only guest carts).
export async function addLine(srv, cartId, productId, quantity, token) {
  const r = await api(srv, 'POST', `/apis/carts/${cartId}/lines`, { body: { product_id: productId, quantity }, token });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

// Places an order (POST /apis/orders/) to ADDRESS paid with CARD unless `body` says otherwise; answers
// the raw {status, headers, body}: the callers check refusals too.
export const order = (srv, { token, idempotencyKey, ...body }) => api(srv, 'POST', '/apis/orders/', {
  body: { shipping_address: ADDRESS, card: CARD, ...body },
  token,
  headers: idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {},
});

// An order as whoever placed it sees it again: with the access token of its 201 (X-Order-Token).
export const placedOrder = (srv, placed) =>
  api(srv, 'GET', `/apis/orders/${placed.reference}`, { headers: { 'X-Order-Token': placed.access_token } });

// The access token the checkout hands out for `reference` (src/services/checkout/order_access.cpp),
// computed as the test's shop does: for checks on orders whose 201 the test never saw (a killed
// checkout, a restored backup).
export function orderTokenFor(reference) {
  const key = createHash('sha256').update(`rapidtrade order access v1:${API_KEY}`).digest('hex');
  return createHmac('sha256', key).update(reference).digest('base64url');
}

export async function logIn(srv, email, password) {
  const r = await api(srv, 'POST', '/apis/auth/token', { key: false, body: { email, password } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.access_token;
}

export async function newCustomer(srv) {
  const email = uniqueEmail('client');
  const password = 'motdepasse-commerce-1';
  const r = await api(srv, 'POST', '/apis/customers/', { key: false, body: { email, password, first_name: 'Lea', last_name: 'Petit' } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return { id: r.body.id, email, token: await logIn(srv, email, password) };
}

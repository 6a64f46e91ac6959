// The running shop against its contract, docs/api/openapi.yaml (issue 16): every operation the spec
// documents is called for real (the all-in-one server, e-mail over the test SMTP sink) and made to give
// every status it documents that a client can cause without a fault; each answer must be a status the
// operation documents, with a documented media type, a body valid against the documented JSON schema
// and the documented response headers (openapi_contract.mjs checks one answer).
//
// How to read the table below (REQUESTS): one entry per operation, "METHOD /path/{template}" as in the
// spec, each a list of cases [status, what it is, request]. A request is {path (with the query), body
// (sent as JSON), raw (a body sent as is), type (its Content-Type), key (X-Api-Key, sent unless
// `false`), token (Authorization: Bearer), headers}, built when the case runs from `fx`, the fixtures
// (customers, products, carts... made through the API, and checked like the cases). Besides:
// - every GET answered 200 with an ETag is asked again with If-None-Match, which must answer a
//   documented status (the 304 of each GET comes from this);
// - TOO_LARGE as a request sends a Content-Length over MAX_BODY_BYTES (413).
// The test fails when the spec has an operation this table leaves out, when the table names an
// operation the spec does not have, and when a documented status is never reached (except those in
// NEEDS_A_FAULT, which only a failing database or service gives: tests/e2e/faults.test.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomInt } from 'node:crypto';
import { startServer, rawRequest, API_KEY } from './server.mjs';
import { start as startSink } from './smtp_sink.mjs';
import { CARD, ADDRESS, SOFA, uniqueEmail } from './commerce_support.mjs';
import { loadContract } from './openapi_contract.mjs';
import { png, jpeg } from './photo_support.mjs';

const contract = loadContract();

const NEEDS_A_FAULT = {
  503: 'a database or a service the operation needs is down or too busy',
  202: 'a service an erasure needs is down: its part is finished in the background (tests/e2e/customer_data.test.mjs)',
};

const TOO_LARGE = Symbol('a body over MAX_BODY_BYTES');
const TOO_LARGE_PHOTO = Symbol('a photo over 5 MiB');
const newStaff = () => ({ email: uniqueEmail('equipe'), role: 'staff', password: 'mot-de-passe-equipe-1' });
const NOT_UTF8 = '?q=%FF'; // a query that is not UTF-8 once percent-decoded: 400 on every route
const DECLINED_CARD = { ...CARD, number: '4000000000000002' };
const JAPAN = { full_name: 'Aiko Sato', street: '1-1 Chiyoda', city: 'Tokyo', postal_code: '100-0001', country: 'JP' };
const newProduct = () => ({ name: 'Lampe Conformité', price: { amount: 12900, currency: 'EUR' }, stock: 5, categories: ['luminaires'] });
const newCategory = () => ({ slug: `conformite-${randomBytes(4).toString('hex')}`, name: 'Conformité' });
const newAddress = (n = 1) => ({ full_name: 'Lea Petit', street: `${n} rue des Tests`, city: 'Lyon', postal_code: '69003', country: 'FR' });
const newEmail = () => ({ to: uniqueEmail('outbox'), subject: 'Conformité', text: 'Bonjour', dedup_key: newKey() });
const newCustomerId = () => randomBytes(12).toString('hex').toUpperCase().slice(0, 16);
const newReference = () => `${randomInt(1, 10)}${String(randomInt(1e12)).padStart(12, '0')}`; // 13 digits, not 0 first
const newKey = () => `conformance-${randomBytes(6).toString('hex')}`;
const SHIPMENT = { carrier: 'Colissimo', tracking: '6A12345678901' };
const CANCELLATION = { reason: 'Rupture de stock chez le fabricant' };

// ---------------------------------------------------------------- the table

const REQUESTS = {
  // ------------------------------------------------ catalogue
  'GET /apis/products/': [
    [200, 'a page of a category', () => ({ path: '/apis/products/?category=canapes&per_page=2' })],
    [400, 'per_page=0', () => ({ path: '/apis/products/?per_page=0' })],
  ],
  'POST /apis/products/': [
    [201, 'a new product with the API key', () => ({ path: '/apis/products/', body: newProduct() })],
    [400, 'no name nor price', () => ({ path: '/apis/products/', body: {} })],
    [401, 'no API key', () => ({ path: '/apis/products/', body: newProduct(), key: false })],
    [403, "a customer's token (not admin)", async (fx) => ({ path: '/apis/products/', body: newProduct(), key: false, token: (await fx.shopper()).token })],
    [409, 'an id in use', () => ({ path: '/apis/products/', body: { ...newProduct(), id: SOFA } })],
    [413, 'a body too large', () => ({ path: '/apis/products/', raw: TOO_LARGE })],
    [415, 'a text/plain body', () => ({ path: '/apis/products/', raw: '{}', type: 'text/plain' })],
    [422, 'an unknown category', () => ({ path: '/apis/products/', body: { ...newProduct(), categories: ['nope'] } })],
  ],
  'GET /apis/products/categories': [
    [200, 'the categories', () => ({ path: '/apis/products/categories' })],
    [400, 'a query that is not UTF-8', () => ({ path: `/apis/products/categories${NOT_UTF8}` })],
  ],
  'GET /apis/products/images/{file}': [
    [200, "a seeded product's picture", () => ({ path: `/apis/products/images/${SOFA}.svg` })],
    [400, 'a query that is not UTF-8', () => ({ path: `/apis/products/images/${SOFA}.svg${NOT_UTF8}` })],
    [404, 'an unknown picture', () => ({ path: '/apis/products/images/nope.svg' })],
  ],
  'GET /apis/products/{id}': [
    [200, 'a seeded product', () => ({ path: `/apis/products/${SOFA}` })],
    [400, 'a query that is not UTF-8', () => ({ path: `/apis/products/${SOFA}${NOT_UTF8}` })],
    [404, 'an unknown id', () => ({ path: '/apis/products/ZZZZZZZZZZ' })],
  ],
  'PATCH /apis/products/{id}': [
    [200, 'a new stock', async (fx) => ({ path: `/apis/products/${await fx.product()}`, body: { stock: 7 } })],
    [400, 'a negative stock', async (fx) => ({ path: `/apis/products/${await fx.product()}`, body: { stock: -1 } })],
    [401, 'no API key', async (fx) => ({ path: `/apis/products/${await fx.product()}`, body: { stock: 7 }, key: false })],
    [403, "a customer's token (not admin)", async (fx) => ({ path: `/apis/products/${await fx.product()}`, body: { stock: 7 }, key: false, token: (await fx.shopper()).token })],
    [404, 'an unknown id', () => ({ path: '/apis/products/ZZZZZZZZZZ', body: { stock: 7 } })],
    [413, 'a body too large', async (fx) => ({ path: `/apis/products/${await fx.product()}`, raw: TOO_LARGE })],
    [415, 'a text/plain body', async (fx) => ({ path: `/apis/products/${await fx.product()}`, raw: '{}', type: 'text/plain' })],
    [422, 'an unknown category', async (fx) => ({ path: `/apis/products/${await fx.product()}`, body: { categories: ['nope'] } })],
  ],
  'DELETE /apis/products/{id}': [
    [204, 'a product of its own', async (fx) => ({ path: `/apis/products/${await fx.product()}` })],
    [400, 'a query that is not UTF-8', async (fx) => ({ path: `/apis/products/${await fx.product()}${NOT_UTF8}` })],
    [401, 'no API key', async (fx) => ({ path: `/apis/products/${await fx.product()}`, key: false })],
    [403, "a customer's token (not admin)", async (fx) => ({ path: `/apis/products/${await fx.product()}`, key: false, token: (await fx.shopper()).token })],
    [404, 'an unknown id', () => ({ path: '/apis/products/ZZZZZZZZZZ' })],
  ],
  'GET /apis/products/{id}/history': [
    [200, 'a product, for staff', async (fx) => ({ path: `/apis/products/${await fx.product()}/history?per_page=5`, key: false, token: await fx.staffToken() })],
    [400, 'per_page=0', async (fx) => ({ path: `/apis/products/${await fx.product()}/history?per_page=0`, key: false, token: await fx.staffToken() })],
    [401, 'the API key alone', async (fx) => ({ path: `/apis/products/${await fx.product()}/history` }), { headers: ['www-authenticate'] }],
    [403, "a customer's token", async (fx) => ({ path: `/apis/products/${await fx.product()}/history`, key: false, token: (await fx.shopper()).token })],
    [404, 'an unknown id', async (fx) => ({ path: '/apis/products/ZZZZZZZZZZ/history', key: false, token: await fx.staffToken() })],
  ],
  'GET /apis/products/categories/history': [
    [200, 'the categories, for staff', async (fx) => ({ path: '/apis/products/categories/history?per_page=5', key: false, token: await fx.staffToken() })],
    [400, 'per_page=0', async (fx) => ({ path: '/apis/products/categories/history?per_page=0', key: false, token: await fx.staffToken() })],
    [401, 'the API key alone', () => ({ path: '/apis/products/categories/history' }), { headers: ['www-authenticate'] }],
    [403, "a customer's token", async (fx) => ({ path: '/apis/products/categories/history', key: false, token: (await fx.shopper()).token })],
  ],
  'POST /apis/products/categories': [
    [201, 'a new category', () => ({ path: '/apis/products/categories', body: newCategory() })],
    [400, 'no slug', () => ({ path: '/apis/products/categories', body: { name: 'Tapis' } })],
    [401, 'no API key', () => ({ path: '/apis/products/categories', body: newCategory(), key: false })],
    [403, "a customer's token (not staff)", async (fx) => ({ path: '/apis/products/categories', body: newCategory(), key: false, token: (await fx.shopper()).token })],
    [409, 'a slug in use', () => ({ path: '/apis/products/categories', body: { slug: 'canapes', name: 'Canapés' } })],
    [413, 'a body too large', () => ({ path: '/apis/products/categories', raw: TOO_LARGE })],
    [415, 'a text/plain body', () => ({ path: '/apis/products/categories', raw: '{}', type: 'text/plain' })],
  ],
  'PATCH /apis/products/categories/{slug}': [
    [200, 'a new name', async (fx) => ({ path: `/apis/products/categories/${await fx.category()}`, body: { name: 'Nouveau nom' } })],
    [400, 'a new slug', async (fx) => ({ path: `/apis/products/categories/${await fx.category()}`, body: { slug: 'autre', name: 'Autre' } })],
    [401, 'no API key', async (fx) => ({ path: `/apis/products/categories/${await fx.category()}`, body: { name: 'x' }, key: false })],
    [403, "a customer's token (not staff)", async (fx) => ({ path: `/apis/products/categories/${await fx.category()}`, body: { name: 'x' }, key: false, token: (await fx.shopper()).token })],
    [404, 'an unknown slug', () => ({ path: '/apis/products/categories/nulle-part', body: { name: 'x' } })],
    [413, 'a body too large', () => ({ path: '/apis/products/categories/canapes', raw: TOO_LARGE })],
    [415, 'a text/plain body', () => ({ path: '/apis/products/categories/canapes', raw: '{}', type: 'text/plain' })],
  ],
  'DELETE /apis/products/categories/{slug}': [
    [204, 'an empty category', async (fx) => ({ path: `/apis/products/categories/${await fx.category()}` })],
    [400, 'a query that is not UTF-8', async (fx) => ({ path: `/apis/products/categories/${await fx.category()}${NOT_UTF8}` })],
    [401, 'no API key', async (fx) => ({ path: `/apis/products/categories/${await fx.category()}`, key: false })],
    [403, "a customer's token (not staff)", async (fx) => ({ path: `/apis/products/categories/${await fx.category()}`, key: false, token: (await fx.shopper()).token })],
    [404, 'an unknown slug', () => ({ path: '/apis/products/categories/nulle-part' })],
    [409, 'a category holding products', () => ({ path: '/apis/products/categories/canapes' })],
  ],
  'GET /apis/products/{id}/image': [
    [200, 'a photo at its versioned URL', async (fx) => ({ path: (await fx.photo()).url })],
    [400, 'a query that is not UTF-8', async (fx) => ({ path: `/apis/products/${(await fx.photo()).id}/image${NOT_UTF8}` })],
    [404, 'a product without a photo', () => ({ path: `/apis/products/${SOFA}/image` })],
  ],
  'PUT /apis/products/{id}/image': [
    [200, 'a PNG', async (fx) => ({ path: `/apis/products/${await fx.product()}/image`, raw: png(), type: 'image/png' })],
    [400, 'a query that is not UTF-8', async (fx) => ({ path: `/apis/products/${await fx.product()}/image${NOT_UTF8}`, raw: png(), type: 'image/png' })],
    [401, 'no API key', async (fx) => ({ path: `/apis/products/${await fx.product()}/image`, raw: png(), type: 'image/png', key: false })],
    [403, "a customer's token (not staff)", async (fx) => ({ path: `/apis/products/${await fx.product()}/image`, raw: png(), type: 'image/png', key: false, token: (await fx.shopper()).token })],
    [404, 'an unknown id', () => ({ path: '/apis/products/ZZZZZZZZZZ/image', raw: jpeg(), type: 'image/jpeg' })],
    [413, 'a body over 5 MiB', async (fx) => ({ path: `/apis/products/${await fx.product()}/image`, raw: TOO_LARGE_PHOTO, type: 'image/png' })],
    [415, 'a GIF', async (fx) => ({ path: `/apis/products/${await fx.product()}/image`, raw: 'GIF89a', type: 'image/gif' })],
    [422, 'PNG bytes sent as image/jpeg', async (fx) => ({ path: `/apis/products/${await fx.product()}/image`, raw: png(), type: 'image/jpeg' })],
  ],
  'POST /apis/products/reservations': [
    [201, 'one unit', async (fx) => ({ path: '/apis/products/reservations', body: { reservation_id: newReference(), lines: [{ product_id: await fx.product(), quantity: 1 }] } })],
    [400, 'no lines', () => ({ path: '/apis/products/reservations', body: { reservation_id: newReference() } })],
    [401, 'no API key', () => ({ path: '/apis/products/reservations', body: { reservation_id: newReference(), lines: [{ product_id: SOFA, quantity: 1 }] }, key: false })],
    [404, 'an unknown product', () => ({ path: '/apis/products/reservations', body: { reservation_id: newReference(), lines: [{ product_id: 'ZZZZZZZZZZ', quantity: 1 }] } })],
    [413, 'a body too large', () => ({ path: '/apis/products/reservations', raw: TOO_LARGE })],
    [415, 'a text/plain body', () => ({ path: '/apis/products/reservations', raw: '{}', type: 'text/plain' })],
    [422, 'more than the stock', async (fx) => ({ path: '/apis/products/reservations', body: { reservation_id: newReference(), lines: [{ product_id: await fx.product(), quantity: 6 }] } })],
  ],
  'DELETE /apis/products/reservations/{id}': [
    [204, 'a reservation (or none)', () => ({ path: `/apis/products/reservations/${newReference()}` })],
    [400, 'a query that is not UTF-8', () => ({ path: `/apis/products/reservations/${newReference()}${NOT_UTF8}` })],
    [401, 'no API key', () => ({ path: `/apis/products/reservations/${newReference()}`, key: false })],
  ],
  'GET /apis/products/promotions/{code}': [
    [200, 'the demo code, in another case', () => ({ path: '/apis/products/promotions/viveledesign' })],
    [400, 'a query that is not UTF-8', () => ({ path: `/apis/products/promotions/ViveLeDesign${NOT_UTF8}` })],
    [404, 'an unknown code', () => ({ path: '/apis/products/promotions/NOPE' })],
  ],

  // ------------------------------------------------ auth
  'POST /apis/auth/token': [
    [200, 'the right password', async (fx) => { const c = await fx.shopper(); return { path: '/apis/auth/token', body: { email: c.email, password: c.password }, key: false }; }],
    [400, 'no password', () => ({ path: '/apis/auth/token', body: { email: 'a@example.test' }, key: false })],
    [401, 'a wrong password', async (fx) => ({ path: '/apis/auth/token', body: { email: (await fx.shopper()).email, password: 'not the password' }, key: false })],
    [413, 'a body too large', () => ({ path: '/apis/auth/token', raw: TOO_LARGE, key: false })],
    [415, 'a text/plain body', () => ({ path: '/apis/auth/token', raw: '{}', type: 'text/plain', key: false })],
    [429, 'a sixth attempt after five wrong passwords', (fx) => fx.throttledLogIn()],
  ],
  'POST /apis/auth/refresh': [
    [200, 'a fresh refresh token', async (fx) => ({ path: '/apis/auth/refresh', body: { refresh_token: (await fx.customer()).refresh }, key: false })],
    [400, 'no refresh_token', () => ({ path: '/apis/auth/refresh', body: {}, key: false })],
    [401, 'an unknown refresh token', () => ({ path: '/apis/auth/refresh', body: { refresh_token: 'unknown-refresh-token' }, key: false })],
    [413, 'a body too large', () => ({ path: '/apis/auth/refresh', raw: TOO_LARGE, key: false })],
    [415, 'a text/plain body', () => ({ path: '/apis/auth/refresh', raw: '{}', type: 'text/plain', key: false })],
  ],
  'POST /apis/auth/logout': [
    [204, "a session's refresh token", async (fx) => ({ path: '/apis/auth/logout', body: { refresh_token: (await fx.customer()).refresh }, key: false })],
    [400, 'no refresh_token', () => ({ path: '/apis/auth/logout', body: {}, key: false })],
    [413, 'a body too large', () => ({ path: '/apis/auth/logout', raw: TOO_LARGE, key: false })],
    [415, 'a text/plain body', () => ({ path: '/apis/auth/logout', raw: '{}', type: 'text/plain', key: false })],
  ],
  'POST /apis/auth/session': [
    [200, 'an open session', async (fx) => ({ path: '/apis/auth/session', body: { refresh_token: (await fx.customer()).refresh } })],
    [400, 'no refresh_token', () => ({ path: '/apis/auth/session', body: {} })],
    [401, 'an unknown refresh token', () => ({ path: '/apis/auth/session', body: { refresh_token: 'unknown-refresh-token' } })],
    [401, 'no API key', () => ({ path: '/apis/auth/session', body: { refresh_token: 'unknown-refresh-token' }, key: false })],
    [413, 'a body too large', () => ({ path: '/apis/auth/session', raw: TOO_LARGE })],
    [415, 'a text/plain body', () => ({ path: '/apis/auth/session', raw: '{}', type: 'text/plain' })],
  ],
  'GET /apis/auth/jwks.json': [
    [200, 'the key set', () => ({ path: '/apis/auth/jwks.json', key: false })],
    [400, 'a query that is not UTF-8', () => ({ path: `/apis/auth/jwks.json${NOT_UTF8}`, key: false })],
  ],
  'POST /apis/auth/credentials': [
    [201, 'a new credential', () => ({ path: '/apis/auth/credentials', body: { customer_id: newCustomerId(), email: uniqueEmail('credential'), password: 'conformite-2026' } })],
    [400, 'an empty object', () => ({ path: '/apis/auth/credentials', body: {} })],
    [401, 'no API key', () => ({ path: '/apis/auth/credentials', body: { customer_id: newCustomerId(), email: uniqueEmail('credential'), password: 'conformite-2026' }, key: false })],
    [409, 'an e-mail that has an account', async (fx) => ({ path: '/apis/auth/credentials', body: { customer_id: newCustomerId(), email: (await fx.shopper()).email, password: 'conformite-2026' } })],
    [413, 'a body too large', () => ({ path: '/apis/auth/credentials', raw: TOO_LARGE })],
    [415, 'a text/plain body', () => ({ path: '/apis/auth/credentials', raw: '{}', type: 'text/plain' })],
  ],
  'DELETE /apis/auth/credentials/{id}': [
    [204, 'a credential of its own', async (fx) => ({ path: `/apis/auth/credentials/${await fx.credential()}` })],
    [400, 'a query that is not UTF-8', () => ({ path: `/apis/auth/credentials/${newCustomerId()}${NOT_UTF8}` })],
    [401, 'no API key', () => ({ path: `/apis/auth/credentials/${newCustomerId()}`, key: false })],
    [404, 'an unknown id', () => ({ path: `/apis/auth/credentials/${newCustomerId()}` })],
  ],
  'POST /apis/auth/password-reset': [
    [202, 'an e-mail without an account', () => ({ path: '/apis/auth/password-reset', body: { email: uniqueEmail('reset') }, key: false })],
    [400, 'a CR LF in the e-mail', () => ({ path: '/apis/auth/password-reset', body: { email: `${uniqueEmail('reset')}\r\nBcc: x@example.test` }, key: false })],
    [401, 'X-Client-Address without the API key', () => ({ path: '/apis/auth/password-reset', body: { email: uniqueEmail('reset') }, key: false, headers: { 'X-Client-Address': '203.0.113.9' } })],
    [413, 'a body too large', () => ({ path: '/apis/auth/password-reset', raw: TOO_LARGE, key: false })],
    [415, 'a text/plain body', () => ({ path: '/apis/auth/password-reset', raw: '{}', type: 'text/plain', key: false })],
    [429, 'a fourth request for one e-mail', async () => {
      const request = { path: '/apis/auth/password-reset', body: { email: uniqueEmail('reset') }, key: false };
      for (let i = 0; i < 3; i++) await call('POST /apis/auth/password-reset', request, { status: 202 });
      return request;
    }],
  ],
  'POST /apis/auth/password-reset/confirm': [
    [204, 'the token of a reset e-mail', async (fx) => ({ path: '/apis/auth/password-reset/confirm', body: { token: await fx.resetToken(), password: 'nouveau-mot-de-passe' }, key: false })],
    [400, 'an unknown token', () => ({ path: '/apis/auth/password-reset/confirm', body: { token: 'A'.repeat(43), password: 'nouveau-mot-de-passe' }, key: false })],
    [413, 'a body too large', () => ({ path: '/apis/auth/password-reset/confirm', raw: TOO_LARGE, key: false })],
    [415, 'a text/plain body', () => ({ path: '/apis/auth/password-reset/confirm', raw: '{}', type: 'text/plain', key: false })],
  ],
  'POST /apis/auth/password': [
    [204, 'the right current password', async (fx) => { const c = await fx.customer(); return { path: '/apis/auth/password', body: { current: c.password, new: 'nouveau-mot-de-passe' }, key: false, token: c.token }; }],
    [400, 'a wrong current password', async (fx) => ({ path: '/apis/auth/password', body: { current: 'pas-le-bon', new: 'nouveau-mot-de-passe' }, key: false, token: (await fx.customer()).token })],
    [401, 'no token', () => ({ path: '/apis/auth/password', body: { current: 'x', new: 'nouveau-mot-de-passe' }, key: false })],
    [413, 'a body too large', async (fx) => ({ path: '/apis/auth/password', raw: TOO_LARGE, key: false, token: (await fx.shopper()).token })],
    [415, 'a text/plain body', async (fx) => ({ path: '/apis/auth/password', raw: '{}', type: 'text/plain', key: false, token: (await fx.shopper()).token })],
    [429, 'after five wrong current passwords', async (fx) => {
      const c = await fx.customer();
      const request = { path: '/apis/auth/password', body: { current: 'pas-le-bon', new: 'nouveau-mot-de-passe' }, key: false, token: c.token };
      for (let i = 0; i < 5; i++) await call('POST /apis/auth/password', request, { status: 400 });
      return request;
    }],
  ],
  'GET /apis/auth/staff/': [
    [200, "the demo admin's token", async (fx) => ({ path: '/apis/auth/staff/', key: false, token: await fx.admin() })],
    [400, 'a query that is not UTF-8', async (fx) => ({ path: `/apis/auth/staff/${NOT_UTF8}`, key: false, token: await fx.admin() })],
    [401, 'the API key alone', () => ({ path: '/apis/auth/staff/' })],
    [403, "a customer's token", async (fx) => ({ path: '/apis/auth/staff/', key: false, token: (await fx.shopper()).token })],
  ],
  'POST /apis/auth/staff/': [
    [201, 'a new staff member, by the demo admin', async (fx) => ({ path: '/apis/auth/staff/', body: newStaff(), key: false, token: await fx.admin() })],
    [400, 'a role that does not exist', async (fx) => ({ path: '/apis/auth/staff/', body: { ...newStaff(), role: 'root' }, key: false, token: await fx.admin() })],
    [401, 'the API key alone', () => ({ path: '/apis/auth/staff/', body: newStaff() })],
    [403, "a customer's token", async (fx) => ({ path: '/apis/auth/staff/', body: newStaff(), key: false, token: (await fx.shopper()).token })],
    [409, "a customer's e-mail", async (fx) => ({ path: '/apis/auth/staff/', body: { ...newStaff(), email: (await fx.shopper()).email }, key: false, token: await fx.admin() })],
    [413, 'a body too large', async (fx) => ({ path: '/apis/auth/staff/', raw: TOO_LARGE, key: false, token: await fx.admin() })],
    [415, 'a text/plain body', async (fx) => ({ path: '/apis/auth/staff/', raw: '{}', type: 'text/plain', key: false, token: await fx.admin() })],
  ],
  'DELETE /apis/auth/staff/{id}': [
    [204, 'a staff account of its own', async (fx) => ({ path: `/apis/auth/staff/${await fx.staffMember()}`, key: false, token: await fx.admin() })],
    [400, 'a query that is not UTF-8', async (fx) => ({ path: `/apis/auth/staff/STAFFDEMOADMIN01${NOT_UTF8}`, key: false, token: await fx.admin() })],
    [401, 'the API key alone', async (fx) => ({ path: `/apis/auth/staff/${await fx.staffMember()}` })],
    [403, "a customer's token", async (fx) => ({ path: `/apis/auth/staff/${await fx.staffMember()}`, key: false, token: (await fx.shopper()).token })],
    [404, "a customer's id", async (fx) => ({ path: `/apis/auth/staff/${(await fx.shopper()).id}`, key: false, token: await fx.admin() })],
    [409, "the admin's own account", async (fx) => ({ path: '/apis/auth/staff/STAFFDEMOADMIN01', key: false, token: await fx.admin() })],
  ],

  // ------------------------------------------------ customers
  'POST /apis/customers/': [
    [201, 'a new account', () => ({ path: '/apis/customers/', body: signUpBody(), key: false })],
    [400, 'an empty object', () => ({ path: '/apis/customers/', body: {}, key: false })],
    [409, 'an e-mail that has an account', async (fx) => ({ path: '/apis/customers/', body: { ...signUpBody(), email: (await fx.shopper()).email }, key: false })],
    [413, 'a body too large', () => ({ path: '/apis/customers/', raw: TOO_LARGE, key: false })],
    [415, 'a text/plain body', () => ({ path: '/apis/customers/', raw: '{}', type: 'text/plain', key: false })],
  ],
  'GET /apis/customers/': [
    [200, 'a page', () => ({ path: '/apis/customers/?per_page=2' })],
    [200, 'a search by staff', async (fx) => ({ path: `/apis/customers/?q=${encodeURIComponent((await fx.shopper()).email)}`, key: false, token: (await fx.staff()).token })],
    [400, 'page=0', () => ({ path: '/apis/customers/?page=0' })],
    [400, 'q too long', () => ({ path: `/apis/customers/?q=${'x'.repeat(201)}` })],
    [401, 'no API key', () => ({ path: '/apis/customers/', key: false })],
    [403, "a customer's token", async (fx) => ({ path: '/apis/customers/', key: false, token: (await fx.shopper()).token })],
  ],
  'GET /apis/customers/me': [
    [200, 'with a token', async (fx) => ({ path: '/apis/customers/me', key: false, token: (await fx.shopper()).token })],
    [400, 'a query that is not UTF-8', async (fx) => ({ path: `/apis/customers/me${NOT_UTF8}`, key: false, token: (await fx.shopper()).token })],
    [401, 'a malformed token', () => ({ path: '/apis/customers/me', key: false, token: 'not.a.token' }), { headers: ['www-authenticate'] }],
  ],
  'PATCH /apis/customers/me': [
    [200, 'a new first name', async (fx) => ({ path: '/apis/customers/me', body: { first_name: 'Zoé' }, key: false, token: (await fx.shopper()).token })],
    [400, 'the e-mail', async (fx) => ({ path: '/apis/customers/me', body: { email: 'x@example.test' }, key: false, token: (await fx.shopper()).token })],
    [401, 'no token', () => ({ path: '/apis/customers/me', body: { first_name: 'Zoé' }, key: false }), { headers: ['www-authenticate'] }],
    [413, 'a body too large', async (fx) => ({ path: '/apis/customers/me', raw: TOO_LARGE, key: false, token: (await fx.shopper()).token })],
    [415, 'a text/plain body', async (fx) => ({ path: '/apis/customers/me', raw: '{}', type: 'text/plain', key: false, token: (await fx.shopper()).token })],
  ],
  'DELETE /apis/customers/me': [
    [204, 'an account of its own, with its password', async (fx) => {
      const c = await fx.customer();
      return { path: '/apis/customers/me', body: { password: c.password }, key: false, token: c.token };
    }],
    [400, 'a query that is not UTF-8', async (fx) => ({ path: `/apis/customers/me${NOT_UTF8}`, key: false, token: (await fx.customer()).token })],
    [400, 'no password', async (fx) => ({ path: '/apis/customers/me', body: {}, key: false, token: (await fx.customer()).token })],
    [401, 'no token', () => ({ path: '/apis/customers/me', key: false }), { headers: ['www-authenticate'] }],
    [403, 'a wrong password', async (fx) => ({ path: '/apis/customers/me', body: { password: 'not the password' }, key: false, token: (await fx.shopper()).token })],
    [413, 'a body too large', async (fx) => ({ path: '/apis/customers/me', raw: TOO_LARGE, key: false, token: (await fx.shopper()).token })],
    [415, 'a text/plain body', async (fx) => ({ path: '/apis/customers/me', raw: '{}', type: 'text/plain', key: false, token: (await fx.shopper()).token })],
    [429, 'a sixth wrong password', async (fx) => {
      const c = await fx.customer();
      const attempt = { path: '/apis/customers/me', body: { password: 'not the password' }, key: false, token: c.token };
      for (let i = 0; i < 5; i++) await call('DELETE /apis/customers/me', attempt, { status: 403 });
      return attempt;
    }],
  ],
  'GET /apis/customers/me/export': [
    [200, 'with a token', async (fx) => ({ path: '/apis/customers/me/export', key: false, token: (await fx.shopper()).token })],
    [400, 'a query that is not UTF-8', async (fx) => ({ path: `/apis/customers/me/export${NOT_UTF8}`, key: false, token: (await fx.shopper()).token })],
    [401, 'no token', () => ({ path: '/apis/customers/me/export', key: false }), { headers: ['www-authenticate'] }],
  ],
  'GET /apis/customers/me/addresses': [
    [200, 'the book', async (fx) => ({ path: '/apis/customers/me/addresses', key: false, token: (await fx.shopper()).token })],
    [400, 'a query that is not UTF-8', async (fx) => ({ path: `/apis/customers/me/addresses${NOT_UTF8}`, key: false, token: (await fx.shopper()).token })],
    [401, 'no token', () => ({ path: '/apis/customers/me/addresses', key: false }), { headers: ['www-authenticate'] }],
  ],
  'POST /apis/customers/me/addresses': [
    [201, 'an address', async (fx) => ({ path: '/apis/customers/me/addresses', body: newAddress(), key: false, token: (await fx.shopper()).token })],
    [400, 'no street', async (fx) => ({ path: '/apis/customers/me/addresses', body: { ...newAddress(), street: undefined }, key: false, token: (await fx.shopper()).token })],
    [401, 'no token', () => ({ path: '/apis/customers/me/addresses', body: newAddress(), key: false }), { headers: ['www-authenticate'] }],
    [413, 'a body too large', async (fx) => ({ path: '/apis/customers/me/addresses', raw: TOO_LARGE, key: false, token: (await fx.shopper()).token })],
    [415, 'a text/plain body', async (fx) => ({ path: '/apis/customers/me/addresses', raw: '{}', type: 'text/plain', key: false, token: (await fx.shopper()).token })],
    [422, 'a 21st address', async (fx) => ({ path: '/apis/customers/me/addresses', body: newAddress(21), key: false, token: await fx.fullAddressBook() })],
  ],
  'GET /apis/customers/me/addresses/{id}': [
    [200, 'an address of the book', async (fx) => ({ path: `/apis/customers/me/addresses/${await fx.address()}`, key: false, token: (await fx.shopper()).token })],
    [400, 'a query that is not UTF-8', async (fx) => ({ path: `/apis/customers/me/addresses/${await fx.address()}${NOT_UTF8}`, key: false, token: (await fx.shopper()).token })],
    [401, 'no token', async (fx) => ({ path: `/apis/customers/me/addresses/${await fx.address()}`, key: false }), { headers: ['www-authenticate'] }],
    [404, 'an unknown id', async (fx) => ({ path: `/apis/customers/me/addresses/${newCustomerId()}`, key: false, token: (await fx.shopper()).token })],
  ],
  'PUT /apis/customers/me/addresses/{id}': [
    [200, 'a new street', async (fx) => ({ path: `/apis/customers/me/addresses/${await fx.address()}`, body: newAddress(2), key: false, token: (await fx.shopper()).token })],
    [400, 'no street', async (fx) => ({ path: `/apis/customers/me/addresses/${await fx.address()}`, body: { ...newAddress(), street: undefined }, key: false, token: (await fx.shopper()).token })],
    [401, 'no token', async (fx) => ({ path: `/apis/customers/me/addresses/${await fx.address()}`, body: newAddress(), key: false }), { headers: ['www-authenticate'] }],
    [404, 'an unknown id', async (fx) => ({ path: `/apis/customers/me/addresses/${newCustomerId()}`, body: newAddress(), key: false, token: (await fx.shopper()).token })],
    [413, 'a body too large', async (fx) => ({ path: `/apis/customers/me/addresses/${await fx.address()}`, raw: TOO_LARGE, key: false, token: (await fx.shopper()).token })],
    [415, 'a text/plain body', async (fx) => ({ path: `/apis/customers/me/addresses/${await fx.address()}`, raw: '{}', type: 'text/plain', key: false, token: (await fx.shopper()).token })],
  ],
  'DELETE /apis/customers/me/addresses/{id}': [
    [204, 'an address of the book', async (fx) => ({ path: `/apis/customers/me/addresses/${await fx.newAddressId()}`, key: false, token: (await fx.shopper()).token })],
    [400, 'a query that is not UTF-8', async (fx) => ({ path: `/apis/customers/me/addresses/${await fx.address()}${NOT_UTF8}`, key: false, token: (await fx.shopper()).token })],
    [401, 'no token', async (fx) => ({ path: `/apis/customers/me/addresses/${await fx.address()}`, key: false }), { headers: ['www-authenticate'] }],
    [404, 'an unknown id', async (fx) => ({ path: `/apis/customers/me/addresses/${newCustomerId()}`, key: false, token: (await fx.shopper()).token })],
  ],
  'GET /apis/customers/{id}': [
    [200, 'a customer', async (fx) => ({ path: `/apis/customers/${(await fx.shopper()).id}` })],
    [200, 'a customer, for staff', async (fx) => ({ path: `/apis/customers/${(await fx.shopper()).id}`, key: false, token: (await fx.staff()).token })],
    [400, 'a query that is not UTF-8', async (fx) => ({ path: `/apis/customers/${(await fx.shopper()).id}${NOT_UTF8}` })],
    [401, 'no API key', async (fx) => ({ path: `/apis/customers/${(await fx.shopper()).id}`, key: false })],
    [403, "a customer's token", async (fx) => ({ path: `/apis/customers/${(await fx.shopper()).id}`, key: false, token: (await fx.shopper()).token })],
    [404, 'an unknown id', () => ({ path: `/apis/customers/${newCustomerId()}` })],
  ],
  'DELETE /apis/customers/{id}': [
    [204, 'a customer, by staff', async (fx) => ({ path: `/apis/customers/${(await fx.customer()).id}`, key: false, token: (await fx.staff()).token })],
    [400, 'a query that is not UTF-8', async (fx) => ({ path: `/apis/customers/${newCustomerId()}${NOT_UTF8}`, key: false, token: (await fx.staff()).token })],
    [401, 'no token (the API key is not enough)', async (fx) => ({ path: `/apis/customers/${(await fx.shopper()).id}` }), { headers: ['www-authenticate'] }],
    [403, "a customer's token", async (fx) => ({ path: `/apis/customers/${(await fx.shopper()).id}`, key: false, token: (await fx.shopper()).token })],
    [404, 'an unknown id', async (fx) => ({ path: `/apis/customers/${newCustomerId()}`, key: false, token: (await fx.staff()).token })],
  ],
  'GET /apis/customers/{id}/export': [
    [200, 'a customer, for staff', async (fx) => ({ path: `/apis/customers/${(await fx.shopper()).id}/export`, key: false, token: (await fx.staff()).token })],
    [400, 'a query that is not UTF-8', async (fx) => ({ path: `/apis/customers/${(await fx.shopper()).id}/export${NOT_UTF8}`, key: false, token: (await fx.staff()).token })],
    [401, 'no token', async (fx) => ({ path: `/apis/customers/${(await fx.shopper()).id}/export` }), { headers: ['www-authenticate'] }],
    [403, "a customer's token", async (fx) => ({ path: `/apis/customers/${(await fx.shopper()).id}/export`, key: false, token: (await fx.shopper()).token })],
    [404, 'an unknown id', async (fx) => ({ path: `/apis/customers/${newCustomerId()}/export`, key: false, token: (await fx.staff()).token })],
  ],
  'GET /apis/customers/{id}/erasure': [
    [200, 'an erased customer', async (fx) => ({ path: `/apis/customers/${await fx.erasedCustomer()}/erasure`, key: false, token: (await fx.staff()).token })],
    [400, 'a query that is not UTF-8', async (fx) => ({ path: `/apis/customers/${await fx.erasedCustomer()}/erasure${NOT_UTF8}`, key: false, token: (await fx.staff()).token })],
    [401, 'no token', async (fx) => ({ path: `/apis/customers/${await fx.erasedCustomer()}/erasure` }), { headers: ['www-authenticate'] }],
    [403, "a customer's token", async (fx) => ({ path: `/apis/customers/${await fx.erasedCustomer()}/erasure`, key: false, token: (await fx.shopper()).token })],
    [404, 'a customer never erased', async (fx) => ({ path: `/apis/customers/${(await fx.shopper()).id}/erasure`, key: false, token: (await fx.staff()).token })],
  ],

  'GET /apis/customers/{id}/history': [
    [200, 'an erased customer (their erasure)', async (fx) => ({ path: `/apis/customers/${await fx.erasedCustomer()}/history`, key: false, token: (await fx.staff()).token })],
    [400, 'per_page=101', async (fx) => ({ path: `/apis/customers/${(await fx.shopper()).id}/history?per_page=101`, key: false, token: (await fx.staff()).token })],
    [401, 'the API key alone', async (fx) => ({ path: `/apis/customers/${(await fx.shopper()).id}/history` }), { headers: ['www-authenticate'] }],
    [403, "a customer's own", async (fx) => ({ path: `/apis/customers/${(await fx.shopper()).id}/history`, key: false, token: (await fx.shopper()).token })],
    [404, 'an unknown id', async (fx) => ({ path: `/apis/customers/${newCustomerId()}/history`, key: false, token: (await fx.staff()).token })],
  ],

  // ------------------------------------------------ carts
  'POST /apis/carts/': [
    [201, 'a guest cart', () => ({ path: '/apis/carts/' })],
    [200, 'a customer who has a cart', async (fx) => ({ path: '/apis/carts/', token: await fx.customerWithCart() })],
    [400, 'a query that is not UTF-8', () => ({ path: `/apis/carts/${NOT_UTF8}` })],
    [401, 'no API key', () => ({ path: '/apis/carts/', key: false })],
    [401, 'a malformed token', () => ({ path: '/apis/carts/', token: 'not.a.token' }), { headers: ['www-authenticate'] }],
  ],
  'DELETE /apis/carts/customers/{customer_id}': [
    [204, "a customer's carts", async (fx) => ({ path: `/apis/carts/customers/${(await fx.customer()).id}` })],
    [400, 'a query that is not UTF-8', () => ({ path: `/apis/carts/customers/${newCustomerId()}${NOT_UTF8}` })],
    [401, 'no API key', () => ({ path: `/apis/carts/customers/${newCustomerId()}`, key: false })],
    [404, 'not a customer id', () => ({ path: '/apis/carts/customers/..%2F..%2Fx' })],
  ],
  'GET /apis/carts/{id}': [
    [200, 'a guest cart with a line', async (fx) => ({ path: `/apis/carts/${await fx.cart(SOFA)}` })],
    [400, 'a query that is not UTF-8', async (fx) => ({ path: `/apis/carts/${await fx.cart()}${NOT_UTF8}` })],
    [401, 'no API key', async (fx) => ({ path: `/apis/carts/${await fx.cart()}`, key: false })],
    [404, 'an unknown id', () => ({ path: '/apis/carts/NOSUCHCART00000000000000' })],
    // The spec: "the source cart is deleted: later requests for its id answer 404" (issue 16).
    [404, 'a cart merged into another', async (fx) => ({ path: `/apis/carts/${await fx.mergedCart()}` })],
  ],
  'DELETE /apis/carts/{id}': [
    [204, 'a guest cart', async (fx) => ({ path: `/apis/carts/${await fx.cart(SOFA)}` })],
    [400, 'a query that is not UTF-8', async (fx) => ({ path: `/apis/carts/${await fx.cart()}${NOT_UTF8}` })],
    [401, 'no API key', async (fx) => ({ path: `/apis/carts/${await fx.cart()}`, key: false })],
    [404, 'an unknown id', () => ({ path: '/apis/carts/NOSUCHCART00000000000000' })],
  ],
  'POST /apis/carts/{id}/lines': [
    [200, 'one sofa', async (fx) => ({ path: `/apis/carts/${await fx.cart()}/lines`, body: { product_id: SOFA, quantity: 1 } })],
    [400, 'a product id of the wrong shape', async (fx) => ({ path: `/apis/carts/${await fx.cart()}/lines`, body: { product_id: 'sofa', quantity: 1 } })],
    [401, 'no API key', async (fx) => ({ path: `/apis/carts/${await fx.cart()}/lines`, body: { product_id: SOFA, quantity: 1 }, key: false })],
    [404, 'an unknown product', async (fx) => ({ path: `/apis/carts/${await fx.cart()}/lines`, body: { product_id: 'ZZZZZZZZZZ', quantity: 1 } })],
    [413, 'a body too large', async (fx) => ({ path: `/apis/carts/${await fx.cart()}/lines`, raw: TOO_LARGE })],
    [415, 'a text/plain body', async (fx) => ({ path: `/apis/carts/${await fx.cart()}/lines`, raw: '{}', type: 'text/plain' })],
    [422, 'more than the stock', async (fx) => ({ path: `/apis/carts/${await fx.cart()}/lines`, body: { product_id: await fx.product(), quantity: 6 } })],
  ],
  'PATCH /apis/carts/{id}/lines/{product_id}': [
    [200, 'two instead of one', async (fx) => ({ path: `/apis/carts/${await fx.cart(SOFA)}/lines/${SOFA}`, body: { quantity: 2 } })],
    [400, 'a quantity of 100', async (fx) => ({ path: `/apis/carts/${await fx.cart(SOFA)}/lines/${SOFA}`, body: { quantity: 100 } })],
    [401, 'no API key', async (fx) => ({ path: `/apis/carts/${await fx.cart(SOFA)}/lines/${SOFA}`, body: { quantity: 2 }, key: false })],
    [404, 'a product the cart does not hold', async (fx) => ({ path: `/apis/carts/${await fx.cart(SOFA)}/lines/ZZZZZZZZZZ`, body: { quantity: 2 } })],
    [413, 'a body too large', async (fx) => ({ path: `/apis/carts/${await fx.cart(SOFA)}/lines/${SOFA}`, raw: TOO_LARGE })],
    [415, 'a text/plain body', async (fx) => ({ path: `/apis/carts/${await fx.cart(SOFA)}/lines/${SOFA}`, raw: '{}', type: 'text/plain' })],
    [422, 'more than the stock', async (fx) => { const id = await fx.product(); return { path: `/apis/carts/${await fx.cart(id)}/lines/${id}`, body: { quantity: 6 } }; }],
  ],
  'DELETE /apis/carts/{id}/lines/{product_id}': [
    [200, 'a line of the cart', async (fx) => ({ path: `/apis/carts/${await fx.cart(SOFA)}/lines/${SOFA}` })],
    [400, 'a query that is not UTF-8', async (fx) => ({ path: `/apis/carts/${await fx.cart(SOFA)}/lines/${SOFA}${NOT_UTF8}` })],
    [401, 'no API key', async (fx) => ({ path: `/apis/carts/${await fx.cart(SOFA)}/lines/${SOFA}`, key: false })],
    [404, 'an unknown cart', () => ({ path: `/apis/carts/NOSUCHCART00000000000000/lines/${SOFA}` })],
  ],
  'POST /apis/carts/{id}/merge': [
    [200, 'a guest cart into another', async (fx) => ({ path: `/apis/carts/${await fx.cart()}/merge`, body: { from_cart_id: await fx.cart(SOFA) } })],
    [400, 'no from_cart_id', async (fx) => ({ path: `/apis/carts/${await fx.cart()}/merge`, body: {} })],
    [401, 'no API key', async (fx) => ({ path: `/apis/carts/${await fx.cart()}/merge`, body: { from_cart_id: await fx.cart() }, key: false })],
    [404, 'an unknown source cart', async (fx) => ({ path: `/apis/carts/${await fx.cart()}/merge`, body: { from_cart_id: 'NOSUCHCART00000000000000' } })],
    [413, 'a body too large', async (fx) => ({ path: `/apis/carts/${await fx.cart()}/merge`, raw: TOO_LARGE })],
    [415, 'a text/plain body', async (fx) => ({ path: `/apis/carts/${await fx.cart()}/merge`, raw: '{}', type: 'text/plain' })],
  ],

  // ------------------------------------------------ shipping
  'POST /apis/shipping/quote': [
    [200, 'to France', () => ({ path: '/apis/shipping/quote', body: { address: ADDRESS } })],
    [400, 'no address', () => ({ path: '/apis/shipping/quote', body: {} })],
    [401, 'no API key', () => ({ path: '/apis/shipping/quote', body: { address: ADDRESS }, key: false })],
    [413, 'a body too large', () => ({ path: '/apis/shipping/quote', raw: TOO_LARGE })],
    [415, 'a text/plain body', () => ({ path: '/apis/shipping/quote', raw: '{}', type: 'text/plain' })],
    [422, 'to Japan', () => ({ path: '/apis/shipping/quote', body: { address: JAPAN } })],
  ],
  'POST /apis/shipping/shipments': [
    [201, 'a new order reference', () => ({ path: '/apis/shipping/shipments', body: { order_reference: newReference(), address: ADDRESS } })],
    [200, 'a reference that has a shipment', async (fx) => ({ path: '/apis/shipping/shipments', body: { order_reference: (await fx.shipment()).order_reference, address: ADDRESS } })],
    [400, 'no order_reference', () => ({ path: '/apis/shipping/shipments', body: { address: ADDRESS } })],
    [401, 'no API key', () => ({ path: '/apis/shipping/shipments', body: { order_reference: newReference(), address: ADDRESS }, key: false })],
    [413, 'a body too large', () => ({ path: '/apis/shipping/shipments', raw: TOO_LARGE })],
    [415, 'a text/plain body', () => ({ path: '/apis/shipping/shipments', raw: '{}', type: 'text/plain' })],
    [422, 'to Japan', () => ({ path: '/apis/shipping/shipments', body: { order_reference: newReference(), address: JAPAN } })],
  ],
  'GET /apis/shipping/countries': [
    [200, 'public: no key, no token', () => ({ path: '/apis/shipping/countries', key: false })],
    [400, 'a query that is not UTF-8', () => ({ path: `/apis/shipping/countries${NOT_UTF8}`, key: false })],
  ],
  'GET /apis/shipping/shipments/{tracking_id}': [
    [200, 'a shipment', async (fx) => ({ path: `/apis/shipping/shipments/${(await fx.shipment()).tracking_id}` })],
    [400, 'a query that is not UTF-8', async (fx) => ({ path: `/apis/shipping/shipments/${(await fx.shipment()).tracking_id}${NOT_UTF8}` })],
    [401, 'no API key', async (fx) => ({ path: `/apis/shipping/shipments/${(await fx.shipment()).tracking_id}`, key: false })],
    [404, 'an unknown tracking id', () => ({ path: '/apis/shipping/shipments/RTAAAAAAAAAAAAFR' })],
  ],

  // ------------------------------------------------ payments
  'GET /apis/payments/charges': [
    [200, 'a key a charge was made under', async (fx) => ({ path: `/apis/payments/charges?idempotency_key=${(await fx.charge()).key}` })],
    [400, 'no idempotency_key', () => ({ path: '/apis/payments/charges' })],
    [401, 'no API key', () => ({ path: '/apis/payments/charges?idempotency_key=x', key: false })],
  ],
  'POST /apis/payments/charges': [
    [201, 'the test card', () => ({ path: '/apis/payments/charges', body: { amount: { amount: 1000, currency: 'EUR' }, card: CARD } })],
    [400, 'no card', () => ({ path: '/apis/payments/charges', body: { amount: { amount: 1000, currency: 'EUR' } } })],
    [401, 'no API key', () => ({ path: '/apis/payments/charges', body: { amount: { amount: 1000, currency: 'EUR' }, card: CARD }, key: false })],
    [402, 'the declined test card', () => ({ path: '/apis/payments/charges', body: { amount: { amount: 1000, currency: 'EUR' }, card: DECLINED_CARD } })],
    [413, 'a body too large', () => ({ path: '/apis/payments/charges', raw: TOO_LARGE })],
    [415, 'a text/plain body', () => ({ path: '/apis/payments/charges', raw: '{}', type: 'text/plain' })],
  ],
  'GET /apis/payments/charges/{id}': [
    [200, 'a charge', async (fx) => ({ path: `/apis/payments/charges/${(await fx.charge()).id}` })],
    [400, 'a query that is not UTF-8', async (fx) => ({ path: `/apis/payments/charges/${(await fx.charge()).id}${NOT_UTF8}` })],
    [401, 'no API key', async (fx) => ({ path: `/apis/payments/charges/${(await fx.charge()).id}`, key: false })],
    [404, 'an unknown id', () => ({ path: '/apis/payments/charges/ch_AAAAAAAAAAAAAAAAAAAAAAAA' })],
  ],
  'POST /apis/payments/charges/{id}/refund': [
    [200, 'a charge of its own', async (fx) => ({ path: `/apis/payments/charges/${(await fx.charge(true)).id}/refund` })],
    [400, 'a query that is not UTF-8', async (fx) => ({ path: `/apis/payments/charges/${(await fx.charge()).id}/refund${NOT_UTF8}` })],
    [401, 'no API key', async (fx) => ({ path: `/apis/payments/charges/${(await fx.charge()).id}/refund`, key: false })],
    [404, 'an unknown id', () => ({ path: '/apis/payments/charges/ch_AAAAAAAAAAAAAAAAAAAAAAAA/refund' })],
    [422, 'a failed charge', async (fx) => ({ path: `/apis/payments/charges/${await fx.failedCharge()}/refund` })],
  ],

  // ------------------------------------------------ orders
  'POST /apis/orders/': [
    [201, 'a guest order under an Idempotency-Key', async (fx) => (fx.keyedOrder = { path: '/apis/orders/', body: orderBody(await fx.cart(SOFA)), headers: { 'Idempotency-Key': newKey() } })],
    [201, 'the same request again (a replay)', (fx) => fx.keyedOrder, { headers: ['idempotent-replayed'], absent: ['location'] }],
    [400, 'an empty object', () => ({ path: '/apis/orders/', body: {} })],
    [401, 'no API key', async (fx) => ({ path: '/apis/orders/', body: orderBody(await fx.cart(SOFA)), key: false })],
    [402, 'the declined test card', async (fx) => ({ path: '/apis/orders/', body: { ...orderBody(await fx.cart(SOFA)), card: DECLINED_CARD } })],
    [404, 'an unknown cart', () => ({ path: '/apis/orders/', body: orderBody('NOSUCHCART00000000000000') })],
    [409, 'a used Idempotency-Key with another body', async (fx) => ({ ...fx.keyedOrder, body: orderBody(await fx.cart(SOFA)) })],
    [413, 'a body too large', () => ({ path: '/apis/orders/', raw: TOO_LARGE })],
    [415, 'a text/plain body', () => ({ path: '/apis/orders/', raw: '{}', type: 'text/plain' })],
    [422, 'an empty cart', async (fx) => ({ path: '/apis/orders/', body: orderBody(await fx.cart()) })],
  ],
  'GET /apis/orders/': [
    [200, "a customer's orders", async (fx) => ({ path: '/apis/orders/', key: false, token: (await fx.shopper()).token })],
    [400, 'page=0', async (fx) => ({ path: '/apis/orders/?page=0', key: false, token: (await fx.shopper()).token })],
    [401, 'the API key alone', () => ({ path: '/apis/orders/' }), { headers: ['www-authenticate'] }],
    [200, 'every paid order matching words, for staff', async (fx) => ({ path: '/apis/orders/?status=paid&q=CAMILLE%20martin&per_page=5', key: false, token: await fx.staffToken() })],
    [400, 'an unknown status, for staff', async (fx) => ({ path: '/apis/orders/?status=confirmed', key: false, token: await fx.staffToken() })],
  ],
  'GET /apis/orders/customers/{customer_id}': [
    [200, "a customer's orders, for staff", async (fx) => ({ path: `/apis/orders/customers/${(await fx.shopper()).id}`, key: false, token: (await fx.staff()).token })],
    [400, 'per_page=0', async (fx) => ({ path: `/apis/orders/customers/${(await fx.shopper()).id}?per_page=0`, key: false, token: (await fx.staff()).token })],
    [401, 'the API key alone', async (fx) => ({ path: `/apis/orders/customers/${(await fx.shopper()).id}` }), { headers: ['www-authenticate'] }],
    [403, "a customer's token", async (fx) => ({ path: `/apis/orders/customers/${(await fx.shopper()).id}`, key: false, token: (await fx.shopper()).token })],
    [404, 'not a customer id', async (fx) => ({ path: '/apis/orders/customers/abc', key: false, token: (await fx.staff()).token })],
  ],
  'DELETE /apis/orders/customers/{customer_id}/personal-data': [
    [204, 'a customer without orders', () => ({ path: `/apis/orders/customers/${newCustomerId()}/personal-data` })],
    [400, 'a query that is not UTF-8', () => ({ path: `/apis/orders/customers/${newCustomerId()}/personal-data${NOT_UTF8}` })],
    [401, 'no API key', () => ({ path: `/apis/orders/customers/${newCustomerId()}/personal-data`, key: false })],
    [404, 'not a customer id', () => ({ path: '/apis/orders/customers/abc/personal-data' })],
  ],
  'GET /apis/orders/{reference}': [
    [200, 'with its X-Order-Token', async (fx) => { const o = await fx.order(); return { path: `/apis/orders/${o.reference}`, key: false, headers: { 'X-Order-Token': o.access_token } }; }],
    [400, 'a query that is not UTF-8', async (fx) => { const o = await fx.order(); return { path: `/apis/orders/${o.reference}${NOT_UTF8}`, key: false, headers: { 'X-Order-Token': o.access_token } }; }],
    [401, 'a malformed token', async (fx) => ({ path: `/apis/orders/${(await fx.order()).reference}`, key: false, token: 'not.a.token' }), { headers: ['www-authenticate'] }],
    [404, 'no credential', async (fx) => ({ path: `/apis/orders/${(await fx.order()).reference}`, key: false })],
  ],
  // The staff's changes (a token with the staff or admin role) and the history.
  'POST /apis/orders/{reference}/shipment': [
    [200, 'a paid order', async (fx) => ({ path: `/apis/orders/${await fx.newOrder()}/shipment`, body: SHIPMENT, key: false, token: await fx.staffToken() })],
    [400, 'a line feed in the carrier', async (fx) => ({ path: `/apis/orders/${await fx.newOrder()}/shipment`, body: { ...SHIPMENT, carrier: 'Colis\nsimo' }, key: false, token: await fx.staffToken() })],
    [401, 'the API key alone', async (fx) => ({ path: `/apis/orders/${await fx.newOrder()}/shipment`, body: SHIPMENT }), { headers: ['www-authenticate'] }],
    [403, "a customer's token", async (fx) => ({ path: `/apis/orders/${await fx.newOrder()}/shipment`, body: SHIPMENT, key: false, token: (await fx.shopper()).token })],
    [404, 'an unknown reference', async (fx) => ({ path: `/apis/orders/${newReference()}/shipment`, body: SHIPMENT, key: false, token: await fx.staffToken() })],
    [409, 'an order shipped already', async (fx) => ({ path: `/apis/orders/${await fx.shippedOrder()}/shipment`, body: SHIPMENT, key: false, token: await fx.staffToken() })],
    [413, 'a body too large', async (fx) => ({ path: `/apis/orders/${await fx.newOrder()}/shipment`, raw: TOO_LARGE, key: false, token: await fx.staffToken() })],
    [415, 'a text/plain body', async (fx) => ({ path: `/apis/orders/${await fx.newOrder()}/shipment`, raw: '{}', type: 'text/plain', key: false, token: await fx.staffToken() })],
  ],
  'POST /apis/orders/{reference}/delivery': [
    [200, 'a shipped order', async (fx) => ({ path: `/apis/orders/${await fx.shippedOrder()}/delivery`, key: false, token: await fx.staffToken() })],
    [400, 'an unknown field', async (fx) => ({ path: `/apis/orders/${await fx.shippedOrder()}/delivery`, body: { status: 'delivered' }, key: false, token: await fx.staffToken() })],
    [401, 'the API key alone', async (fx) => ({ path: `/apis/orders/${await fx.shippedOrder()}/delivery` }), { headers: ['www-authenticate'] }],
    [403, "a customer's token", async (fx) => ({ path: `/apis/orders/${await fx.shippedOrder()}/delivery`, key: false, token: (await fx.shopper()).token })],
    [404, 'an unknown reference', async (fx) => ({ path: `/apis/orders/${newReference()}/delivery`, key: false, token: await fx.staffToken() })],
    [409, 'a paid order, not shipped', async (fx) => ({ path: `/apis/orders/${await fx.newOrder()}/delivery`, key: false, token: await fx.staffToken() })],
    [413, 'a body too large', async (fx) => ({ path: `/apis/orders/${await fx.shippedOrder()}/delivery`, raw: TOO_LARGE, key: false, token: await fx.staffToken() })],
    [415, 'a text/plain body', async (fx) => ({ path: `/apis/orders/${await fx.shippedOrder()}/delivery`, raw: '{}', type: 'text/plain', key: false, token: await fx.staffToken() })],
  ],
  'POST /apis/orders/{reference}/cancellation': [
    [200, 'a paid order', async (fx) => ({ path: `/apis/orders/${await fx.newOrder()}/cancellation`, body: CANCELLATION, key: false, token: await fx.staffToken() })],
    [400, 'no reason', async (fx) => ({ path: `/apis/orders/${await fx.newOrder()}/cancellation`, body: {}, key: false, token: await fx.staffToken() })],
    [401, 'the API key alone', async (fx) => ({ path: `/apis/orders/${await fx.newOrder()}/cancellation`, body: CANCELLATION }), { headers: ['www-authenticate'] }],
    [403, "a customer's token", async (fx) => ({ path: `/apis/orders/${await fx.newOrder()}/cancellation`, body: CANCELLATION, key: false, token: (await fx.shopper()).token })],
    [404, 'an unknown reference', async (fx) => ({ path: `/apis/orders/${newReference()}/cancellation`, body: CANCELLATION, key: false, token: await fx.staffToken() })],
    [409, 'a shipped order', async (fx) => ({ path: `/apis/orders/${await fx.shippedOrder()}/cancellation`, body: CANCELLATION, key: false, token: await fx.staffToken() })],
    [413, 'a body too large', async (fx) => ({ path: `/apis/orders/${await fx.newOrder()}/cancellation`, raw: TOO_LARGE, key: false, token: await fx.staffToken() })],
    [415, 'a text/plain body', async (fx) => ({ path: `/apis/orders/${await fx.newOrder()}/cancellation`, raw: '{}', type: 'text/plain', key: false, token: await fx.staffToken() })],
  ],
  'GET /apis/orders/{reference}/history': [
    [200, 'a shipped order', async (fx) => ({ path: `/apis/orders/${await fx.shippedOrder()}/history`, key: false, token: await fx.staffToken() })],
    [400, 'a query that is not UTF-8', async (fx) => ({ path: `/apis/orders/${await fx.shippedOrder()}/history${NOT_UTF8}`, key: false, token: await fx.staffToken() })],
    [401, 'the API key alone', async (fx) => ({ path: `/apis/orders/${await fx.shippedOrder()}/history` }), { headers: ['www-authenticate'] }],
    [403, "a customer's token", async (fx) => ({ path: `/apis/orders/${await fx.shippedOrder()}/history`, key: false, token: (await fx.shopper()).token })],
    [404, 'an unknown reference', async (fx) => ({ path: `/apis/orders/${newReference()}/history`, key: false, token: await fx.staffToken() })],
  ],

  // ------------------------------------------------ e-mails
  'POST /apis/emails/': [
    [202, 'a new message', () => ({ path: '/apis/emails/', body: newEmail() })],
    [200, 'a dedup_key already used', async (fx) => ({ path: '/apis/emails/', body: { ...newEmail(), dedup_key: (await fx.email()).dedup_key } })],
    [400, 'no subject', () => ({ path: '/apis/emails/', body: { ...newEmail(), subject: undefined } })],
    [401, 'no API key', () => ({ path: '/apis/emails/', body: newEmail(), key: false })],
    [413, 'a body too large', () => ({ path: '/apis/emails/', raw: TOO_LARGE })],
    [415, 'a text/plain body', () => ({ path: '/apis/emails/', raw: '{}', type: 'text/plain' })],
  ],
  'GET /apis/emails/': [
    [200, 'the outbox', async (fx) => { await fx.email(); return { path: '/apis/emails/?per_page=5' }; }],
    [400, 'per_page=0', () => ({ path: '/apis/emails/?per_page=0' })],
    [401, 'no API key', () => ({ path: '/apis/emails/', key: false })],
  ],
  'DELETE /apis/emails/customers/{customer_id}/personal-data': [
    [204, 'a customer without mail', () => ({ path: `/apis/emails/customers/${newCustomerId()}/personal-data` })],
    [400, 'a query that is not UTF-8', () => ({ path: `/apis/emails/customers/${newCustomerId()}/personal-data${NOT_UTF8}` })],
    [401, 'no API key', () => ({ path: `/apis/emails/customers/${newCustomerId()}/personal-data`, key: false })],
    [404, 'not a customer id', () => ({ path: '/apis/emails/customers/abc/personal-data' })],
  ],
  'GET /apis/emails/{id}': [
    [200, 'a message', async (fx) => ({ path: `/apis/emails/${(await fx.email()).id}` })],
    [400, 'a query that is not UTF-8', async (fx) => ({ path: `/apis/emails/${(await fx.email()).id}${NOT_UTF8}` })],
    [401, 'no API key', async (fx) => ({ path: `/apis/emails/${(await fx.email()).id}`, key: false })],
    [404, 'an unknown id', () => ({ path: '/apis/emails/AAAAAAAAAAAAAAAAAAAA' })],
  ],

  // ------------------------------------------------ operations
  'GET /healthz': [
    [200, 'alive', () => ({ path: '/healthz', key: false })],
  ],
  'GET /readyz': [
    [200, 'ready', () => ({ path: '/readyz', key: false })],
  ],
  'GET /metrics': [
    [200, 'the metrics', () => ({ path: '/metrics', key: false })],
    [404, 'through a trusted proxy', () => ({ path: '/metrics', key: false, headers: { 'X-Forwarded-For': '203.0.113.9' } })],
  ],
};

function signUpBody() {
  return { email: uniqueEmail('openapi'), password: 'conformite-2026', first_name: 'Lea', last_name: 'Petit' };
}
function orderBody(cartId) {
  return { cart_id: cartId, email: uniqueEmail('order'), shipping_address: ADDRESS, card: CARD };
}

// ---------------------------------------------------------------- sending and checking

let sink;
let srv;
const reached = new Map(); // operation -> Set of statuses answered to a checked request

before(async () => {
  sink = await startSink();
  srv = await startServer({
    env: {
      SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
      EMAIL_RETRY_BASE_MS: '200',
      EMAIL_POLL_MS: '100',
      TRUSTED_PROXIES: '127.0.0.1', // the test is the proxy for /metrics's 404
    },
  });
});
after(async () => {
  await srv?.stop();
  await sink?.stop();
});

// Sends `request` for operation `key`; answers {status, headers (Headers), text, json}.
async function send(key, request) {
  const { method } = contract.operation(key);
  const headers = { ...request.headers };
  if (request.key !== false) headers['X-Api-Key'] = API_KEY;
  if (request.token) headers.Authorization = `Bearer ${request.token}`;
  if (request.raw === TOO_LARGE) {
    // The server answers as soon as it sees the Content-Length, then closes: no need to send it all.
    const r = await rawRequest(srv.url, {
      method, path: request.path, body: '{}',
      headers: { ...headers, 'Content-Type': 'application/json', 'Content-Length': String(1024 * 1024 + 1) },
    });
    return { status: r.status, headers: new Headers(Object.entries(r.headers).map(([k, v]) => [k, String(v)])), text: r.body };
  }
  if (request.raw === TOO_LARGE_PHOTO) {  // the same, over the photo route's own 5 MiB
    const r = await rawRequest(srv.url, {
      method, path: request.path, body: png(),
      headers: { ...headers, 'Content-Type': request.type, 'Content-Length': String(5 * 1024 * 1024 + 1) },
    });
    return { status: r.status, headers: new Headers(Object.entries(r.headers).map(([k, v]) => [k, String(v)])), text: r.body };
  }
  let body;
  if (request.raw !== undefined) body = request.raw;
  else if (request.body !== undefined) body = JSON.stringify(request.body);
  if (body !== undefined) headers['Content-Type'] = request.type ?? 'application/json';
  const res = await fetch(srv.url + request.path, { method, headers, body, redirect: 'manual' });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

// Sends a request and checks the answer against the contract; `status`, when given, is the one the
// case must get. Fixtures call it too, so what they do is checked as well. Answers the parsed body.
async function call(key, request, { status, expect, what = '' } = {}) {
  const pathOnly = request.path.split('?')[0];
  assert.ok(contract.pathFits(key, pathOnly), `${request.path} is not a path of ${key}`);
  if (status >= 200 && status < 300 && request.body !== undefined) {
    assert.deepEqual(contract.checkRequestBody(key, request.body), [], `${key} (${what}): the table sends a body the spec's requestBody refuses`);
  }
  const answer = await send(key, request);
  const label = `${key} ${request.path}${what ? ` (${what})` : ''} answered ${answer.status}`;
  if (!reached.has(key)) reached.set(key, new Set());
  reached.get(key).add(String(answer.status));
  assert.deepEqual(contract.check(key, answer, expect), [], `${label}: not as documented; body: ${answer.text.slice(0, 300)}`);
  if (status !== undefined) assert.equal(answer.status, status, `${label}, not ${status}; body: ${answer.text.slice(0, 300)}`);

  // Conditional GET: the same request with the answer's own ETag gets 304, unless the body changed
  // in between (/metrics counts the request before): a 200 with another ETag; then `*`, which always
  // matches, must get it.
  const etag = answer.headers.get('etag');
  if (contract.operation(key).method === 'GET' && answer.status === 200 && etag) {
    const conditional = async (ifNoneMatch) => {
      const again = await send(key, { ...request, headers: { ...request.headers, 'If-None-Match': ifNoneMatch } });
      reached.get(key).add(String(again.status));
      assert.deepEqual(contract.check(key, again), [], `${key} ${request.path} with If-None-Match: ${ifNoneMatch} answered ${again.status}: not as documented`);
      return again;
    };
    const again = await conditional(etag);
    const changed = again.status === 200 && again.headers.get('etag') !== etag;
    assert.equal(changed ? (await conditional('*')).status : again.status, 304, `${key} ${request.path} with If-None-Match: ${changed ? '*' : etag}`);
  }
  try { return answer.text ? JSON.parse(answer.text) : null; } catch { return answer.text; }
}

// ---------------------------------------------------------------- fixtures (made through the API)

const fx = {
  // A new customer, signed up and logged in: {id, email, password, token, refresh}.
  async customer() {
    const input = signUpBody();
    const created = await call('POST /apis/customers/', { path: '/apis/customers/', body: input, key: false }, { status: 201 });
    const pair = await call('POST /apis/auth/token', { path: '/apis/auth/token', body: { email: input.email, password: input.password }, key: false }, { status: 200 });
    return { id: created.id, email: input.email, password: input.password, token: pair.access_token, refresh: pair.refresh_token };
  },
  // A member of the shop's staff (a credential with the admin role, made with the API key), logged in:
  // {id, email, token}. Made once.
  staff() {
    return (this.sharedStaff ??= (async () => {
      const body = { customer_id: newCustomerId(), email: uniqueEmail('staff'), password: 'conformite-2026', roles: ['admin'] };
      await call('POST /apis/auth/credentials', { path: '/apis/auth/credentials', body }, { status: 201 });
      const pair = await call('POST /apis/auth/token', { path: '/apis/auth/token', body: { email: body.email, password: body.password }, key: false }, { status: 200 });
      return { id: body.customer_id, email: body.email, token: pair.access_token };
    })());
  },
  // A new staff account (role staff), added by the demo admin: its id.
  async staffMember() {
    return (await call('POST /apis/auth/staff/', { path: '/apis/auth/staff/', body: newStaff(), key: false, token: await this.admin() }, { status: 201 })).id;
  },
  // The id of a customer erased by staff, once.
  erasedCustomer() {
    return (this.sharedErased ??= (async () => {
      const c = await this.customer();
      await call('DELETE /apis/customers/{id}', { path: `/apis/customers/${c.id}`, key: false, token: (await this.staff()).token }, { status: 204 });
      return c.id;
    })());
  },
  // One customer shared by the cases that only need somebody logged in.
  shopper() { return (this.shared ??= this.customer()); },
  // The demo admin's access token (SEED_DEMO_DATA).
  async admin() {
    const body = { email: 'admin@example.fr', password: 'EDesign-Admin-2026' };
    return (await call('POST /apis/auth/token', { path: '/apis/auth/token', body, key: false }, { status: 200 })).access_token;
  },
  // The token of the link in a new customer's password reset e-mail (read from the outbox).
  async resetToken() {
    const c = await this.customer();
    await call('POST /apis/auth/password-reset', { path: '/apis/auth/password-reset', body: { email: c.email }, key: false }, { status: 202 });
    for (let i = 0; i < 100; i++) {
      const res = await fetch(`${srv.url}/apis/emails/?to=${encodeURIComponent(c.email)}`, { headers: { 'X-Api-Key': API_KEY } });
      const mail = (await res.json()).items?.find((m) => m.text.includes('/mot-de-passe/nouveau?token='));
      if (mail) return /token=([A-Za-z0-9_-]+)/.exec(mail.text)[1];
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no reset e-mail for ${c.email}`);
  },
  // A product of the test's own (stock 5), so that deleting or exhausting it touches nothing else.
  async product() {
    return (await call('POST /apis/products/', { path: '/apis/products/', body: newProduct() }, { status: 201 })).id;
  },
  // A product of its own with a photo: {id, url} (the photo's versioned URL).
  async photo() {
    const id = await this.product();
    const stored = await call('PUT /apis/products/{id}/image', { path: `/apis/products/${id}/image`, raw: png(), type: 'image/png' }, { status: 200 });
    return { id, url: stored.images[0] };
  },
  // A new, empty category: its slug.
  async category() {
    return (await call('POST /apis/products/categories', { path: '/apis/products/categories', body: newCategory() }, { status: 201 })).slug;
  },
  // A new guest cart, holding one unit of `productId` when given.
  async cart(productId) {
    const cart = await call('POST /apis/carts/', { path: '/apis/carts/' }, { status: 201 });
    if (productId) await call('POST /apis/carts/{id}/lines', { path: `/apis/carts/${cart.id}/lines`, body: { product_id: productId, quantity: 1 } }, { status: 200 });
    return cart.id;
  },
  // A guest cart that was merged into another one.
  async mergedCart() {
    const source = await this.cart(SOFA);
    const target = await this.cart();
    await call('POST /apis/carts/{id}/merge', { path: `/apis/carts/${target}/merge`, body: { from_cart_id: source } }, { status: 200 });
    return source;
  },
  // The token of a customer who already has a cart.
  async customerWithCart() {
    const c = await this.customer();
    await call('POST /apis/carts/', { path: '/apis/carts/', token: c.token }, { status: 201 });
    return c.token;
  },
  // An address of the shared customer's book, added once.
  address() { return (this.sharedAddress ??= this.newAddressId()); },
  async newAddressId() {
    const { token } = await this.shopper();
    return (await call('POST /apis/customers/me/addresses', { path: '/apis/customers/me/addresses', body: newAddress(), key: false, token }, { status: 201 })).id;
  },
  // The token of a customer whose address book is full (20 addresses).
  async fullAddressBook() {
    const { token } = await this.customer();
    for (let i = 1; i <= 20; i++) {
      await call('POST /apis/customers/me/addresses', { path: '/apis/customers/me/addresses', body: newAddress(i), key: false, token }, { status: 201 });
    }
    return token;
  },
  // The customer id of a new credential without a profile.
  async credential() {
    const body = { customer_id: newCustomerId(), email: uniqueEmail('credential'), password: 'conformite-2026' };
    return (await call('POST /apis/auth/credentials', { path: '/apis/auth/credentials', body }, { status: 201 })).customer_id;
  },
  // Five wrong passwords for one e-mail, then the request of a sixth attempt (429). They are said to
  // come from a documentation address (X-Client-Address, with the API key), so that the throttle of
  // 127.0.0.1 is not the one filled.
  async throttledLogIn() {
    const email = uniqueEmail('throttled');
    const attempt = { path: '/apis/auth/token', body: { email, password: 'wrong password' }, headers: { 'X-Client-Address': '198.51.100.23' } };
    for (let i = 0; i < 5; i++) await call('POST /apis/auth/token', attempt, { status: 401 });
    return attempt;
  },
  // A shipment made once: {tracking_id, order_reference...}.
  shipment() {
    return (this.sharedShipment ??= call('POST /apis/shipping/shipments', { path: '/apis/shipping/shipments', body: { order_reference: newReference(), address: ADDRESS } }, { status: 201 }));
  },
  // A charge of the test card made under an Idempotency-Key: {id, key}; a new one when `fresh`.
  async charge(fresh = false) {
    if (!fresh && this.sharedCharge) return this.sharedCharge;
    const key = newKey();
    const made = call('POST /apis/payments/charges', { path: '/apis/payments/charges', body: { amount: { amount: 1000, currency: 'EUR' }, card: CARD }, headers: { 'Idempotency-Key': key } }, { status: 201 })
      .then((c) => ({ id: c.id, key }));
    if (!fresh) this.sharedCharge = made;
    return made;
  },
  // The id of a failed charge (the declined card), found by its Idempotency-Key as the checkout does.
  async failedCharge() {
    const key = newKey();
    await call('POST /apis/payments/charges', { path: '/apis/payments/charges', body: { amount: { amount: 1000, currency: 'EUR' }, card: DECLINED_CARD }, headers: { 'Idempotency-Key': key } }, { status: 402 });
    const found = await call('GET /apis/payments/charges', { path: `/apis/payments/charges?idempotency_key=${key}` }, { status: 200 });
    assert.equal(found.items[0]?.status, 'failed', JSON.stringify(found));
    return found.items[0].id;
  },
  // A guest order placed once: {reference, access_token...}.
  order() {
    return (this.sharedOrder ??= this.cart(SOFA).then((cartId) => call('POST /apis/orders/', { path: '/apis/orders/', body: orderBody(cartId) }, { status: 201 })));
  },
  // A staff member's access token (the shared staff account's).
  async staffToken() { return (await this.staff()).token; },
  // The reference of a new guest order (of a product of its own), paid.
  async newOrder() {
    const cartId = await this.cart(await this.product());
    return (await call('POST /apis/orders/', { path: '/apis/orders/', body: orderBody(cartId) }, { status: 201 })).reference;
  },
  // The reference of an order shipped once, by staff.
  shippedOrder() {
    return (this.sharedShipped ??= this.newOrder().then(async (reference) => {
      await call('POST /apis/orders/{reference}/shipment', { path: `/apis/orders/${reference}/shipment`, body: SHIPMENT, key: false, token: await this.staffToken() }, { status: 200 });
      return reference;
    }));
  },
  // A message queued once: {id, dedup_key...}.
  email() {
    return (this.sharedEmail ??= call('POST /apis/emails/', { path: '/apis/emails/', body: newEmail() }, { status: 202 }));
  },
};

// ---------------------------------------------------------------- the tests

test('the table names only operations of the spec', () => {
  const documented = new Set(contract.operations.map((o) => o.key));
  assert.deepEqual(Object.keys(REQUESTS).filter((k) => !documented.has(k)), []);
});

// The pipeline gives every GET answered 200 an ETag and answers a matching If-None-Match with 304
// (src/platform/http/pipeline.cpp), whatever the route: so every GET documents all three.
test('every GET documents the conditional GET: ETag on its 200, the If-None-Match parameter, a 304', () => {
  const gaps = [];
  for (const { key, method, path, op } of contract.operations) {
    if (method !== 'GET') continue;
    const ok = contract.deref(op.responses?.['200']);
    if (!Object.keys(ok?.headers ?? {}).some((h) => h.toLowerCase() === 'etag')) gaps.push(`${key}: no ETag header on its 200`);
    if (!op.responses?.['304']) gaps.push(`${key}: no 304`);
    const parameters = [...(contract.spec.paths[path].parameters ?? []), ...(op.parameters ?? [])].map(contract.deref);
    if (!parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === 'if-none-match')) gaps.push(`${key}: no If-None-Match parameter`);
  }
  assert.deepEqual(gaps, []);
});

for (const { key } of contract.operations) {
  test(`${key}: every documented status a client can cause, each as documented`, async () => {
    const cases = REQUESTS[key];
    assert.ok(cases?.length, `${key} is in the spec but not in this test's table (REQUESTS): add its requests`);
    for (const [status, what, build, expect] of cases) {
      await call(key, await build(fx), { status, expect, what });
    }
    const missing = contract.documentedStatuses(key).filter((s) => !reached.get(key)?.has(s) && !NEEDS_A_FAULT[s]);
    assert.deepEqual(missing, [], `${key}: documented statuses no request of the table reached`);
  });
}

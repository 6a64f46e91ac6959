// The history of the staff's actions (issue 15: "every staff action is recorded (who, what, when)"),
// through the real binary on SQLite (the stores on PostgreSQL: tests/integration): a product's writes
// (GET /apis/products/{id}/history) and what staff did to a customer's record (GET
// /apis/customers/{id}/history). Each action is recorded exactly once with the right actor; a write
// that fails records nothing; hostile paths record nothing; only staff read a history.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer, rawRequest } from './server.mjs';
import { api, expectProblem, uniqueEmail } from './commerce_support.mjs';
import { png } from './photo_support.mjs';
import { Visitor, pageText } from '../security/support.mjs';

let srv;
let staff;     // a `staff` account, by its token alone
let admin;     // an `admin` account, its token sent with the key (a service acting for them)
let customer;  // a customer: reads no history

before(async () => {
  srv = await startServer({ env: { ACCESS_LOG: 'false', ERASURE_RETRY_MS: '300' } });
  staff = await account(['staff']);
  admin = await account(['admin']);
  customer = await signUp('Clothilde');
});
after(async () => { await srv?.stop(); });

let accounts = 0;
async function account(roles) {
  const id = `HIST${Date.now().toString(36).toUpperCase()}${++accounts}`.padEnd(16, '0').slice(0, 16);
  const email = uniqueEmail(roles[0]);
  const password = 'history-password-2026';
  const made = await api(srv, 'POST', '/apis/auth/credentials', { body: { customer_id: id, email, password, roles } });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const t = await api(srv, 'POST', '/apis/auth/token', { key: false, body: { email, password } });
  assert.equal(t.status, 200);
  return { id, email, token: t.body.access_token };
}

async function signUp(firstName) {
  const c = { email: uniqueEmail(firstName.toLowerCase()), password: `mot-de-passe-${firstName}-1`, firstName, lastName: 'Historique' };
  const r = await api(srv, 'POST', '/apis/customers/', { key: false, body: { email: c.email, password: c.password, first_name: firstName, last_name: c.lastName } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  c.id = r.body.id;
  c.token = (await api(srv, 'POST', '/apis/auth/token', { key: false, body: { email: c.email, password: c.password } })).body.access_token;
  return c;
}

// The ways of calling a write: the staff token alone (the back-office's way), the key with the
// admin's token, the key alone (a service), the key with a customer's token (a service acting for them).
const AS = {
  staff: { key: false, token: () => staff.token },
  keyForStaff: { key: true, token: () => admin.token },
  key: { key: true },
  keyForCustomer: { key: true, token: () => customer.token },
};
const call = (method, path, as, opts = {}) => api(srv, method, path, { key: as.key, token: as.token?.(), ...opts });
const history = (id, query = '') => api(srv, 'GET', `/apis/products/${id}/history${query}`, { key: false, token: staff.token });
const customerHistory = (id, query = '') => api(srv, 'GET', `/apis/customers/${id}/history${query}`, { key: false, token: staff.token });

let made = 0;
const productId = () => `HI${Date.now().toString(36).toUpperCase().slice(-6)}${String(++made).padStart(2, '0')}`.slice(0, 10);
async function newProduct(as = AS.staff) {
  const id = productId();
  const r = await call('POST', '/apis/products/', as, { body: { id, name: `Lampe ${id}`, price: { amount: 4990, currency: 'EUR' }, stock: 7 } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return id;
}

async function totalOf(id) {
  const h = await history(id);
  assert.equal(h.status, 200, JSON.stringify(h.body));
  return h.body.total;
}

const staffOf = (who) => ({ id: who.id, email: who.email });

// ---------------------------------------------------------------- products

test("a product's history: each write once, newest first, with who made it, after its deletion too", async () => {
  const id = await newProduct(AS.staff);
  assert.equal((await call('PATCH', `/apis/products/${id}`, AS.staff, { body: { price: { amount: 3990, currency: 'EUR' }, stock: 5 } })).status, 200);
  assert.equal((await call('PATCH', `/apis/products/${id}`, AS.key, { body: { stock: 4 } })).status, 200);
  assert.equal((await call('PATCH', `/apis/products/${id}`, AS.keyForStaff, { body: { name: 'Lampe tressée' } })).status, 200);
  assert.equal((await call('PATCH', `/apis/products/${id}`, AS.keyForCustomer, { body: { description: 'En rotin.' } })).status, 200);
  assert.equal((await call('PUT', `/apis/products/${id}/image`, AS.staff, { raw: png({ width: 3, height: 2 }), headers: { 'Content-Type': 'image/png' } })).status, 200);
  assert.equal((await call('DELETE', `/apis/products/${id}`, AS.keyForStaff)).status, 204);
  assert.equal((await api(srv, 'GET', `/apis/products/${id}`, { key: false })).status, 404, 'the product is gone');

  const h = await history(id, '?per_page=100');
  assert.equal(h.status, 200, JSON.stringify(h.body));
  assert.deepEqual(Object.keys(h.body).sort(), ['items', 'page', 'per_page', 'total']);
  assert.equal(h.body.total, 7);
  assert.equal(h.body.page, 1);
  assert.equal(h.body.per_page, 100);
  const [deleted, photo, described, renamed, restocked, repriced, created] = h.body.items;
  assert.deepEqual(h.body.items.map((e) => e.event), ['deleted', 'photo_uploaded', 'updated', 'updated', 'updated', 'updated', 'created']);
  for (const e of h.body.items) {
    assert.match(e.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.ok(Math.abs(Date.parse(e.at) - Date.now()) < 120000, e.at);
  }
  assert.deepEqual(created, { at: created.at, event: 'created', actor: 'staff', staff: staffOf(staff), details: { name: `Lampe ${id}`, price_cents: 4990, stock: 7, categories: [] } });
  assert.deepEqual(repriced.details, { changed: ['price', 'stock'], price_cents: { from: 4990, to: 3990 }, stock: { from: 7, to: 5 } });
  assert.deepEqual([repriced.actor, repriced.staff], ['staff', staffOf(staff)]);
  assert.deepEqual([restocked.actor, restocked.staff, restocked.details], ['service', null, { changed: ['stock'], stock: { from: 5, to: 4 } }]);
  assert.deepEqual([renamed.actor, renamed.staff], ['staff', staffOf(admin)], 'the key with a staff token: the person is recorded');
  assert.deepEqual(renamed.details, { changed: ['name'], name: { from: `Lampe ${id}`, to: 'Lampe tressée' } });
  assert.deepEqual([described.actor, described.staff, described.details.changed], ['service', null, ['description']], 'the key acting for a customer names no staff');
  assert.equal(photo.actor, 'staff');
  assert.deepEqual([photo.details.content_type, photo.details.width, photo.details.height], ['image/png', 3, 2]);
  assert.deepEqual([deleted.actor, deleted.staff, deleted.details], ['staff', staffOf(admin), { name: 'Lampe tressée' }]);

  // Paged like every list.
  const second = await history(id, '?page=2&per_page=3');
  assert.equal(second.status, 200);
  assert.deepEqual([second.body.page, second.body.per_page, second.body.total], [2, 3, 7]);
  assert.deepEqual(second.body.items.map((e) => e.event), ['updated', 'updated', 'updated']);
  assert.deepEqual(second.body.items[2], repriced);
  assert.deepEqual((await history(id, '?page=9')).body.items, []);
  for (const bad of ['?per_page=0', '?per_page=101', '?page=0', '?page=abc', '?page=1e3'])
    expectProblem(await history(id, bad), 400);
});

test('a write that fails records nothing: validation errors, 404, 409, a refused photo', async () => {
  const id = await newProduct();
  const other = await newProduct();
  const before = await totalOf(id);
  const failures = [
    [400, () => call('PATCH', `/apis/products/${id}`, AS.staff, { body: { price: { amount: -1, currency: 'EUR' } } })],
    [400, () => call('PATCH', `/apis/products/${id}`, AS.staff, { body: { stock: 'beaucoup' } })],
    [400, () => call('PATCH', `/apis/products/${id}`, AS.staff, { body: { colour: 'rouge' } })],
    [422, () => call('PATCH', `/apis/products/${id}`, AS.staff, { body: { stock: 2, categories: ['pas-de-categorie'] } })],
    [409, () => call('POST', '/apis/products/', AS.staff, { body: { id, name: 'Doublon', price: { amount: 100, currency: 'EUR' } } })],
    [415, () => call('PUT', `/apis/products/${id}/image`, AS.staff, { raw: png(), headers: { 'Content-Type': 'image/gif' } })],
    [422, () => call('PUT', `/apis/products/${id}/image`, AS.staff, { raw: png().subarray(0, 30), headers: { 'Content-Type': 'image/png' } })],
    [403, () => call('PATCH', `/apis/products/${id}`, { key: false, token: () => customer.token }, { body: { stock: 1 } })],
    [401, () => call('DELETE', `/apis/products/${id}`, { key: false })],
    [404, () => call('PATCH', '/apis/products/ZZZZZZZZZZ', AS.staff, { body: { stock: 1 } })],
    [404, () => call('DELETE', '/apis/products/ZZZZZZZZZZ', AS.staff)],
  ];
  for (const [status, write] of failures) {
    const r = await write();
    assert.equal(r.status, status, JSON.stringify(r.body));
  }
  assert.equal(await totalOf(id), before, 'nothing recorded for the failed writes');
  assert.equal((await api(srv, 'GET', `/apis/products/${id}`, { key: false })).body.stock, 7, 'and nothing changed');
  expectProblem(await history('ZZZZZZZZZZ'), 404);
  // A write to another product goes on that product's history only.
  const otherBefore = await totalOf(other);
  assert.equal((await call('PATCH', `/apis/products/${other}`, AS.staff, { body: { stock: 1 } })).status, 200);
  assert.equal(await totalOf(id), before);
  assert.equal(await totalOf(other), otherBefore + 1);
});

test('hostile paths reach no product: 400 or 404, nothing recorded, no history shown', async () => {
  const id = await newProduct();
  const other = await newProduct();
  const before = [await totalOf(id), await totalOf(other)];
  const ids = [`${id}%2F..%2F${other}`, `..%2F${id}`, `${id}%00`, '%00', id.toLowerCase(), '9'.repeat(5000), `${id}%2Fhistory`, '..', '%2E%2E', '%FF%FE', `${id}%20`];
  const auth = { Authorization: `Bearer ${staff.token}` };
  for (const bad of ids) {
    for (const [method, path, body] of [
      ['PATCH', `/apis/products/${bad}`, '{"stock":0}'],
      ['DELETE', `/apis/products/${bad}`, undefined],
      ['PUT', `/apis/products/${bad}/image`, png()],
      ['GET', `/apis/products/${bad}/history`, undefined],
    ]) {
      const type = method === 'PUT' ? 'image/png' : 'application/json';
      const r = await rawRequest(srv.url, { method, path, headers: { ...auth, ...(body ? { 'Content-Type': type } : {}) }, body });
      assert.ok([400, 404, 405, 414, 431].includes(r.status), `${method} ${path.slice(0, 80)}: ${r.status} ${String(r.body).slice(0, 200)}`);
      assert.ok(!String(r.body).includes('"items"'), `${method} ${path.slice(0, 80)} shows a history`);
    }
  }
  assert.deepEqual([await totalOf(id), await totalOf(other)], before, 'nothing recorded');
  assert.equal((await api(srv, 'GET', `/apis/products/${id}`, { key: false })).body.stock, 7);
  assert.equal((await api(srv, 'GET', `/apis/products/${other}`, { key: false })).body.stock, 7);
});

test("who reads a product's history: staff and admin tokens; a customer 403 and learns nothing; the key alone 401", async () => {
  const id = await newProduct();
  const read = (opts) => api(srv, 'GET', `/apis/products/${id}/history`, opts);
  assert.equal((await read({ key: false, token: staff.token })).status, 200);
  assert.equal((await read({ key: false, token: admin.token })).status, 200);
  assert.equal((await read({ key: true, token: admin.token })).status, 200);
  for (const [status, opts] of [[403, { key: false, token: customer.token }], [403, { key: true, token: customer.token }], [401, { key: true }], [401, { key: false }]]) {
    const r = await read(opts);
    expectProblem(r, status);
    const text = JSON.stringify(r.body);
    for (const secret of ['items', staff.email, staff.id, 'created']) assert.ok(!text.includes(secret), `${status}: ${text}`);
  }
  // The same refusal whether or not the product exists: a customer cannot probe ids with it.
  expectProblem(await api(srv, 'GET', '/apis/products/ZZZZZZZZZZ/history', { key: false, token: customer.token }), 403);
  expectProblem(await api(srv, 'GET', '/apis/products/ZZZZZZZZZZ/history', { key: false }), 401);
});

// The back-office calls the catalogue with the staff member's token (ShopApi::as_staff) and reads
// the customers' history: what a member of the staff does on the pages is on record under their name.
test('through the back-office: a product edited on its page and a customer exported are recorded under the staff member', async () => {
  const web = new Visitor(srv);
  const password = 'history-password-2026';
  assert.equal((await web.logIn(staff.email, password)).location, '/admin/');
  const id = await newProduct(AS.key);
  const form = { name: `Lampe ${id}`, description: 'Rotin', price: '39,90', stock: '4' };
  assert.equal((await web.get(`/admin/produits/${id}`)).status, 200);  // the form, and the session's CSRF token
  const refused = await web.post(`/admin/produits/${id}`, { ...form, price: 'trente euros' });
  assert.equal(refused.status, 400, pageText(refused.body).slice(0, 300));
  assert.equal(await totalOf(id), 1, 'a form refused records nothing');
  const saved = await web.post(`/admin/produits/${id}`, form);
  assert.equal(saved.status, 303, pageText(saved.body).slice(0, 300));
  const [edited] = (await history(id)).body.items;
  assert.deepEqual([edited.event, edited.actor, edited.staff], ['updated', 'staff', staffOf(staff)]);
  assert.deepEqual(edited.details, { changed: ['description', 'price', 'stock'], price_cents: { from: 4990, to: 3990 }, stock: { from: 7, to: 4 } });

  const c = await signUp('Josette');
  const before = await web.get(`/admin/clients/${c.id}`);
  assert.equal(before.status, 200);
  assert.match(pageText(before.body), /Historique Aucune action de l'équipe sur ce client\./);
  const file = await web.get(`/admin/clients/${c.id}/export`);
  assert.equal(file.status, 200);
  const [exported] = (await customerHistory(c.id)).body.items;
  assert.deepEqual([exported.event, exported.actor, exported.staff], ['exported', 'staff', staffOf(staff)]);
  const after = pageText((await web.get(`/admin/clients/${c.id}`)).body);
  assert.match(after, new RegExp(`Historique Date Qui Quoi \\d\\d/\\d\\d/\\d{4} \\d\\d:\\d\\d ${staff.email.replaceAll('.', '\\.')} Données exportées \\(0 commande\\)`), after);
});

const categoryHistory = (query = '', opts = { key: false, token: staff.token }) =>
  api(srv, 'GET', `/apis/products/categories/history${query}`, opts);

test("the categories' history: each write once, newest first, with who made it, after the deletion too; a failed one records nothing", async () => {
  const slug = `histoire-${Date.now().toString(36)}`;
  const before = (await categoryHistory()).body.total;
  assert.equal((await call('POST', '/apis/products/categories', AS.staff, { body: { slug, name: 'Histoire' } })).status, 201);
  expectProblem(await call('POST', '/apis/products/categories', AS.staff, { body: { slug, name: 'Autre' } }), 409);
  expectProblem(await call('POST', '/apis/products/categories', AS.staff, { body: { slug: 'Pas Un Slug', name: 'Autre' } }), 400);
  assert.equal((await call('PATCH', `/apis/products/categories/${slug}`, AS.keyForStaff, { body: { name: 'Histoire & co' } })).status, 200);
  expectProblem(await call('PATCH', '/apis/products/categories/pas-de-categorie', AS.staff, { body: { name: 'x' } }), 404);
  expectProblem(await call('PATCH', `/apis/products/categories/${slug}`, AS.staff, { body: { name: 'a\nb' } }), 400);
  assert.equal((await call('DELETE', `/apis/products/categories/${slug}`, AS.key)).status, 204);
  expectProblem(await call('DELETE', `/apis/products/categories/${slug}`, AS.key), 404);

  const h = await categoryHistory('?per_page=3');
  assert.equal(h.status, 200, JSON.stringify(h.body));
  assert.equal(h.body.total, before + 3, 'three writes succeeded: three entries, the refused ones none');
  const mine = h.body.items.map(({ event, actor, staff: who, details }) => ({ event, actor, staff: who, details }));
  assert.deepEqual(mine, [
    { event: 'category_deleted', actor: 'service', staff: null, details: { slug, name: 'Histoire & co' } },
    { event: 'category_renamed', actor: 'staff', staff: staffOf(admin), details: { slug, name: { from: 'Histoire', to: 'Histoire & co' } } },
    { event: 'category_created', actor: 'staff', staff: staffOf(staff), details: { slug, name: 'Histoire' } },
  ]);
  for (const e of h.body.items) assert.match(e.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  // Paged like every list.
  const second = await categoryHistory('?per_page=1&page=2');
  assert.equal(second.body.items[0].event, 'category_renamed');
});

test("who reads the categories' history: staff and admin tokens; a customer 403 and learns nothing; the key alone 401", async () => {
  assert.equal((await categoryHistory('', { key: false, token: admin.token })).status, 200);
  assert.equal((await categoryHistory('', { key: true, token: admin.token })).status, 200);
  for (const [status, opts] of [[403, { key: false, token: customer.token }], [403, { key: true, token: customer.token }], [401, { key: true }], [401, { key: false }]]) {
    const r = await categoryHistory('', opts);
    expectProblem(r, status);
    const text = JSON.stringify(r.body);
    for (const secret of ['items', staff.email, 'category_created']) assert.ok(!text.includes(secret), `${status}: ${text}`);
  }
  // Hostile queries: refused, nothing else read.
  for (const q of ['?per_page=100000', '?page=-1', '?per_page=%00', '?page=1%0d%0aX-Evil:%201'])
    expectProblem(await categoryHistory(q), 400);
});

// ---------------------------------------------------------------- customers

async function eventually(what, check, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const last = await check();
    if (last) return last;
    if (Date.now() > deadline) assert.fail(`${what}: not within ${timeoutMs} ms`);
    await sleep(100);
  }
}

test("a customer's history: the staff's export and erasure, once each with who did it, still there after the erasure without their data", async () => {
  const c = await signUp('Hortense');
  const none = await customerHistory(c.id);
  assert.equal(none.status, 200);
  assert.deepEqual(none.body, { items: [], page: 1, per_page: 20, total: 0 });

  assert.equal((await api(srv, 'GET', `/apis/customers/${c.id}/export`, { key: false, token: staff.token })).status, 200);
  assert.equal((await api(srv, 'GET', '/apis/customers/me/export', { key: false, token: c.token })).status, 200);  // their own: no staff action
  // Refused or failed: nothing recorded.
  expectProblem(await api(srv, 'GET', `/apis/customers/${c.id}/export`, { key: false, token: customer.token }), 403);
  expectProblem(await api(srv, 'GET', `/apis/customers/${c.id}/export`), 401);
  expectProblem(await api(srv, 'DELETE', `/apis/customers/${c.id}`, { key: false, token: customer.token }), 403);
  expectProblem(await api(srv, 'DELETE', `/apis/customers/${c.id}`), 401);
  let h = await customerHistory(c.id);
  assert.equal(h.body.total, 1, JSON.stringify(h.body));
  assert.deepEqual(h.body.items[0], { at: h.body.items[0].at, event: 'exported', actor: 'staff', staff: staffOf(staff), details: { orders: 0 } });

  const erased = await api(srv, 'DELETE', `/apis/customers/${c.id}`, { key: true, token: admin.token });
  assert.ok([202, 204].includes(erased.status), JSON.stringify(erased.body));
  expectProblem(await api(srv, 'DELETE', `/apis/customers/${c.id}`, { key: false, token: staff.token }), 404);  // once
  h = await eventually('the erasure finished', async () => {
    const r = await customerHistory(c.id);
    assert.equal(r.status, 200, 'the history answers after the erasure');
    return r.body.items[0]?.event === 'erasure_finished' ? r : null;
  });
  assert.deepEqual(h.body.items.map((e) => e.event), ['erasure_finished', 'erasure_requested', 'exported']);
  assert.equal(h.body.total, 3);
  assert.deepEqual([h.body.items[0].actor, h.body.items[0].staff], ['service', null]);
  assert.deepEqual([h.body.items[1].actor, h.body.items[1].staff], ['staff', staffOf(admin)]);
  assert.deepEqual(h.body.items[1].details.steps.length > 0, true);
  const text = JSON.stringify(h.body);
  for (const personal of [c.email, c.firstName, c.lastName]) assert.ok(!text.includes(personal), `the history holds ${personal}`);
  expectProblem(await api(srv, 'GET', `/apis/customers/${c.id}`, { key: false, token: staff.token }), 404);
});

test('a customer who closes their own account: the erasure is on their history as asked by the customer', async () => {
  const d = await signUp('Dorothée');
  const closed = await api(srv, 'DELETE', '/apis/customers/me', { key: false, token: d.token, body: { password: d.password } });
  assert.ok([202, 204].includes(closed.status), JSON.stringify(closed.body));
  const requested = await eventually('the erasure on the history', async () => {
    const r = await customerHistory(d.id, '?per_page=100');
    return r.body.items.find((e) => e.event === 'erasure_requested');
  });
  assert.deepEqual([requested.actor, requested.staff], ['customer', null]);
});

test("who reads a customer's history: staff only; a customer (even about themselves) 403, the key 401; bad ids 404", async () => {
  const c = await signUp('Irène');
  assert.equal((await api(srv, 'GET', `/apis/customers/${c.id}/export`, { key: false, token: admin.token })).status, 200);
  for (const [status, opts] of [[403, { key: false, token: c.token }], [403, { key: false, token: customer.token }], [403, { key: true, token: c.token }], [401, { key: true }], [401, { key: false }]]) {
    const r = await api(srv, 'GET', `/apis/customers/${c.id}/history`, opts);
    expectProblem(r, status);
    const text = JSON.stringify(r.body);
    for (const secret of ['items', 'exported', admin.email, admin.id]) assert.ok(!text.includes(secret), `${status}: ${text}`);
  }
  expectProblem(await api(srv, 'GET', `/apis/customers/${c.id}/history`, { key: false, token: customer.token }), 403);
  const before = (await customerHistory(c.id)).body.total;
  for (const bad of ['NOBODY0000000000', c.id.toLowerCase(), `${c.id}%00`, `..%2F${c.id}`, '..', 'me', '9'.repeat(5000), `${customer.id}%2F..%2F${c.id}`]) {
    const r = await rawRequest(srv.url, { method: 'GET', path: `/apis/customers/${bad}/history`, headers: { Authorization: `Bearer ${staff.token}` } });
    assert.ok([400, 404, 414, 431].includes(r.status), `${bad.slice(0, 40)}: ${r.status}`);
    assert.ok(!String(r.body).includes('"items"'));
    if (bad === 'me') continue;  // /apis/customers/me/export is the customer's own (401 for staff)
    const e = await rawRequest(srv.url, { method: 'GET', path: `/apis/customers/${bad}/export`, headers: { Authorization: `Bearer ${staff.token}` } });
    assert.ok([400, 404, 414, 431].includes(e.status), `${bad.slice(0, 40)} export: ${e.status}`);
  }
  assert.equal((await customerHistory(c.id)).body.total, before, 'the refused exports recorded nothing');
  assert.equal((await customerHistory(customer.id)).body.total, 0);
});

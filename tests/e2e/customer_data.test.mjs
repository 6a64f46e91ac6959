// The customers' data (RGPD, issue 15): staff find customers; a customer downloads their own data and
// staff download anyone's; an erasure, by the customer (with their password) or by staff, takes the
// account, the credential and the carts, keeps the orders for the accounts with the person's name,
// e-mail and address replaced, and the mail sent without its address; and it finishes even when a
// service is down at the time. Against the real binary, e-mail through the real SMTP sink.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer, rawRequest, API_KEY } from './server.mjs';
import { start as startSink } from './smtp_sink.mjs';
import { api, expectProblem, ADDRESS, CARD, SOFA, uniqueEmail, setStock } from './commerce_support.mjs';
import { freePort } from './ports.mjs';

const ERASED = { email: 'client-efface@anonyme.invalid', full_name: 'Client effacé', street: 'Adresse effacée', city: 'Effacée', postal_code: '00000' };
const fast = { EMAIL_POLL_MS: '100', EMAIL_RETRY_BASE_MS: '200', CHECKOUT_FOLLOWUP_MS: '300', ERASURE_RETRY_MS: '300' };

let sink;
let srv;
let staff;

before(async () => {
  sink = await startSink();
  srv = await startServer({ env: { SMTP_URL: `smtp://127.0.0.1:${sink.port}`, SMTP_TLS: 'none', ...fast } });
  await setStock(srv, SOFA, 10000);
  staff = await makeStaff(srv);
});
after(async () => {
  await srv?.stop();
  await sink?.stop();
});

// A member of staff: a credential with the admin role (auth refuses the role "staff" at creation
// today; an admin is staff), logged in.
async function makeStaff(server) {
  const id = `STAFF${Date.now().toString(36).toUpperCase()}`.padEnd(16, '0').slice(0, 16);
  const email = uniqueEmail('staff');
  const password = 'staff-password-2026';
  const made = await api(server, 'POST', '/apis/auth/credentials', { body: { customer_id: id, email, password, roles: ['admin'] } });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const t = await api(server, 'POST', '/apis/auth/token', { key: false, body: { email, password } });
  assert.equal(t.status, 200);
  return { id, email, token: t.body.access_token };
}

// A customer with an address, an order (placed with an Idempotency-Key, its confirmation delivered to
// the SMTP sink) and a cart holding a line: {id, email, password, token, address, order, orderKey,
// orderBody, cart, mail}.
async function customer(server, firstName, { mailFrom = sink } = {}) {
  const c = { email: uniqueEmail(firstName.toLowerCase()), password: `mot-de-passe-${firstName}-1`, firstName, lastName: 'Durand' };
  const r = await api(server, 'POST', '/apis/customers/', { key: false, body: { email: c.email, password: c.password, first_name: firstName, last_name: c.lastName } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  c.id = r.body.id;
  c.token = (await api(server, 'POST', '/apis/auth/token', { key: false, body: { email: c.email, password: c.password } })).body.access_token;
  c.address = { ...ADDRESS, full_name: `${firstName} Durand`, street: `${Math.floor(Math.random() * 900) + 1} rue ${firstName}` };
  assert.equal((await api(server, 'POST', '/apis/customers/me/addresses', { key: false, token: c.token, body: c.address })).status, 201);
  const cart = (await api(server, 'POST', '/apis/carts/', { token: c.token })).body.id;
  assert.equal((await api(server, 'POST', `/apis/carts/${cart}/lines`, { token: c.token, body: { product_id: SOFA, quantity: 1 } })).status, 200);
  c.orderKey = `rgpd-${c.id}`;
  c.orderBody = { cart_id: cart, email: c.email, shipping_address: c.address, card: CARD };
  const placed = await api(server, 'POST', '/apis/orders/', { token: c.token, body: c.orderBody, headers: { 'Idempotency-Key': c.orderKey } });
  assert.equal(placed.status, 201, JSON.stringify(placed.body));
  c.order = placed.body.reference;
  c.cart = (await api(server, 'POST', '/apis/carts/', { token: c.token })).body.id;
  assert.equal((await api(server, 'POST', `/apis/carts/${c.cart}/lines`, { token: c.token, body: { product_id: SOFA, quantity: 2 } })).status, 200);
  c.mail = await mailFrom.waitFor((m) => m.to.includes(c.email) && m.subject.includes(c.order), 10000);
  return c;
}

const asStaff = (method, path, opts = {}) => api(srv, method, path, { key: false, token: staff.token, ...opts });

async function eventually(what, check, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const last = await check();
    if (last) return last;
    if (Date.now() > deadline) assert.fail(`${what}: not within ${timeoutMs} ms`);
    await sleep(100);
  }
}

// ---------------------------------------------------------------- search and export

test('staff find customers by e-mail or name; customers and the key alone cannot search as staff', async () => {
  const a = await customer(srv, 'Apolline');
  const b = await customer(srv, 'Bertrand');
  const byEmail = await asStaff('GET', `/apis/customers/?q=${encodeURIComponent(a.email.toUpperCase())}`);
  assert.equal(byEmail.status, 200, JSON.stringify(byEmail.body));
  assert.deepEqual(byEmail.body.items.map((c) => c.id), [a.id]);
  assert.equal(byEmail.body.total, 1);
  const byName = await asStaff('GET', '/apis/customers/?q=durand%20bertrand&per_page=100');
  assert.ok(byName.body.items.some((c) => c.id === b.id), JSON.stringify(byName.body));
  assert.ok(!byName.body.items.some((c) => c.id === a.id));
  // LIKE's wildcards are text: '%' finds no one.
  assert.equal((await asStaff('GET', '/apis/customers/?q=%25')).body.total, 0);
  // The services keep their API key.
  assert.equal((await api(srv, 'GET', `/apis/customers/?q=${encodeURIComponent(b.email)}`)).body.items[0].id, b.id);
  await expectProblem(await api(srv, 'GET', '/apis/customers/?q=x', { key: false, token: a.token }), 403);
  await expectProblem(await api(srv, 'GET', `/apis/customers/${b.id}`, { key: false, token: a.token }), 403);
  assert.equal((await asStaff('GET', `/apis/customers/${b.id}`)).body.email, b.email);
  await expectProblem(await asStaff('GET', `/apis/customers/?q=${'x'.repeat(201)}`), 400, 'q');
});

test("the export holds exactly the customer's profile, addresses and orders, and no one else's", async () => {
  const a = await customer(srv, 'Agathe');
  const b = await customer(srv, 'Basile');
  const check = (res, who, other) => {
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.match(res.headers.get('content-disposition'), new RegExp(`^attachment; filename="rapidtrade-donnees-${who.id}\\.json"$`));
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const doc = res.body;
    assert.equal(doc.customer.id, who.id);
    assert.equal(doc.customer.email, who.email);
    assert.deepEqual(doc.addresses.map((x) => x.street), [who.address.street]);
    assert.deepEqual(doc.orders.map((o) => o.reference), [who.order]);
    assert.equal(doc.orders[0].shipping_address.full_name, who.address.full_name);
    const text = JSON.stringify(doc);
    for (const leak of [other.email, other.order, other.address.street, other.id]) assert.ok(!text.includes(leak), `the export of ${who.firstName} shows ${leak}`);
  };
  check(await api(srv, 'GET', '/apis/customers/me/export', { key: false, token: a.token }), a, b);
  check(await asStaff('GET', `/apis/customers/${b.id}/export`), b, a);
  // A customer reaches no one's export but their own.
  await expectProblem(await api(srv, 'GET', `/apis/customers/${b.id}/export`, { key: false, token: a.token }), 403);
  await expectProblem(await api(srv, 'GET', `/apis/customers/${b.id}/export`), 401);  // the key alone
  await expectProblem(await api(srv, 'GET', `/apis/orders/customers/${b.id}`, { key: false, token: a.token }), 403);
  await expectProblem(await asStaff('GET', '/apis/customers/NOBODY0000000000/export'), 404);
  await expectProblem(await api(srv, 'GET', '/apis/customers/me/export', { key: false }), 401);
});

// ---------------------------------------------------------------- erasure

// What must be true once `c` is erased: no account, no log-in, no cart; the order still there for
// staff (and as its Idempotency-Key's replay) without name, e-mail or address; its mail without
// address; the erasure finished.
async function assertErased(c, { mailServer = srv } = {}) {
  const erasure = await eventually('the erasure finished', async () => {
    const e = await asStaff('GET', `/apis/customers/${c.id}/erasure`);
    assert.equal(e.status, 200, JSON.stringify(e.body));
    return e.body.status === 'finished' ? e.body : null;
  });
  assert.deepEqual(erasure.pending_steps, []);
  assert.ok(!JSON.stringify(erasure).includes(c.email));

  await expectProblem(await api(srv, 'POST', '/apis/auth/token', { key: false, body: { email: c.email, password: c.password } }), 401);
  await expectProblem(await api(srv, 'GET', '/apis/customers/me', { key: false, token: c.token }), 401);
  await expectProblem(await api(srv, 'GET', `/apis/customers/${c.id}`), 404);
  assert.equal((await asStaff('GET', `/apis/customers/?q=${encodeURIComponent(c.email)}`)).body.total, 0);
  // The carts are gone (the token still verifies: the cart itself is missing).
  assert.equal((await api(srv, 'GET', `/apis/carts/${c.cart}`, { token: c.token })).status, 404);

  const listed = await asStaff('GET', `/apis/orders/customers/${c.id}`);
  assert.equal(listed.status, 200);
  assert.deepEqual(listed.body.items.map((o) => o.reference), [c.order]);
  const o = (await asStaff('GET', `/apis/orders/${c.order}`)).body;
  assert.equal(o.email, ERASED.email);
  assert.deepEqual(o.shipping_address, {
    full_name: ERASED.full_name, street: ERASED.street, city: ERASED.city, postal_code: ERASED.postal_code, country: c.address.country });
  assert.equal(o.lines.length, 1, 'the lines stay for the accounts');
  assert.equal(o.subtotal.amount, 89900, 'the amounts stay for the accounts');
  // The order's Idempotency-Key is the customer's (their token, still unexpired, as a retry would send it).
  const replay = await api(srv, 'POST', '/apis/orders/', { token: c.token, body: c.orderBody, headers: { 'Idempotency-Key': c.orderKey } });
  assert.equal(replay.headers.get('idempotent-replayed'), 'true');
  assert.equal(replay.body.reference, c.order);
  for (const leak of [c.email, c.address.street, c.address.full_name]) assert.ok(!JSON.stringify(replay.body).includes(leak), `the stored answer keeps ${leak}`);

  const mail = await api(mailServer, 'GET', `/apis/emails/?to=${encodeURIComponent(c.email)}`);
  assert.equal(mail.body.total, 0, 'no message keeps the address');
  const all = await api(mailServer, 'GET', '/apis/emails/?per_page=100');
  const kept = all.body.items.filter((m) => m.subject === 'Message effacé');
  assert.ok(kept.length >= 1, 'the log of what was sent stays');
  assert.ok(!JSON.stringify(all.body).includes(c.email), 'the address is in no message');
  assert.ok(!JSON.stringify(all.body).includes(c.address.street), 'nor the street');
}

test('staff erase a customer: account, log-in and carts go; the order stays anonymised; the mail loses its address', async () => {
  const c = await customer(srv, 'Eugenie');
  const keep = await customer(srv, 'Fernand');
  // A customer cannot erase anyone; the key alone neither (staff actions are recorded under a person).
  await expectProblem(await api(srv, 'DELETE', `/apis/customers/${c.id}`, { key: false, token: keep.token }), 403);
  await expectProblem(await api(srv, 'DELETE', `/apis/customers/${c.id}`), 401);
  assert.equal((await api(srv, 'GET', `/apis/customers/${c.id}`)).status, 200, 'refused: nothing erased');

  const erased = await asStaff('DELETE', `/apis/customers/${c.id}`);
  assert.equal(erased.status, 204, JSON.stringify(erased.body));
  await assertErased(c);
  // Once is enough: the profile is gone.
  await expectProblem(await asStaff('DELETE', `/apis/customers/${c.id}`), 404);
  // The other customer is untouched.
  const other = await api(srv, 'GET', '/apis/customers/me/export', { key: false, token: keep.token });
  assert.equal(other.body.customer.email, keep.email);
  assert.equal(other.body.orders[0].email, keep.email);
  assert.equal(other.body.orders[0].shipping_address.street, keep.address.street);
  assert.equal((await api(srv, 'GET', `/apis/carts/${keep.cart}`, { token: keep.token })).status, 200);
  assert.equal((await api(srv, 'GET', `/apis/emails/?to=${encodeURIComponent(keep.email)}`)).body.total, 1);
});

test('a customer erases their own account with their password; a wrong or missing password erases nothing', async () => {
  const c = await customer(srv, 'Gaspard');
  const del = (body, opts = {}) => api(srv, 'DELETE', '/apis/customers/me', { key: false, token: c.token, body, ...opts });
  await expectProblem(await api(srv, 'DELETE', '/apis/customers/me', { key: false, token: c.token }), 400, 'password');
  await expectProblem(await del({}), 400, 'password');
  await expectProblem(await del({ password: 7 }), 400, 'password');
  await expectProblem(await del({ password: c.password, extra: 1 }), 400, 'extra');
  await expectProblem(await del({ password: 'pas le bon mot de passe' }), 403);
  await expectProblem(await del(undefined, { raw: `password=${c.password}`, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }), 415);
  // Nothing was erased: the profile, the log-in, the cart, the order's address.
  assert.equal((await api(srv, 'GET', '/apis/customers/me', { key: false, token: c.token })).status, 200);
  assert.equal((await api(srv, 'POST', '/apis/auth/token', { key: false, body: { email: c.email, password: c.password } })).status, 200);
  assert.equal((await api(srv, 'GET', `/apis/carts/${c.cart}`, { token: c.token })).status, 200);
  assert.equal((await asStaff('GET', `/apis/orders/${c.order}`)).body.email, c.email);

  assert.equal((await del({ password: c.password })).status, 204);
  await assertErased(c);
});

test('hostile ids on the staff routes: 400 or 404, and nothing erased', async () => {
  const c = await customer(srv, 'Hortense');
  const before = (await api(srv, 'GET', '/apis/customers/?per_page=1')).body.total;
  const hostile = ['..', '%2E%2E', `${c.id}%2F..`, `..%2F${c.id}`, `${c.id}%00`, '%00', `${c.id}%20`, c.id.toLowerCase(), 'A'.repeat(5000), `${c.id}A`, '%FF'];
  // Sent byte for byte (fetch would resolve the dots before sending).
  const send = async (method, path, headers) => (await rawRequest(srv.url, { method, path, headers })).status;
  for (const id of hostile) {
    for (const [method, suffix] of [['DELETE', ''], ['GET', '/export'], ['GET', '/erasure'], ['GET', '']]) {
      const status = await send(method, `/apis/customers/${id}${suffix}`, { Authorization: `Bearer ${staff.token}` });
      assert.ok([400, 404].includes(status), `${method} /apis/customers/${id.slice(0, 40)}${suffix}: ${status}`);
    }
    for (const path of [`/apis/carts/customers/${id}`, `/apis/orders/customers/${id}/personal-data`, `/apis/emails/customers/${id}/personal-data`]) {
      const status = await send('DELETE', path, { 'X-Api-Key': API_KEY });
      assert.ok([400, 404].includes(status), `DELETE ${path.slice(0, 60)}: ${status}`);
    }
  }
  assert.equal((await api(srv, 'GET', '/apis/customers/?per_page=1')).body.total, before, 'no profile erased');
  assert.equal((await api(srv, 'GET', '/apis/customers/me', { key: false, token: c.token })).status, 200);
  assert.equal((await api(srv, 'GET', `/apis/carts/${c.cart}`, { token: c.token })).status, 200);
  assert.equal((await asStaff('GET', `/apis/orders/${c.order}`)).body.email, c.email);
  assert.equal((await api(srv, 'GET', `/apis/emails/?to=${encodeURIComponent(c.email)}`)).body.total, 1);
});

// ---------------------------------------------------------------- a service down

test('an erasure while the e-mail service is down: the profile goes at once, the rest once it is back', async () => {
  // The e-mail service in its own process (as in the cluster), the rest of the shop all-in-one.
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'rapidtrade-rgpd-email-'));
  const emailEnv = { PORT: String(port), SMTP_URL: `smtp://127.0.0.1:${sink.port}`, SMTP_TLS: 'none', ...fast };
  let email = await startServer({ dataDir: dir, args: ['--target', 'email'], env: emailEnv });
  const shop = await startServer({ env: { EMAILSERVICE_URL: `http://127.0.0.1:${port}`, ...fast } });
  try {
    await setStock(shop, SOFA, 100);
    const c = await customer(shop, 'Irene');
    await email.stop();

    const staffHere = await makeStaff(shop);
    const r = await api(shop, 'DELETE', `/apis/customers/${c.id}`, { key: false, token: staffHere.token });
    assert.equal(r.status, 202, JSON.stringify(r.body));
    assert.equal(r.body.status, 'pending');
    assert.deepEqual(r.body.pending_steps, ['emails']);
    // What could be done is done: no profile, no log-in.
    await expectProblem(await api(shop, 'GET', '/apis/customers/me', { key: false, token: c.token }), 401);
    await expectProblem(await api(shop, 'POST', '/apis/auth/token', { key: false, body: { email: c.email, password: c.password } }), 401);
    await sleep(1000);  // several retries fail meanwhile
    const pending = await api(shop, 'GET', `/apis/customers/${c.id}/erasure`, { key: false, token: staffHere.token });
    assert.deepEqual([pending.body.status, pending.body.pending_steps], ['pending', ['emails']]);

    email = await startServer({ dataDir: dir, args: ['--target', 'email'], env: emailEnv });
    const done = await eventually('the erasure finished once the e-mail service is back', async () => {
      const e = await api(shop, 'GET', `/apis/customers/${c.id}/erasure`, { key: false, token: staffHere.token });
      return e.body.status === 'finished' ? e.body : null;
    });
    assert.deepEqual(done.pending_steps, []);
    assert.equal((await api(email, 'GET', `/apis/emails/?to=${encodeURIComponent(c.email)}`)).body.total, 0);
    const log = await api(email, 'GET', '/apis/emails/?per_page=100');
    assert.ok(!JSON.stringify(log.body).includes(c.email), 'the address is in no message');
    assert.equal(log.body.items.filter((m) => m.subject === 'Message effacé').length, 1);
    const o = (await api(shop, 'GET', `/apis/orders/${c.order}`, { key: false, token: staffHere.token })).body;
    assert.equal(o.email, ERASED.email);
  } finally {
    await shop.stop();
    await email.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

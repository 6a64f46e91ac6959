// The shop's staff and the orders (issue 15), through the real binary with the e-mails over real
// SMTP (smtp_sink.mjs): the list of every order, shipment, delivery and cancellation (refund at
// the payment service, stock back at the catalogue), one e-mail per change, the history with who
// did what; and every refusal: 409 out of order, 401/403 for whoever is not staff (the API key
// alone included: a change is recorded under a person), 400/404 for hostile input, with nothing
// changed (no history entry, no e-mail).
//
// The staff member is an account with the admin role, made as tests/security/support.mjs makes it:
// the auth service accepts only the roles customer and admin today (the staff role comes with the
// staff accounts' branch); both pass platform::require_staff.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer, rawRequest } from './server.mjs';
import { api, expectProblem, uniqueEmail, SOFA, CORNER_SOFA, stockOf, setStock, newCart, addLine, order, newCustomer } from './commerce_support.mjs';
import { start as startSink } from './smtp_sink.mjs';
import { makeAdmin } from '../security/support.mjs';
import { freePort } from './ports.mjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let sink;
let server;
let staff;

before(async () => {
  sink = await startSink();
  server = await startServer({
    env: { SMTP_URL: `smtp://127.0.0.1:${sink.port}`, EMAIL_RETRY_BASE_MS: '200', EMAIL_POLL_MS: '100', CHECKOUT_FOLLOWUP_MS: '300' },
  });
  staff = await makeAdmin(server);
});
after(async () => {
  await server?.stop();
  await sink?.stop();
});

// French money as the e-mails write it: U+202F between thousands, U+00A0 before the euro sign.
const frenchMoney = (cents) => {
  const units = Math.floor(cents / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  return `${units},${String(cents % 100).padStart(2, '0')}\u00a0€`;
};

const mailsTo = (address) => sink.messages.filter((m) => m.to.includes(address));

// A customer's order of `quantity` sofas: {customer, order}.
async function customerOrder(quantity = 1, product = SOFA) {
  const customer = await newCustomer(server);
  const cart = await newCart(server, customer.token);
  await addLine(server, cart.id, product, quantity, customer.token);
  const r = await order(server, { cart_id: cart.id, email: customer.email, token: customer.token });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  // The confirmation first, so that what follows counts only the changes' mail.
  await sink.waitFor((m) => m.to.includes(customer.email) && m.text.includes(r.body.reference), 10000);
  return { customer, order: r.body };
}

// A staff request (their token, no API key).
const asStaff = (method, path, body) => api(server, method, path, { key: false, token: staff.token, body });

async function history(reference) {
  const r = await asStaff('GET', `/apis/orders/${reference}/history`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.reference, reference);
  return r.body.items;
}

test('paid, shipped, delivered: each change answered, on the history under the staff member, one e-mail each', async () => {
  await setStock(server, SOFA, 50);
  const { customer, order: placed } = await customerOrder();
  assert.equal(placed.status, 'paid');
  assert.equal(placed.shipment, null);
  const ref = placed.reference;

  const shipped = await asStaff('POST', `/apis/orders/${ref}/shipment`, { carrier: 'Colissimo', tracking: '6A12345678901' });
  assert.equal(shipped.status, 200, JSON.stringify(shipped.body));
  assert.equal(shipped.body.status, 'shipped');
  assert.equal(shipped.body.shipment.carrier, 'Colissimo');
  assert.equal(shipped.body.shipment.tracking, '6A12345678901');
  assert.ok(!Number.isNaN(Date.parse(shipped.body.shipment.shipped_at)));
  const shipMail = await sink.waitFor((m) => m.to.includes(customer.email) && m.text.includes('expédiée'), 10000);
  assert.match(shipMail.subject, new RegExp(`${ref}.*expédiée`));
  for (const part of [shipMail.text, shipMail.html]) {
    assert.ok(part.includes('Colissimo') && part.includes('6A12345678901') && part.includes(ref), part);
    assert.ok(part.includes('Camille Martin') && part.includes('12 rue des Lilas'), part);
  }

  // The customer sees it too.
  const seen = await api(server, 'GET', `/apis/orders/${ref}`, { key: false, token: customer.token });
  assert.equal(seen.body.status, 'shipped');

  const delivered = await asStaff('POST', `/apis/orders/${ref}/delivery`);
  assert.equal(delivered.status, 200, JSON.stringify(delivered.body));
  assert.equal(delivered.body.status, 'delivered');
  assert.ok(delivered.body.delivered_at);
  await sink.waitFor((m) => m.to.includes(customer.email) && m.subject.includes('livrée'), 10000);

  // Out of order: 409, and nothing changes.
  expectProblem(await asStaff('POST', `/apis/orders/${ref}/shipment`, { carrier: 'DHL', tracking: 'X1' }), 409);
  expectProblem(await asStaff('POST', `/apis/orders/${ref}/delivery`), 409);
  expectProblem(await asStaff('POST', `/apis/orders/${ref}/cancellation`, { reason: 'trop tard' }), 409);

  const items = await history(ref);
  assert.deepEqual(items.map((e) => [e.event, e.status]), [['placed', 'paid'], ['shipped', 'shipped'], ['delivered', 'delivered']]);
  assert.equal(items[0].staff, null, 'the placing is the customer\'s');
  assert.equal(items[0].at, placed.created_at);
  for (const e of items.slice(1)) {
    assert.deepEqual(e.staff, { id: staff.id, email: staff.email });
    assert.ok(!Number.isNaN(Date.parse(e.at)));
  }
  assert.deepEqual(items[1].details, { carrier: 'Colissimo', tracking: '6A12345678901' });

  await sleep(1500);  // the follow-up thread's rounds: nothing sent twice
  const mails = mailsTo(customer.email);
  assert.deepEqual(mails.map((m) => m.subject).sort(), [
    `Confirmation de votre commande ${ref} chez RapidTrade Co.`,
    `Votre commande ${ref} a été expédiée`,
    `Votre commande ${ref} a été livrée`,
  ].sort());
});

test('a cancellation refunds the charge, gives the stock back, e-mails the refund once; then 409', async () => {
  await setStock(server, CORNER_SOFA, 10);
  const { customer, order: placed } = await customerOrder(3, CORNER_SOFA);
  const ref = placed.reference;
  assert.equal(await stockOf(server, CORNER_SOFA), 7);

  const r = await asStaff('POST', `/apis/orders/${ref}/cancellation`, { reason: 'Rupture de stock chez le fabricant' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.status, 'cancelled');
  assert.equal(r.body.cancellation.reason, 'Rupture de stock chez le fabricant');
  assert.deepEqual(r.body.cancellation.refund, placed.total);
  assert.ok(r.body.cancellation.refunded_at && r.body.cancellation.stock_returned_at, JSON.stringify(r.body.cancellation));

  const charges = await api(server, 'GET', `/apis/payments/charges?idempotency_key=order-${ref}`);
  assert.equal(charges.status, 200);
  assert.equal(charges.body.items.length, 1);
  assert.equal(charges.body.items[0].status, 'refunded', 'refunded at the payment service');
  assert.equal(await stockOf(server, CORNER_SOFA), 10, 'the three units are back');

  const mail = await sink.waitFor((m) => m.to.includes(customer.email) && m.subject.includes('Annulation'), 10000);
  for (const part of [mail.text, mail.html]) {
    assert.ok(part.includes(ref) && part.includes('Rupture de stock chez le fabricant'), part);
    assert.ok(part.includes(frenchMoney(placed.total.amount)), `no refund of ${frenchMoney(placed.total.amount)} in ${part}`);
  }

  // Once: neither a second cancellation nor a shipment; the stock is not given twice.
  expectProblem(await asStaff('POST', `/apis/orders/${ref}/cancellation`, { reason: 'encore' }), 409);
  expectProblem(await asStaff('POST', `/apis/orders/${ref}/shipment`, { carrier: 'DHL', tracking: 'X1' }), 409);
  assert.equal(await stockOf(server, CORNER_SOFA), 10);
  const items = await history(ref);
  assert.deepEqual(items.map((e) => e.event), ['placed', 'cancelled', 'refunded', 'stock_returned']);
  assert.deepEqual(items[1].staff, { id: staff.id, email: staff.email });
  assert.deepEqual(items[1].details, { reason: 'Rupture de stock chez le fabricant' });
  assert.equal(items[2].staff, null, 'the refund was done by the shop');

  await sleep(1500);
  assert.equal(mailsTo(customer.email).filter((m) => m.subject.includes('Annulation')).length, 1, 'one cancellation e-mail');
  assert.equal(mailsTo(customer.email).length, 2, 'the confirmation and the cancellation');
});

test('the staff list: every order, by status, by words of the name or e-mail without accents, paged', async () => {
  const a = await customerOrder();
  const b = await customerOrder();
  const all = await asStaff('GET', '/apis/orders/?per_page=100');
  assert.equal(all.status, 200, JSON.stringify(all.body));
  const refs = all.body.items.map((o) => o.reference);
  assert.ok(refs.includes(a.order.reference) && refs.includes(b.order.reference), 'every customer\'s orders');
  assert.ok(all.body.total >= 2);

  const byEmail = await asStaff('GET', `/apis/orders/?q=${encodeURIComponent(a.customer.email.toUpperCase())}`);
  assert.deepEqual(byEmail.body.items.map((o) => o.reference), [a.order.reference]);
  const byRef = await asStaff('GET', `/apis/orders/?q=${a.order.reference}`);
  assert.deepEqual(byRef.body.items.map((o) => o.reference), [a.order.reference]);
  // "Camille Martin" written with accents and capitals still finds the orders to her name.
  const byName = await asStaff('GET', `/apis/orders/?q=${encodeURIComponent('CAMÎLLE mârtin')}&per_page=100`);
  assert.ok(byName.body.items.some((o) => o.reference === b.order.reference));

  await asStaff('POST', `/apis/orders/${a.order.reference}/shipment`, { carrier: 'DHL Express', tracking: 'JD0146000031' });
  const shipped = await asStaff('GET', '/apis/orders/?status=shipped&per_page=100');
  assert.ok(shipped.body.items.every((o) => o.status === 'shipped'));
  assert.ok(shipped.body.items.some((o) => o.reference === a.order.reference));
  const paid = await asStaff('GET', `/apis/orders/?status=paid&q=${a.order.reference}`);
  assert.equal(paid.body.total, 0);
  const byCustomer = await asStaff('GET', `/apis/orders/?customer_id=${b.customer.id}`);
  assert.deepEqual(byCustomer.body.items.map((o) => o.reference), [b.order.reference]);

  const page = await asStaff('GET', '/apis/orders/?per_page=1&page=2');
  assert.equal(page.body.items.length, 1);
  assert.equal(page.body.page, 2);

  expectProblem(await asStaff('GET', '/apis/orders/?status=confirmed'), 400, 'status');
  expectProblem(await asStaff('GET', `/apis/orders/?status=${encodeURIComponent("paid' OR 1=1 --")}`), 400, 'status');
  expectProblem(await asStaff('GET', '/apis/orders/?per_page=0'), 400, 'per_page');
  expectProblem(await asStaff('GET', `/apis/orders/?q=${'x'.repeat(201)}`), 400, 'q');
  expectProblem(await asStaff('GET', '/apis/orders/?customer_id=../x'), 400, 'customer_id');
  // A LIKE wildcard is a character like any other.
  assert.equal((await asStaff('GET', '/apis/orders/?q=%25')).body.total, 0);

  // A customer still sees only theirs.
  const mine = await api(server, 'GET', '/apis/orders/?per_page=100', { key: false, token: a.customer.token });
  assert.deepEqual(mine.body.items.map((o) => o.reference), [a.order.reference]);
});

test('whoever is not staff gets 401 or 403 on every staff route, and nothing changes', async () => {
  const { customer, order: placed } = await customerOrder();
  const ref = placed.reference;
  const before = await history(ref);
  const routes = [
    ['POST', `/apis/orders/${ref}/shipment`, { carrier: 'Colissimo', tracking: '6A1' }],
    ['POST', `/apis/orders/${ref}/delivery`, undefined],
    ['POST', `/apis/orders/${ref}/cancellation`, { reason: 'pirate' }],
    ['GET', `/apis/orders/${ref}/history`, undefined],
  ];
  for (const [method, path, body] of routes) {
    expectProblem(await api(server, method, path, { key: false, body }), 401);                             // anonymous
    expectProblem(await api(server, method, path, { body }), 401);                                         // the API key alone
    expectProblem(await api(server, method, path, { key: false, token: 'not.a.token', body }), 401);       // a forged token
    expectProblem(await api(server, method, path, { key: false, token: customer.token, body }), 403);      // the customer
    expectProblem(await api(server, method, path, { token: customer.token, body }), 403);                  // key + customer
  }
  // The customer's own list is theirs only, whatever they ask.
  const mine = await api(server, 'GET', '/apis/orders/?status=paid&per_page=100', { key: false, token: customer.token });
  assert.deepEqual(mine.body.items.map((o) => o.reference), [ref]);

  assert.deepEqual(await history(ref), before);
  assert.equal((await api(server, 'GET', `/apis/orders/${ref}`, { key: false, token: customer.token })).body.status, 'paid');
  await sleep(700);
  assert.equal(mailsTo(customer.email).length, 1, 'only the confirmation');
});

test('hostile input: 400 or 404, the order unchanged, its history unchanged, no e-mail', async () => {
  const { customer, order: placed } = await customerOrder();
  const other = await customerOrder();
  const ref = placed.reference;
  const before = await history(ref);
  const otherBefore = await history(other.order.reference);
  const ship = (body) => asStaff('POST', `/apis/orders/${ref}/shipment`, body);
  const bad = [
    [{ carrier: 'Colissimo\r\nBcc: everyone@example.test', tracking: '6A1' }, 'carrier'],
    [{ carrier: 'Colissimo', tracking: '6A1\r\nX-Injected: 1' }, 'tracking'],
    [{ carrier: 'Colis\u0000simo', tracking: '6A1' }, 'carrier'],
    [{ carrier: 'Colissimo', tracking: '6A1\u0000' }, 'tracking'],
    [{ carrier: 'C'.repeat(65), tracking: '6A1' }, 'carrier'],
    [{ carrier: 'Colissimo', tracking: '6'.repeat(65) }, 'tracking'],
    [{ carrier: 'Colissimo', tracking: '<script>alert(1)</script>' }, 'tracking'],
    [{ carrier: 'Colissimo', tracking: '../../etc' }, 'tracking'],
    [{ carrier: '', tracking: '6A1' }, 'carrier'],
    [{ carrier: 'Colissimo' }, 'tracking'],
    [{ carrier: 7, tracking: '6A1' }, 'carrier'],
    [{ carrier: 'Colissimo', tracking: '6A1', status: 'delivered' }, 'status'],
  ];
  for (const [body, field] of bad) expectProblem(await ship(body), 400, field);
  const cancel = (body) => asStaff('POST', `/apis/orders/${ref}/cancellation`, body);
  expectProblem(await cancel({}), 400, 'reason');
  expectProblem(await cancel({ reason: '' }), 400, 'reason');
  expectProblem(await cancel({ reason: 'x'.repeat(501) }), 400, 'reason');
  expectProblem(await cancel({ reason: 'ligne\u0000nulle' }), 400, 'reason');
  expectProblem(await cancel({ reason: 'retour\rchariot' }), 400, 'reason');
  expectProblem(await cancel({ reason: 'oui', refund: 1 }), 400, 'refund');
  expectProblem(await asStaff('POST', `/apis/orders/${ref}/delivery`, { status: 'delivered' }), 400, 'status');
  // Bytes that are not UTF-8 in the JSON body, a body that is not JSON, nor an object.
  const raw = (body, type = 'application/json') => api(server, 'POST', `/apis/orders/${ref}/cancellation`, {
    key: false, token: staff.token, raw: body, headers: { 'Content-Type': type } });
  expectProblem(await raw(Buffer.from([0x7b, 0x22, 0x72, 0x65, 0x61, 0x73, 0x6f, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])), 400);
  expectProblem(await raw('{"reason":'), 400);
  expectProblem(await raw('["reason"]'), 400);
  assert.equal((await raw('{"reason":"x"}', 'text/plain')).status, 415);

  // References: not an order's shape, unknown, a path trick: 404 (never another order).
  for (const target of ['123', '0000000000000', '9999999999999', '..', '%2E%2E', `${ref}%2Fshipment`, `..%2F${other.order.reference}`, `${ref}%00`]) {
    const r = await asStaff('POST', `/apis/orders/${target}/shipment`, { carrier: 'Colissimo', tracking: '6A1' });
    assert.ok([400, 404].includes(r.status), `${target}: ${r.status} ${JSON.stringify(r.body)}`);
    const h = await asStaff('GET', `/apis/orders/${target}/history`);
    assert.ok([400, 404].includes(h.status), `${target}: ${h.status}`);
  }
  // A huge reason within MAX_BODY_BYTES is refused by its length; a body over it as soon as its
  // Content-Length is seen (the server then closes: only the start is sent).
  expectProblem(await cancel({ reason: 'x'.repeat(600 * 1024) }), 400, 'reason');
  const huge = await rawRequest(server.url, {
    method: 'POST', path: `/apis/orders/${ref}/cancellation`, body: '{}',
    headers: { Authorization: `Bearer ${staff.token}`, 'Content-Type': 'application/json', 'Content-Length': String(1024 * 1024 + 1) },
  });
  assert.equal(huge.status, 413);

  assert.deepEqual(await history(ref), before);
  assert.deepEqual(await history(other.order.reference), otherBefore);
  assert.equal((await asStaff('GET', `/apis/orders/${ref}`)).body.status, 'paid');
  await sleep(700);
  assert.equal(mailsTo(customer.email).length, 1, 'only the confirmation');
  assert.equal(mailsTo(other.customer.email).length, 1, 'only the confirmation');
});

test('the staff see any order; a guest order is found and cancelled like a customer\'s', async () => {
  await setStock(server, SOFA, 50);
  const email = uniqueEmail('invite');
  const cart = await newCart(server);
  await addLine(server, cart.id, SOFA, 1);
  const placed = await order(server, { cart_id: cart.id, email });
  assert.equal(placed.status, 201);
  const ref = placed.body.reference;
  await sink.waitFor((m) => m.to.includes(email), 10000);
  const seen = await asStaff('GET', `/apis/orders/${ref}`);
  assert.equal(seen.status, 200);
  assert.equal(seen.body.email, email);
  const r = await asStaff('POST', `/apis/orders/${ref}/cancellation`, { reason: 'Adresse de livraison introuvable' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await sink.waitFor((m) => m.to.includes(email) && m.subject.includes('Annulation'), 10000);
});

// Every target in its own process, as in the cluster, so that one can be down: {procs, start(t), stop()}.
async function startShopProcesses(smtpPort) {
  const targets = ['auth', 'catalog', 'customers', 'cart', 'shipping', 'payment', 'checkout', 'email'];
  const ports = {};
  for (const t of targets) ports[t] = await freePort();
  const url = (t) => `http://127.0.0.1:${ports[t]}`;
  const env = {
    PRODUCTCATALOGSERVICE_URL: url('catalog'), CUSTOMERSERVICE_URL: url('customers'), AUTHSERVICE_URL: url('auth'),
    CARTSERVICE_URL: url('cart'), SHIPPINGSERVICE_URL: url('shipping'), PAYMENTSERVICE_URL: url('payment'),
    CHECKOUTSERVICE_URL: url('checkout'), EMAILSERVICE_URL: url('email'),
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, EMAIL_RETRY_BASE_MS: '200', EMAIL_POLL_MS: '100', CHECKOUT_FOLLOWUP_MS: '300',
  };
  const dataDir = mkdtempSync(join(tmpdir(), 'rapidtrade-orders-'));
  const procs = {};
  const start = async (t) => (procs[t] = await startServer({ dataDir, args: ['--target', t], env: { ...env, PORT: String(ports[t]) } }));
  for (const t of targets) await start(t);  // auth first: the others fetch its signing keys
  return {
    procs,
    start,
    async stop() {
      for (const p of Object.values(procs)) await p.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

test('a cancellation while the payment service is down, and the checkout killed: the refund and its e-mail come once it is back', async () => {
  const shop = await startShopProcesses(sink.port);
  const { procs } = shop;
  try {
    const admin = await makeAdmin(procs.auth);
    await setStock(procs.catalog, SOFA, 20);
    const email = uniqueEmail('panne');
    const cart = (await api(procs.cart, 'POST', '/apis/carts/')).body.id;
    assert.equal((await api(procs.cart, 'POST', `/apis/carts/${cart}/lines`, { body: { product_id: SOFA, quantity: 2 } })).status, 200);
    const placed = await order(procs.checkout, { cart_id: cart, email });
    assert.equal(placed.status, 201, JSON.stringify(placed.body));
    const ref = placed.body.reference;
    await sink.waitFor((m) => m.to.includes(email), 10000);
    assert.equal(await stockOf(procs.catalog, SOFA), 18);

    await procs.payment.stop();
    const r = await api(procs.checkout, 'POST', `/apis/orders/${ref}/cancellation`, { key: false, token: admin.token, body: { reason: 'Client injoignable' } });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.status, 'cancelled', 'the cancellation stands');
    assert.equal(r.body.cancellation.refunded_at, null, 'not refunded yet: the payment service is down');
    assert.ok(r.body.cancellation.stock_returned_at, 'the stock is back already');
    assert.equal(await stockOf(procs.catalog, SOFA), 20);
    expectProblem(await api(procs.checkout, 'POST', `/apis/orders/${ref}/shipment`, { key: false, token: admin.token, body: { carrier: 'DHL', tracking: 'X1' } }), 409);

    // The checkout killed meanwhile: what is left is on record in its database.
    procs.checkout.proc.kill('SIGKILL');
    await procs.checkout.stop();
    await sleep(1000);
    assert.equal(mailsTo(email).filter((m) => m.subject.includes('Annulation')).length, 0, 'no e-mail promising a refund not made');

    await shop.start('payment');
    const checkout = await shop.start('checkout');
    const mail = await sink.waitFor((m) => m.to.includes(email) && m.subject.includes('Annulation'), 15000);
    assert.ok(mail.text.includes(frenchMoney(placed.body.total.amount)), mail.text);
    const charges = await api(procs.payment, 'GET', `/apis/payments/charges?idempotency_key=order-${ref}`);
    assert.equal(charges.body.items[0].status, 'refunded');
    const h = await api(checkout, 'GET', `/apis/orders/${ref}/history`, { key: false, token: admin.token });
    assert.deepEqual(h.body.items.map((e) => e.event), ['placed', 'cancelled', 'stock_returned', 'refunded']);
    await sleep(1200);  // more rounds of the follow-up thread: nothing twice
    assert.equal(mailsTo(email).filter((m) => m.subject.includes('Annulation')).length, 1);
    assert.equal(await stockOf(procs.catalog, SOFA), 20, 'the stock given back once');
  } finally {
    await shop.stop();
  }
});

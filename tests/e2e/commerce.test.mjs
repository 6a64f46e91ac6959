// Commerce through the real binary: cart → order → payment → stock → confirmation e-mail over real
// SMTP (tests/e2e/smtp_sink.mjs), promo code, order lookup, refused cards, SMTP outage and retry,
// concurrent checkouts of the last units, idempotent orders, and the whole shop on PostgreSQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer } from './server.mjs';
import {
  placedOrder,
  api, expectProblem, eur, CARD, DEMO, ADDRESS, SOFA, CORNER_SOFA, uniqueEmail, product, stockOf, setStock, newCart, addLine, order, logIn, newCustomer,
} from './commerce_support.mjs';
import { start as startSink } from './smtp_sink.mjs';

const DEMO_ADDRESS = { full_name: 'Jean Rault', street: '86 quai Saint-Nicolas', city: 'Auxerre', postal_code: '89000', country: 'FR' };

let sink;
let server;
const emailEnv = (port) => ({ SMTP_URL: `smtp://127.0.0.1:${port}`, EMAIL_RETRY_BASE_MS: '200', EMAIL_POLL_MS: '100' });

before(async () => {
  sink = await startSink();
  server = await startServer({ env: emailEnv(sink.port) });
});
after(async () => {
  await server?.stop();
  await sink?.stop();
});

// ---------------------------------------------------------------- helpers

// French money as the e-mails write it: U+202F between thousands, U+00A0 before the euro sign.
const frenchMoney = (cents) => {
  const units = Math.floor(cents / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  return `${units},${String(cents % 100).padStart(2, '0')}\u00a0€`;
};




const mailsTo = (address) => sink.messages.filter((m) => m.to.includes(address));

async function emailsFor(srv, address) {
  const r = await api(srv, 'GET', `/apis/emails/?to=${encodeURIComponent(address)}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.items;
}

// Polls GET /apis/emails until check(items) holds (then answers the items) or the time runs out.
async function eventuallyEmails(srv, address, check, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  let items;
  while (true) {
    items = await emailsFor(srv, address);
    if (check(items) || Date.now() > deadline) return items;
    await sleep(100);
  }
}

// Text of an HTML part with the usual entities decoded, so a check does not depend on escaping.
const htmlText = (html) => html
  .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
  .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
  .replace(/&nbsp;/g, '\u00a0').replace(/&eacute;/g, 'é').replace(/&egrave;/g, 'è').replace(/&euro;/g, '€')
  .replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

// ---------------------------------------------------------------- tests

test('a guest order end to end: cart, order, stock, empty cart, one confirmation e-mail', async () => {
  await setStock(server, SOFA, 10);
  await setStock(server, CORNER_SOFA, 5);
  const email = uniqueEmail('guest');

  const cart = await newCart(server);
  assert.equal(cart.customer_id, null);
  assert.deepEqual(cart.lines, []);
  assert.equal(cart.item_count, 0);
  await addLine(server, cart.id, SOFA, 2);
  const filled = await addLine(server, cart.id, CORNER_SOFA, 1);
  assert.deepEqual(filled.subtotal, eur(2 * 89900 + 109900));
  assert.equal(filled.item_count, 3);

  const r = await order(server, { cart_id: cart.id, email });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const o = r.body;
  assert.match(o.reference, /^\d{13}$/);
  assert.equal(o.status, 'paid');
  assert.equal(o.customer_id, null);
  assert.equal(o.email, email);
  assert.deepEqual(o.lines.map((l) => [l.product_id, l.quantity]).sort(), [[CORNER_SOFA, 1], [SOFA, 2]]);
  assert.equal(o.lines.find((l) => l.product_id === SOFA).name, 'Canapé Moderne en Cuir');
  assert.deepEqual(o.subtotal, eur(289700));
  assert.deepEqual(o.discount, eur(0));
  assert.deepEqual(o.shipping, eur(5000));
  assert.deepEqual(o.total, eur(294700));
  assert.equal(o.promo_code ?? null, null);
  assert.deepEqual(o.shipping_address, ADDRESS);
  assert.deepEqual(o.payment, { brand: 'visa', last4: '8918' });
  assert.ok(!Number.isNaN(Date.parse(o.created_at)), o.created_at);
  assert.ok(!JSON.stringify(o).includes(CARD.number), 'the order must not echo the card number');

  assert.equal(await stockOf(server, SOFA), 8);
  assert.equal(await stockOf(server, CORNER_SOFA), 4);
  const after = await api(server, 'GET', `/apis/carts/${cart.id}`);
  assert.equal(after.status, 200);
  assert.deepEqual(after.body.lines, []);
  assert.equal(after.body.item_count, 0);

  const mail = await sink.waitFor((m) => m.to.includes(email), 10000);
  assert.ok(mail.subject.length > 0);
  for (const part of [mail.text, htmlText(mail.html)]) {
    assert.ok(part.includes(o.reference), part);
    assert.ok(part.includes('Canapé Moderne en Cuir'), part);
    assert.ok(part.includes("Canapé d'Angle Confortable") || part.includes('Canapé d’Angle Confortable'), part);
    assert.ok(part.includes('Total'), part);
    assert.ok(part.includes(frenchMoney(294700)), `no ${JSON.stringify(frenchMoney(294700))} in ${JSON.stringify(part)}`);
    assert.ok(part.includes('12 rue des Lilas') && part.includes('Lyon') && part.includes('69003'), part);
  }
  await sleep(800);
  assert.equal(mailsTo(email).length, 1, 'exactly one confirmation e-mail');

  const items = await eventuallyEmails(server, email, (xs) => xs[0]?.status === 'sent');
  assert.equal(items.length, 1, JSON.stringify(items));
  assert.equal(items[0].to, email);
  assert.ok(items[0].id, JSON.stringify(items[0]));
  assert.ok(!Number.isNaN(Date.parse(items[0].created_at)), JSON.stringify(items[0]));
  assert.equal(items[0].subject, mail.subject);
  assert.equal(items[0].status, 'sent');
  assert.ok(items[0].attempts >= 1);
  assert.ok(items[0].text.includes(o.reference));
  assert.ok(items[0].html.length > 0 && items[0].subject.length > 0);
});

test('a logged-in order with the promo code: 30 % off the products, listed newest first', async () => {
  const token = await logIn(server, DEMO.email, DEMO.password);
  // A price whose 30 % is not a whole number of cents (round(102246 * 0.3) = 30674).
  const created = await api(server, 'POST', '/apis/products/', {
    body: { name: 'Vase Promo Grès', description: 'Vase', price: eur(12346), stock: 10, categories: ['salon'] },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const vase = created.body.id;
  await setStock(server, SOFA, 10);

  const cart = await newCart(server, token);
  assert.equal(cart.customer_id, DEMO.id);
  await addLine(server, cart.id, SOFA, 1, token);
  await addLine(server, cart.id, vase, 1, token);

  const r = await order(server, { cart_id: cart.id, email: DEMO.email, token, shipping_address: DEMO_ADDRESS, promo_code: 'viveLEdesign' });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const o = r.body;
  assert.equal(o.customer_id, DEMO.id);
  assert.deepEqual(o.subtotal, eur(102246));
  assert.deepEqual(o.discount, eur(30674));
  assert.deepEqual(o.shipping, eur(5000));
  assert.deepEqual(o.total, eur(102246 - 30674 + 5000));
  assert.match(o.promo_code, /^viveledesign$/i);
  assert.equal(await stockOf(server, vase), 9);

  const mail = await sink.waitFor((m) => m.to.includes(DEMO.email) && m.text.includes(o.reference), 10000);
  assert.ok(mail.text.includes(frenchMoney(76572)), JSON.stringify(mail.text));
  assert.ok(mail.text.includes('86 quai Saint-Nicolas'), mail.text);

  await sleep(1100);  // a later created_at for the second order
  // The customer's cart, emptied by the first order, serves again.
  assert.deepEqual((await api(server, 'GET', `/apis/carts/${cart.id}`, { token })).body.lines, []);
  await addLine(server, cart.id, 'XM13BPAGXI', 1, token);
  const second = await order(server, { cart_id: cart.id, email: DEMO.email, token, shipping_address: DEMO_ADDRESS });
  assert.equal(second.status, 201, JSON.stringify(second.body));
  assert.deepEqual(second.body.discount, eur(0));
  assert.deepEqual(second.body.total, eur(8990 + 5000));

  const list = await api(server, 'GET', '/apis/orders/', { token, key: false });
  assert.equal(list.status, 200, JSON.stringify(list.body));
  assert.equal(list.body.page, 1);
  assert.ok(list.body.per_page >= 2);
  assert.ok(list.body.total >= 2);
  assert.deepEqual(list.body.items.slice(0, 2).map((x) => x.reference), [second.body.reference, o.reference]);
  assert.ok(list.body.items.every((x) => x.customer_id === DEMO.id));

  const own = await api(server, 'GET', `/apis/orders/${o.reference}`, { token, key: false });
  assert.equal(own.status, 200);
  assert.deepEqual(own.body.total, o.total);
  const stranger = await newCustomer(server);
  expectProblem(await api(server, 'GET', `/apis/orders/${o.reference}`, { token: stranger.token, key: false }), 404);
  const strangerList = await api(server, 'GET', '/apis/orders/', { token: stranger.token, key: false });
  assert.equal(strangerList.status, 200);
  assert.equal(strangerList.body.total, 0);
  assert.deepEqual(strangerList.body.items, []);
  expectProblem(await api(server, 'GET', `/apis/orders/${o.reference}`), 404);  // the API key acts for nobody
  expectProblem(await api(server, 'GET', `/apis/orders/${o.reference}`, { token: stranger.token }), 404);
});

test('a guest finds the order with the access token of its 201, not with the API key, another token or the e-mail', async () => {
  await setStock(server, 'AV8BPPXX71', 10);
  const email = uniqueEmail('lookup');
  const cart = await newCart(server);
  await addLine(server, cart.id, 'AV8BPPXX71', 1);
  const r = await order(server, { cart_id: cart.id, email });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const ref = r.body.reference;

  assert.match(r.body.access_token, /^[A-Za-z0-9_-]{43}$/);

  const found = await placedOrder(server, r.body);
  assert.equal(found.status, 200, JSON.stringify(found.body));
  assert.equal(found.body.reference, ref);
  assert.equal(found.body.email, email);
  assert.deepEqual(found.body.total, eur(19990 + 5000));
  assert.equal(found.body.access_token, undefined, 'the token is handed out once, in the 201');
  // Whoever does not hold the token sees nothing, whatever else they hold.
  const otherCart = await newCart(server);
  await addLine(server, otherCart.id, 'AV8BPPXX71', 1);
  const other = await order(server, { cart_id: otherCart.id, email });
  assert.equal(other.status, 201, JSON.stringify(other.body));
  const forged = { reference: ref, access_token: 'A'.repeat(43) };
  expectProblem(await placedOrder(server, forged), 404);
  expectProblem(await api(server, 'GET', `/apis/orders/${ref}`, { headers: { 'X-Order-Token': other.body.access_token } }), 404);
  expectProblem(await api(server, 'GET', `/apis/orders/${ref}?email=${encodeURIComponent(email)}`, { key: false }), 404);
  expectProblem(await api(server, 'GET', `/apis/orders/${ref}`), 404);
  expectProblem(await api(server, 'GET', `/apis/orders/${ref}`, { token: (await newCustomer(server)).token }), 404);
});

test('a refused card changes nothing: same stock, same cart, no order, no e-mail', async () => {
  const customer = await newCustomer(server);
  await setStock(server, 'D0WTFLHBMU', 6);
  const cart = await newCart(server, customer.token);
  assert.equal(cart.customer_id, customer.id);
  const filled = await addLine(server, cart.id, 'D0WTFLHBMU', 2, customer.token);

  const cards = [
    [{ ...CARD, number: '4000000000000002' }, 'declined'],
    [{ ...CARD, number: '4000000000009995' }, 'insufficient_funds'],
    [{ ...CARD, exp_month: 1, exp_year: 2020 }, 'expired'],
  ];
  for (const [card, reason] of cards) {
    const r = await order(server, { cart_id: cart.id, email: customer.email, token: customer.token, card });
    const problem = expectProblem(r, 402);
    assert.equal(problem.reason, reason);
  }

  assert.equal(await stockOf(server, 'D0WTFLHBMU'), 6);
  const still = await api(server, 'GET', `/apis/carts/${cart.id}`, { token: customer.token });
  assert.deepEqual(still.body.lines.map((l) => [l.product_id, l.quantity]), [['D0WTFLHBMU', 2]]);
  assert.deepEqual(still.body.subtotal, filled.subtotal);
  const list = await api(server, 'GET', '/apis/orders/', { token: customer.token, key: false });
  assert.equal(list.status, 200);
  assert.equal(list.body.total, 0);
  assert.deepEqual(list.body.items, []);
  await sleep(600);
  assert.deepEqual(await emailsFor(server, customer.email), []);
  assert.equal(mailsTo(customer.email).length, 0);

  // The same cart then goes through with a good card.
  const ok = await order(server, { cart_id: cart.id, email: customer.email, token: customer.token });
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  assert.equal(await stockOf(server, 'D0WTFLHBMU'), 4);
});

test('the same Idempotency-Key and body give the same order, charged and taken from stock once', async () => {
  await setStock(server, 'C9JEQQA3QI', 5);
  const email = uniqueEmail('idem');
  const cart = await newCart(server);
  await addLine(server, cart.id, 'C9JEQQA3QI', 1);
  const key = `order-${process.pid}-${Date.now()}`;
  const first = await order(server, { cart_id: cart.id, email, idempotencyKey: key });
  assert.equal(first.status, 201, JSON.stringify(first.body));
  const again = await order(server, { cart_id: cart.id, email, idempotencyKey: key });
  assert.equal(again.status, 201, JSON.stringify(again.body));
  assert.equal(again.headers.get('idempotent-replayed'), 'true');
  assert.deepEqual(again.body, first.body, 'the first answer again, access token and all');
  assert.equal(await stockOf(server, 'C9JEQQA3QI'), 4);

  await sink.waitFor((m) => m.to.includes(email), 10000);
  await sleep(600);
  assert.equal(mailsTo(email).length, 1);
  assert.equal((await emailsFor(server, email)).length, 1);

  // Another key is another attempt: the cart is empty now.
  expectProblem(await order(server, { cart_id: cart.id, email, idempotencyKey: key + '-2' }), 422);
  assert.equal(await stockOf(server, 'C9JEQQA3QI'), 4);
});

test('SMTP down at order time, back 3 s later: the e-mail arrives once, after several attempts', async () => {
  await setStock(server, 'MKNUJ0EWU1', 5);
  const port = sink.port;
  await sink.stop();
  const stoppedAt = Date.now();
  let restarted = false;
  try {
    const email = uniqueEmail('outage');
    const cart = await newCart(server);
    await addLine(server, cart.id, 'MKNUJ0EWU1', 1);
    const r = await order(server, { cart_id: cart.id, email });
    assert.equal(r.status, 201, 'the order does not wait for the mail server: ' + JSON.stringify(r.body));

    await sleep(1000);
    const during = await emailsFor(server, email);
    assert.equal(during.length, 1, JSON.stringify(during));
    assert.notEqual(during[0].status, 'sent');
    assert.ok(during[0].attempts >= 1, JSON.stringify(during[0]));

    await sleep(Math.max(0, 3000 - (Date.now() - stoppedAt)));
    sink = await startSink(port, { messages: sink.messages });
    restarted = true;
    const mail = await sink.waitFor((m) => m.to.includes(email), 20000);
    assert.ok(mail.text.includes(r.body.reference));
    await sleep(1500);
    assert.equal(mailsTo(email).length, 1, 'delivered exactly once');

    const items = await eventuallyEmails(server, email, (xs) => xs[0]?.status === 'sent');
    assert.equal(items.length, 1);
    assert.equal(items[0].status, 'sent');
    assert.ok(items[0].attempts >= 2, JSON.stringify(items[0]));
  } finally {
    if (!restarted) sink = await startSink(port, { messages: sink.messages });
  }
});

test('50 concurrent checkouts of the last 10 units: 10 orders, 40 refusals, stock 0, 10 e-mails', async () => {
  const id = 'AV8BPPXX71';
  await setStock(server, id, 10);
  const tag = `rush${process.pid}${Date.now()}`;
  const emails = Array.from({ length: 50 }, (_, i) => `${tag}.${i}@example.test`);
  const carts = await Promise.all(emails.map(async () => {
    const cart = await newCart(server);
    await addLine(server, cart.id, id, 1);
    return cart.id;
  }));

  const results = await Promise.all(carts.map((cart_id, i) => order(server, { cart_id, email: emails[i] })));
  const statuses = results.map((r) => r.status);
  const count = (s) => statuses.filter((x) => x === s).length;
  assert.equal(count(201), 10, `statuses: ${JSON.stringify(statuses)}`);
  assert.equal(count(422), 40, `statuses: ${JSON.stringify(statuses)}`);
  for (const r of results.filter((x) => x.status === 422)) expectProblem(r, 422);
  const refs = results.filter((r) => r.status === 201).map((r) => r.body.reference);
  assert.equal(new Set(refs).size, 10);
  assert.equal(await stockOf(server, id), 0);

  // One confirmation per paid order, and none for the refused ones: the charges were 10.
  const deadline = Date.now() + 15000;
  const rushMails = () => sink.messages.filter((m) => m.to.some((t) => t.startsWith(tag)));
  while (rushMails().length < 10 && Date.now() < deadline) await sleep(100);
  await sleep(800);
  assert.equal(rushMails().length, 10);
  const paidEmails = results.map((r, i) => (r.status === 201 ? emails[i] : null)).filter(Boolean);
  assert.deepEqual(rushMails().map((m) => m.to[0]).sort(), [...paidEmails].sort());
  const queued = (await Promise.all(emails.map((e) => emailsFor(server, e)))).flat();
  assert.equal(queued.length, 10);
  for (const placed of results.filter((r) => r.status === 201)) assert.equal((await placedOrder(server, placed.body)).status, 200);
});

test('the whole shop on PostgreSQL: a guest order end to end', async () => {
  const url = process.env.TEST_DATABASE_URL;
  assert.ok(url, 'TEST_DATABASE_URL is not set: run through scripts/with-postgres.sh (make test)');
  const pg = await startServer({ env: { DATABASE_URL: url, ...emailEnv(sink.port) } });
  try {
    await setStock(pg, SOFA, 7);
    const email = uniqueEmail('pg');
    const cart = await newCart(pg);
    await addLine(pg, cart.id, SOFA, 2);
    const r = await order(pg, { cart_id: cart.id, email });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.match(r.body.reference, /^\d{13}$/);
    assert.deepEqual(r.body.total, eur(2 * 89900 + 5000));
    assert.equal(await stockOf(pg, SOFA), 5);
    assert.deepEqual((await api(pg, 'GET', `/apis/carts/${cart.id}`)).body.lines, []);
    const found = await placedOrder(pg, r.body);
    assert.equal(found.status, 200);
    const mail = await sink.waitFor((m) => m.to.includes(email), 10000);
    assert.ok(mail.text.includes(r.body.reference));
    assert.ok(mail.text.includes(frenchMoney(2 * 89900 + 5000)), mail.text);
    const items = await eventuallyEmails(pg, email, (xs) => xs[0]?.status === 'sent');
    assert.equal(items.length, 1);
    assert.equal(items[0].status, 'sent');

    // A refused card on PostgreSQL also changes nothing.
    const cart2 = await newCart(pg);
    await addLine(pg, cart2.id, SOFA, 1);
    const refused = await order(pg, { cart_id: cart2.id, email, card: { ...CARD, number: '4000000000000002' } });
    assert.equal(expectProblem(refused, 402).reason, 'declined');
    assert.equal(await stockOf(pg, SOFA), 5);
    assert.equal((await api(pg, 'GET', `/apis/carts/${cart2.id}`)).body.item_count, 1);
  } finally {
    await pg.stop();
  }
});

test('the card number is in no database file and no log line', async () => {
  const { readdirSync, readFileSync, statSync } = await import('node:fs');
  const { join } = await import('node:path');
  // At least one order paid with the card in this server's life (earlier tests placed more).
  const spaced = '4556 4262 6162 8918';
  const cart = await api(server, 'POST', '/apis/carts/');
  await api(server, 'POST', `/apis/carts/${cart.body.id}/lines`, { body: { product_id: SOFA, quantity: 1 } });
  const placed = await api(server, 'POST', '/apis/orders/', {
    body: { cart_id: cart.body.id, email: uniqueEmail('grep'), shipping_address: ADDRESS, card: { ...CARD, number: spaced } },
  });
  assert.equal(placed.status, 201, JSON.stringify(placed.body));
  const needles = [CARD.number, spaced].map((n) => Buffer.from(n));
  let files = 0;
  for (const name of readdirSync(server.dataDir)) {
    const path = join(server.dataDir, name);
    if (!statSync(path).isFile()) continue;
    files += 1;
    const bytes = readFileSync(path);
    for (const n of needles) assert.equal(bytes.indexOf(n), -1, `the card number is stored in ${name}`);
  }
  assert.ok(files >= 8, `expected the services' database files in ${server.dataDir}, found ${files}`);
  const logs = JSON.stringify(server.lines) + server.stderr();
  for (const n of [CARD.number, spaced]) assert.ok(!logs.includes(n), 'the card number appears in the logs');
});

test('one order can be followed across services by its trace id, and shows in the metrics', async () => {
  const traceId = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
  const cart = await api(server, 'POST', '/apis/carts/');
  await api(server, 'POST', `/apis/carts/${cart.body.id}/lines`, { body: { product_id: SOFA, quantity: 1 } });
  const placed = await api(server, 'POST', '/apis/orders/', {
    headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    body: { cart_id: cart.body.id, email: uniqueEmail('trace'), shipping_address: ADDRESS, card: CARD },
  });
  assert.equal(placed.status, 201);
  // The checkout's own line and the lines of the services it called carry the same trace id.
  const traced = server.lines.filter((l) => l.trace_id === traceId && l.event === 'request');
  const services = new Set(traced.map((l) => l.service));
  for (const s of ['checkout', 'cart', 'catalog', 'shipping', 'payment']) assert.ok(services.has(s), `no ${s} line in trace: ${[...services]}`);

  const metrics = await (await fetch(server.url + '/metrics')).text();
  for (const pattern of [
    /^rapidtrade_orders_total\{outcome="placed"\} [1-9]/m,
    /^rapidtrade_revenue_cents_total [1-9]/m,
    /^rapidtrade_carts_created_total [1-9]/m,
    /^rapidtrade_upstream_requests_total\{outcome="ok",upstream="payment"\} [1-9]/m,
    /^rapidtrade_db_query_duration_seconds_count\{query="insert orders",service="checkout"\} [1-9]/m,
    /^rapidtrade_db_connections_in_use\{service="catalog"\} 0/m,
    /^rapidtrade_emails_total\{status="queued"\} [1-9]/m,
    /^rapidtrade_email_oldest_queued_age_seconds /m,
  ]) assert.match(metrics, pattern);
});

// Faults under load: while customers keep browsing and ordering, one dependency stops for a few
// seconds (the SMTP server, PostgreSQL, one service's process). Only what depends on it degrades,
// with 503 problem+json answers (never a 500, a stack trace or a dropped connection), readiness
// says so where the dependency is the service's own, everything recovers by itself once it is
// back, and no accepted order is lost: every 201 order is there afterwards, its e-mail sent once,
// and the stock went down by exactly what was sold (no reservation left behind by a failed one).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer } from './server.mjs';
import { startPostgres } from './postgres_server.mjs';
import { start as startSink } from './smtp_sink.mjs';
import { api, orderTokenFor, ADDRESS, CARD, SOFA, uniqueEmail, stockOf, setStock } from './commerce_support.mjs';
import { freePort } from './ports.mjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const STOCK = 100000;
// Short delays, so that recovering takes seconds here: e-mail retries, and the checkout's
// reconciliation of attempts left half done (2 s old instead of 2 min, looked at every 300 ms).
const fast = { EMAIL_RETRY_BASE_MS: '200', EMAIL_POLL_MS: '100', CHECKOUT_RECONCILE_AFTER_MS: '2000', CHECKOUT_FOLLOWUP_MS: '300' };

// One step of a customer's visit, recorded with what the customer got back.
async function step(events, name, srv, method, path, opts) {
  const at = Date.now();
  try {
    const r = await api(srv, method, path, opts);
    events.push({ name, at, end: Date.now(), status: r.status, type: r.headers.get('content-type') ?? '', body: r.body });
    return r;
  } catch (e) {
    events.push({ name, at, end: Date.now(), status: 'network', error: String(e.cause?.code ?? e.message) });
    return null;
  }
}

// `workers` guests browse the catalogue and buy one SOFA each, over and over, until stop():
// answers every step's outcome and the references of the orders that were accepted (201).
function startLoad({ catalog, cart, checkout }, workers = 3) {
  const events = [];
  const accepted = [];
  let running = true;
  const worker = async () => {
    while (running) {
      await step(events, 'browse', catalog, 'GET', '/apis/products/?per_page=5', { key: false });
      // The cart and order routes are internal (the frontend calls them with the API key).
      const c = await step(events, 'cart', cart, 'POST', '/apis/carts/', {});
      if (c?.status === 201) {
        const line = await step(events, 'add', cart, 'POST', `/apis/carts/${c.body.id}/lines`, { body: { product_id: SOFA, quantity: 1 } });
        if (line?.status === 200) {
          const email = uniqueEmail('fault');
          const o = await step(events, 'order', checkout, 'POST', '/apis/orders/', { body: { cart_id: c.body.id, email, shipping_address: ADDRESS, card: CARD } });
          if (o?.status === 201) accepted.push({ reference: o.body.reference, email, at: Date.now() });
        }
      }
      await sleep(20);
    }
  };
  const all = Array.from({ length: workers }, worker);
  return {
    events,
    accepted,
    async stop() {
      running = false;
      await Promise.all(all);
    },
  };
}

// Every answer was a success or a clean 503 problem+json: no 500, no dropped connection.
function assertCleanFailures(events) {
  const bad = events.filter((e) => !(typeof e.status === 'number' && e.status < 300) &&
    !(e.status === 503 && e.type.startsWith('application/problem+json') && e.body?.status === 503 && e.body?.detail));
  assert.deepEqual(bad.slice(0, 5), [], `${bad.length} answers were neither a success nor a 503 problem+json`);
}

// Answers of the steps `name` that began at or after `from` and ended before `to`.
const within = (events, name, from, to) => events.filter((e) => e.name === name && e.at >= from && e.end < to);
const successes = (events, name, from, to = Infinity) => within(events, name, from, to).filter((e) => e.status < 300).length;
const unavailable = (events, name, from, to) => within(events, name, from, to).filter((e) => e.status === 503).length;

async function readyStatus(srv) {
  try { return (await fetch(`${srv.url}/readyz`)).status; } catch { return 'down'; }
}

// Polls until `check` holds, or fails with `what` after `ms`.
async function eventually(what, check, ms = 15000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    assert.ok(Date.now() < deadline, `not within ${ms} ms: ${what}`);
    await sleep(100);
  }
}

// No accepted order is lost, and the stock went down by exactly what was sold.
async function assertNothingLost(checkout, catalog, accepted) {
  assert.ok(accepted.length > 0, 'orders were accepted');
  for (const o of accepted) {
    const r = await api(checkout, 'GET', `/apis/orders/${o.reference}`, { headers: { 'X-Order-Token': orderTokenFor(o.reference) } });
    assert.equal(r.status, 200, `accepted order ${o.reference} is there`);
    assert.equal(r.body.status, 'paid');
  }
  // A refused order releases its reservation: nothing else took stock.
  await eventually('stock = initial − accepted', async () => (await stockOf(catalog, SOFA)) === STOCK - accepted.length);
}

test('SMTP down for 3 s under load: orders go on, e-mails wait in the outbox, then each is sent once', async () => {
  let sink = await startSink();
  const port = sink.port;
  const srv = await startServer({ env: { SMTP_URL: `smtp://127.0.0.1:${port}`, ...fast } });
  try {
    await setStock(srv, SOFA, STOCK);
    const load = startLoad({ catalog: srv, cart: srv, checkout: srv });
    await sleep(1000);
    await sink.stop();
    const downAt = Date.now();
    await sleep(1500);
    // What depends on SMTP is the e-mail only: the shop stays ready, the queue ages.
    assert.equal(await readyStatus(srv), 200, 'SMTP is not a readiness dependency: the outbox absorbs it');
    const metrics = await (await fetch(`${srv.url}/metrics`)).text();
    const oldest = Number(/^rapidtrade_email_oldest_queued_age_seconds(?:\{[^}]*\})? (\S+)/m.exec(metrics)?.[1]);
    assert.ok(oldest > 0, `the oldest queued e-mail's age shows the outage: ${oldest}`);
    await sleep(1500);
    sink = await startSink(port, { messages: sink.messages });
    const upAt = Date.now();
    await sleep(1500);
    await load.stop();

    assertCleanFailures(load.events);
    const failed = load.events.filter((e) => e.status !== 201 && e.status !== 200);
    assert.deepEqual(failed.slice(0, 3), [], 'nothing failed: SMTP is off every request\'s path');
    assert.ok(successes(load.events, 'order', downAt, upAt) > 0, 'orders accepted while SMTP was down');
    await assertNothingLost(srv, srv, load.accepted);
    // Every accepted order's confirmation arrives, exactly once.
    await eventually('every confirmation delivered', async () =>
      load.accepted.every((o) => sink.messages.some((m) => m.to.includes(o.email))), 30000);
    await sleep(1000);
    for (const o of load.accepted) {
      const mails = sink.messages.filter((m) => m.to.includes(o.email));
      assert.equal(mails.length, 1, `one e-mail for ${o.reference}`);
      assert.ok(mails[0].text.includes(o.reference));
    }
  } finally {
    await srv.stop();
    await sink.stop();
  }
});

test('PostgreSQL down for 3 s under load: 503 problem+json and not ready, then back by itself', async () => {
  const pg = await startPostgres();
  const sink = await startSink();
  const srv = await startServer({ env: { DATABASE_URL: pg.url, SMTP_URL: `smtp://127.0.0.1:${sink.port}`, ...fast } });
  try {
    await setStock(srv, SOFA, STOCK);
    const load = startLoad({ catalog: srv, cart: srv, checkout: srv });
    await sleep(1000);
    pg.stop();
    const downAt = Date.now();
    await eventually('/readyz says not ready', async () => (await readyStatus(srv)) === 503, 5000);
    const ready = await (await fetch(`${srv.url}/readyz`)).json();
    assert.equal(ready.checks.checkout, 'unavailable', JSON.stringify(ready));
    assert.equal((await fetch(`${srv.url}/healthz`)).status, 200, 'alive: nothing to restart');
    await sleep(Math.max(0, 3000 - (Date.now() - downAt)));
    pg.start();
    const upAt = Date.now();
    await eventually('ready again', async () => (await readyStatus(srv)) === 200);
    await eventually('orders accepted again', async () => successes(load.events, 'order', upAt) >= 3);
    await load.stop();

    assertCleanFailures(load.events);
    assert.ok(unavailable(load.events, 'cart', downAt, upAt) + unavailable(load.events, 'order', downAt, upAt) > 0,
      'requests needing the database were answered 503 while it was down');
    await assertNothingLost(srv, srv, load.accepted);
    await eventually('every confirmation delivered', async () =>
      load.accepted.every((o) => sink.messages.some((m) => m.to.includes(o.email))), 30000);
  } finally {
    await srv.stop();
    await sink.stop();
    pg.destroy();
  }
});

// Every target in its own process, on SQLite, as in the cluster: { procs, start(target), stop() }.
async function startShopProcesses(extraEnv = {}) {
  const sink = await startSink();
  const targets = ['catalog', 'customers', 'auth', 'cart', 'shipping', 'payment', 'checkout', 'email'];
  const ports = {};
  for (const t of targets) ports[t] = await freePort();
  const url = (t) => `http://127.0.0.1:${ports[t]}`;
  const urls = {
    PRODUCTCATALOGSERVICE_URL: url('catalog'),
    CUSTOMERSERVICE_URL: url('customers'),
    AUTHSERVICE_URL: url('auth'),
    CARTSERVICE_URL: url('cart'),
    SHIPPINGSERVICE_URL: url('shipping'),
    PAYMENTSERVICE_URL: url('payment'),
    CHECKOUTSERVICE_URL: url('checkout'),
    EMAILSERVICE_URL: url('email'),
  };
  const dataDir = mkdtempSync(join(tmpdir(), 'rapidtrade-faults-'));
  const env = { ...urls, SMTP_URL: `smtp://127.0.0.1:${sink.port}`, ...fast, ...extraEnv };
  const procs = {};
  const start = async (t) => {
    procs[t] = await startServer({ dataDir, args: ['--target', t], env: { ...env, PORT: String(ports[t]) } });
    return procs[t];
  };
  // auth first: the others fetch its signing keys.
  await start('auth');
  for (const t of targets.filter((x) => x !== 'auth')) await start(t);
  return {
    procs,
    start,
    async stop() {
      for (const p of Object.values(procs)) await p.stop();
      await sink.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

test('the payment process killed under load: only ordering fails (503 problem+json), then recovers when it is back', async () => {
  const shop = await startShopProcesses();
  const { procs } = shop;
  try {
    await setStock(procs.catalog, SOFA, STOCK);
    const load = startLoad({ catalog: procs.catalog, cart: procs.cart, checkout: procs.checkout });
    await sleep(1000);
    procs.payment.proc.kill('SIGKILL');
    await procs.payment.stop();
    const downAt = Date.now();
    await sleep(3000);
    // The others stay ready: payment is not their own dependency, and the caller answers for it.
    for (const t of ['catalog', 'cart', 'checkout']) assert.equal(await readyStatus(procs[t]), 200, `${t} stays ready`);
    assert.equal(await readyStatus(procs.payment), 'down');
    const restartAt = Date.now();
    await shop.start('payment');
    const upAt = Date.now();
    await eventually('orders accepted again', async () => successes(load.events, 'order', upAt) >= 3);
    await load.stop();

    assertCleanFailures(load.events);
    // Browsing and carts went on; orders were refused cleanly, naming what is missing.
    const window = [downAt + 200, restartAt];
    assert.ok(successes(load.events, 'browse', ...window) > 0 && successes(load.events, 'add', ...window) > 0, 'browsing and carts went on');
    assert.equal(load.events.filter((e) => e.name !== 'order' && e.status !== 200 && e.status !== 201).length, 0, 'only ordering was affected');
    assert.ok(unavailable(load.events, 'order', ...window) > 0, 'orders refused with 503 while payment was down');
    assert.equal(successes(load.events, 'order', ...window), 0, 'no order accepted without payment');
    await assertNothingLost(procs.checkout, procs.catalog, load.accepted);
  } finally {
    await shop.stop();
  }
});

test('the checkout process killed in the middle of an order: restarted, it gives the stock back, refunds the charge, and the order can be retried', async (t) => {
  const shop = await startShopProcesses();
  const { procs } = shop;
  try {
    await setStock(procs.catalog, SOFA, 50);
    const cart = (await api(procs.cart, 'POST', '/apis/carts/', {})).body;
    assert.equal((await api(procs.cart, 'POST', `/apis/carts/${cart.id}/lines`, { body: { product_id: SOFA, quantity: 2 } })).status, 200);
    // The payment process frozen: the order reserves its stock, then waits for the charge.
    procs.payment.proc.kill('SIGSTOP');
    const request = { body: { cart_id: cart.id, email: uniqueEmail('killed'), shipping_address: ADDRESS, card: CARD }, headers: { 'Idempotency-Key': `killed-${Date.now()}` } };
    const pending = api(procs.checkout, 'POST', '/apis/orders/', request).then(() => 'answered', () => 'connection lost');
    await eventually('the stock is reserved', async () => (await stockOf(procs.catalog, SOFA)) === 48);
    procs.checkout.proc.kill('SIGKILL');
    await procs.checkout.stop();
    assert.equal(await pending, 'connection lost');
    // Payment resumes and handles the charge request it had already received.
    procs.payment.proc.kill('SIGCONT');
    await sleep(500);
    assert.equal(await stockOf(procs.catalog, SOFA), 48, 'nobody gave the stock back yet');

    const checkout = await shop.start('checkout');
    // The customer retries with the same Idempotency-Key: not while the attempt may still be alive...
    const early = await api(checkout, 'POST', '/apis/orders/', request);
    assert.equal(early.status, 409, JSON.stringify(early.body));
    assert.match(early.body.detail, /est en cours ; réessayez dans un instant/);
    await eventually('the stock is back', async () => (await stockOf(procs.catalog, SOFA)) === 50);
    await eventually('the undoing is logged', async () => checkout.lines.some((l) => l.event === 'order_attempt_undone'), 5000);
    const undone = checkout.lines.find((l) => l.event === 'order_attempt_undone');
    assert.ok(undone?.reference, 'the restarted checkout logs the attempt it undid');
    const lookUp = { headers: { 'X-Order-Token': orderTokenFor(undone.reference) } };
    assert.equal((await api(checkout, 'GET', `/apis/orders/${undone.reference}`, lookUp)).status, 404, 'no order was made');
    const charges = (await api(procs.payment, 'GET', `/apis/payments/charges?idempotency_key=order-${undone.reference}`)).body.items;
    assert.ok(charges.every((c) => c.status === 'refunded'), `every charge of the attempt refunded: ${JSON.stringify(charges)}`);
    t.diagnostic(charges.length ? 'the charge had been made: refunded' : 'the charge had not been made');
    const metrics = await (await fetch(`${checkout.url}/metrics`)).text();
    assert.match(metrics, /^rapidtrade_order_attempts_undone_total 1$/m);
    // ...but once it is undone, the same request places the order, once.
    const retried = await api(checkout, 'POST', '/apis/orders/', request);
    assert.equal(retried.status, 201, JSON.stringify(retried.body));
    assert.equal(await stockOf(procs.catalog, SOFA), 48);
    const replayed = await api(checkout, 'POST', '/apis/orders/', request);
    assert.equal(replayed.status, 201);
    assert.equal(replayed.headers.get('idempotent-replayed'), 'true');
    assert.equal(replayed.body.reference, retried.body.reference, 'the same order, not a second one');
  } finally {
    procs.payment?.proc.kill('SIGCONT');
    await shop.stop();
  }
});

// The disaster-recovery drill, once per storage: orders placed, a backup taken while the shop
// serves, more orders, the data destroyed, the backup restored; then every order, customer and
// stock level of the backup is back, what came after it is not, and the shop takes orders again.
// - SQLite (`make run`): `rapidtrade backup --to` / `rapidtrade restore --from`, the data
//   directory deleted.
// - PostgreSQL (compose, Kubernetes): the Kubernetes CronJob's own scripts
//   (deploy/k8s/components/backups/backup.sh, restore.sh: pg_dump, pg_restore) and the databases'
//   init script (deploy/k8s/base/postgres-init.sh), against a PostgreSQL of the test's own that
//   is wiped (a new empty data directory) in between.
// Each run reports the time the restore took (t.diagnostic, in the test output).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { startServer, runCli } from './server.mjs';
import { startPostgres, PG_BIN } from './postgres_server.mjs';
import {
  api, orderTokenFor, SOFA, CORNER_SOFA, uniqueEmail, stockOf, setStock, newCart, addLine, order, logIn, newCustomer,
} from './commerce_support.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SERVICES_WITH_DATA = ['catalog', 'customers', 'auth', 'cart', 'shipping', 'payment', 'checkout', 'email'];
const PASSWORD = 'motdepasse-commerce-1'; // newCustomer's

async function placeOrder(srv, { token, email, productId, quantity }) {
  // A logged-in customer's cart is kept after an order (200, empty); a guest gets a new one (201).
  const cart = token ? (await api(srv, 'POST', '/apis/carts/', { token })).body : await newCart(srv);
  await addLine(srv, cart.id, productId, quantity, token);
  const r = await order(srv, { token, cart_id: cart.id, email });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

const getOrder = (srv, reference) => api(srv, 'GET', `/apis/orders/${reference}`, { headers: { 'X-Order-Token': orderTokenFor(reference) } });

// An order once its follow-up (the shipment, requested after the answer) is done.
async function settledOrder(srv, reference) {
  const deadline = Date.now() + 10000;
  for (;;) {
    const r = await getOrder(srv, reference);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    if (r.body.tracking_id) return r.body;
    assert.ok(Date.now() < deadline, `order ${reference} got no tracking id within 10 s`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

// Before the backup: two customers' worth of activity. Answers what the backup must bring back.
async function activityBeforeBackup(srv) {
  await setStock(srv, SOFA, 20);
  await setStock(srv, CORNER_SOFA, 10);
  const customer = await newCustomer(srv);
  const orders = [
    await placeOrder(srv, { token: customer.token, email: customer.email, productId: SOFA, quantity: 2 }),
    await placeOrder(srv, { email: uniqueEmail('guest-dr'), productId: CORNER_SOFA, quantity: 1 }),
  ];
  const saved = { customer, orders: [], profile: null, stock: {} };
  for (const o of orders) saved.orders.push(await settledOrder(srv, o.reference));
  saved.profile = (await api(srv, 'GET', '/apis/customers/me', { key: false, token: customer.token })).body;
  saved.stock = { [SOFA]: await stockOf(srv, SOFA), [CORNER_SOFA]: await stockOf(srv, CORNER_SOFA) };
  assert.deepEqual(saved.stock, { [SOFA]: 18, [CORNER_SOFA]: 9 });
  return saved;
}

// After the backup: what the restore rolls back.
async function activityAfterBackup(srv) {
  const late = await newCustomer(srv);
  const lateOrder = await placeOrder(srv, { token: late.token, email: late.email, productId: SOFA, quantity: 3 });
  await setStock(srv, CORNER_SOFA, 1);
  return { late, lateOrder };
}

async function checkRestored(srv, saved, after) {
  assert.equal((await fetch(`${srv.url}/readyz`)).status, 200, 'ready after the restore');
  for (const o of saved.orders) {
    const r = await getOrder(srv, o.reference);
    assert.equal(r.status, 200, `order ${o.reference} is back`);
    assert.deepEqual(r.body, o, `order ${o.reference} as it was at the backup`);
  }
  const token = await logIn(srv, saved.customer.email, PASSWORD);
  const profile = await api(srv, 'GET', '/apis/customers/me', { key: false, token });
  assert.deepEqual(profile.body, saved.profile, 'the customer, as at the backup');
  const history = await api(srv, 'GET', '/apis/orders/', { key: false, token });
  assert.deepEqual(history.body.items.map((o) => o.reference), [saved.orders[0].reference], 'their order history');
  assert.deepEqual({ [SOFA]: await stockOf(srv, SOFA), [CORNER_SOFA]: await stockOf(srv, CORNER_SOFA) }, saved.stock, 'stock levels as at the backup');

  // What happened after the backup is gone: the restore is a point in time.
  assert.equal((await getOrder(srv, after.lateOrder.reference)).status, 404, 'the order placed after the backup');
  const lateLogIn = await api(srv, 'POST', '/apis/auth/token', { key: false, body: { email: after.late.email, password: PASSWORD } });
  assert.equal(lateLogIn.status, 401, 'the customer who signed up after the backup');

  // And the shop works again: a new order from the restored customer.
  const next = await placeOrder(srv, { token, email: saved.customer.email, productId: SOFA, quantity: 1 });
  assert.equal((await getOrder(srv, next.reference)).status, 200);
  assert.equal(await stockOf(srv, SOFA), saved.stock[SOFA] - 1);
}

const ms = (since) => Math.round(Number(process.hrtime.bigint() - since) / 1e6);

test('SQLite: back up while serving, lose the data directory, restore: the shop as it was at the backup', async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'rapidtrade-drill-'));
  const dataDir = join(work, 'data');
  const backupDir = join(work, 'backup');
  let srv = await startServer({ dataDir });
  try {
    const saved = await activityBeforeBackup(srv);
    const backupStarted = process.hrtime.bigint();
    const backup = await runCli(['backup', '--to', backupDir], { DATA_DIR: dataDir });
    assert.equal(backup.code, 0, backup.stderr);
    const backupMs = ms(backupStarted);
    const after = await activityAfterBackup(srv);

    await srv.stop();
    rmSync(dataDir, { recursive: true, force: true });

    const restoreStarted = process.hrtime.bigint();
    const restore = await runCli(['restore', '--from', backupDir], { DATA_DIR: dataDir });
    assert.equal(restore.code, 0, restore.stderr);
    const restoreMs = ms(restoreStarted);
    srv = await startServer({ dataDir });
    const servingMs = ms(restoreStarted);
    await checkRestored(srv, saved, after);
    t.diagnostic(`SQLite drill: backup ${backupMs} ms while serving; restore ${restoreMs} ms; serving again ${servingMs} ms after the restore began`);
  } finally {
    await srv.stop();
    rmSync(work, { recursive: true, force: true });
  }
});

test('PostgreSQL: the CronJob\'s pg_dump backup, the server wiped, the restore Job\'s pg_restore: the shop as it was at the backup', async (t) => {
  const pg = await startPostgres();
  const work = mkdtempSync(join(tmpdir(), 'rapidtrade-drill-pg-'));
  const backupRoot = join(work, 'backups');
  mkdirSync(backupRoot);
  // The environment the Kubernetes manifests give the init script, the CronJob and the Job.
  const env = {
    PATH: `${PG_BIN}:${process.env.PATH}`,
    PGHOST: '127.0.0.1',
    PGPORT: String(pg.port),
    POSTGRES_USER: 'rapidtrade',
    POSTGRES_HOST: '127.0.0.1',
    POSTGRES_PORT: String(pg.port),
    DATABASES: SERVICES_WITH_DATA.join(' '),
    BACKUP_ROOT: backupRoot,
    BACKUP_KEEP: '48',
  };
  for (const s of SERVICES_WITH_DATA) env[`DB_PASSWORD_${s.toUpperCase()}`] = randomBytes(16).toString('hex');
  const script = (path, extra = {}) => {
    const r = spawnSync('bash', [join(ROOT, path)], { env: { ...env, ...extra }, encoding: 'utf8' });
    assert.equal(r.status, 0, `${path}:\n${r.stdout}${r.stderr}`);
    return r.stdout;
  };
  // Every service on its own database with its own role, as in the cluster.
  const shopEnv = {};
  for (const s of SERVICES_WITH_DATA)
    shopEnv[`${s.toUpperCase()}_DATABASE_URL`] = `postgresql://${s}:${env[`DB_PASSWORD_${s.toUpperCase()}`]}@127.0.0.1:${pg.port}/${s}`;
  let srv;
  try {
    script('deploy/k8s/base/postgres-init.sh');
    srv = await startServer({ env: shopEnv });
    const saved = await activityBeforeBackup(srv);
    const backupStarted = process.hrtime.bigint();
    const out = script('deploy/k8s/components/backups/backup.sh');
    const backupMs = ms(backupStarted);
    assert.match(out, /backup: done/);
    assert.equal(readdirSync(backupRoot).filter((f) => /^\d{8}T\d{6}Z$/.test(f)).length, 1);
    const after = await activityAfterBackup(srv);

    // The disaster: the shop stops, the database server loses everything; a new, empty one
    // gets its roles and databases back from the init script (as the StatefulSet would).
    await srv.stop();
    srv = null;
    pg.wipe();
    assert.equal(pg.sql("SELECT count(*) FROM pg_database WHERE datname = 'checkout'").trim(), '0', 'the data is gone');
    script('deploy/k8s/base/postgres-init.sh');

    const restoreStarted = process.hrtime.bigint();
    const restored = script('deploy/k8s/components/backups/restore.sh', { RESTORE_FROM: 'latest', RESTORE_DATABASES: 'all' });
    const restoreMs = ms(restoreStarted);
    assert.match(restored, /restore: done/);
    srv = await startServer({ env: shopEnv });
    const servingMs = ms(restoreStarted);
    await checkRestored(srv, saved, after);
    t.diagnostic(`PostgreSQL drill: pg_dump of 8 databases ${backupMs} ms while serving; pg_restore of 8 databases ${restoreMs} ms; serving again ${servingMs} ms after the restore began`);
  } finally {
    await srv?.stop();
    pg.destroy();
    rmSync(work, { recursive: true, force: true });
  }
});

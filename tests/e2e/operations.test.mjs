// The command line, configuration errors, health, readiness, metrics and PostgreSQL mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, runCli, json } from './server.mjs';

test('a bad configuration value exits 2 with one line naming the variable', async () => {
  const r = await runCli(['serve'], { PORT: 'eighty' });
  assert.equal(r.code, 2);
  assert.equal(r.stderr.trim(), 'rapidtrade: invalid PORT="eighty": expected an integer from 0 to 65535');
  const level = await runCli(['serve'], { LOG_LEVEL: 'chatty' });
  assert.equal(level.code, 2);
  assert.match(level.stderr, /^rapidtrade: invalid LOG_LEVEL="chatty"/);
  const db = await runCli(['serve'], { DATABASE_URL: 'mysql://db' });
  assert.equal(db.code, 2);
  assert.match(db.stderr, /DATABASE_URL/);
});

test('an unknown target exits 2 with the list of targets', async () => {
  const r = await runCli(['serve', '--target', 'warehouse']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown target .warehouse.; expected one of: all, catalog, customers, auth, cart, shipping, payment, checkout, email, frontend/);
});

test('--help lists the targets, version prints the version', async () => {
  const help = await runCli(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Targets: all, catalog, customers, auth, cart, shipping, payment, checkout, email, frontend/);
  const v = await runCli(['version']);
  assert.match(v.stdout, /^rapidtrade \d+\.\d+\.\d+/);
});

test('health, readiness and metrics', async () => {
  const server = await startServer();
  try {
    assert.equal((await fetch(server.url + '/healthz')).status, 200);
    const ready = await fetch(server.url + '/readyz');
    assert.equal(ready.status, 200);
    assert.deepEqual((await json(ready)).checks, { catalog: 'ok', customers: 'ok', auth: 'ok', cart: 'ok', shipping: 'ok', payment: 'ok', checkout: 'ok', email: 'ok', frontend: 'ok' });
    await fetch(server.url + '/apis/products/OPUK6V6EV0');
    const metrics = await (await fetch(server.url + '/metrics')).text();
    assert.match(metrics, /http_requests_total\{[^}]*route="\/apis\/products\/\{id\}"[^}]*\} \d+/);
    assert.match(metrics, /http_request_duration_seconds_bucket\{route="\/apis\/products\/\{id\}",service="catalog",le="0.005"\} \d+/);
    const access = server.lines.find((l) => l.event === 'request' && l.path === '/apis/products/OPUK6V6EV0');
    assert.ok(access && access.status === 200 && access.request_id, 'the access log has the request');
  } finally {
    await server.stop();
  }
});

test('one target alone serves only its own prefix', async () => {
  const server = await startServer({ args: ['--target', 'catalog'] });
  try {
    assert.equal((await fetch(server.url + '/apis/products/OPUK6V6EV0')).status, 200);
    assert.equal((await fetch(server.url + '/apis/carts/')).status, 404);
  } finally {
    await server.stop();
  }
});

test('migrate --target catalog brings the schema up to date and exits', async () => {
  const { mkdtempSync, rmSync, existsSync } = await import('node:fs');
  const dir = mkdtempSync('/tmp/rapidtrade-migrate-');
  try {
    const r = await runCli(['migrate', '--target', 'catalog'], { DATA_DIR: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /migrated catalog/);
    assert.ok(existsSync(`${dir}/catalog.db`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the catalogue on PostgreSQL answers like on SQLite', async () => {
  const url = process.env.TEST_DATABASE_URL;
  assert.ok(url, 'TEST_DATABASE_URL is not set: run through make test');
  const server = await startServer({ env: { CATALOG_DATABASE_URL: url } });
  try {
    const list = await json(await fetch(server.url + '/apis/products/?q=canape&per_page=100'));
    assert.ok(list.items.some((p) => p.id === '1YMWVN1N4O'));
    assert.equal((await fetch(server.url + '/readyz')).status, 200);
  } finally {
    await server.stop();
  }
});

test('PostgreSQL down: the service says it is not ready instead of crashing', async () => {
  const r = await runCli(['serve'], { CATALOG_DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none', PORT: '0' });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /cannot connect to PostgreSQL/);
});

test('the whole shop on PostgreSQL: sign-up, log-in, profile', async () => {
  const url = process.env.TEST_DATABASE_URL;
  assert.ok(url, 'TEST_DATABASE_URL is not set: run through make test');
  const server = await startServer({ env: { DATABASE_URL: url } });
  try {
    const email = `pg-${Date.now()}@example.fr`;
    const headers = { 'Content-Type': 'application/json' };
    const created = await fetch(server.url + '/apis/customers/', {
      method: 'POST', headers, body: JSON.stringify({ email, password: 'motdepasse-pg', first_name: 'Paul', last_name: 'Gres' }),
    });
    assert.equal(created.status, 201);
    const login = await json(await fetch(server.url + '/apis/auth/token', {
      method: 'POST', headers, body: JSON.stringify({ email, password: 'motdepasse-pg' }),
    }));
    const me = await json(await fetch(server.url + '/apis/customers/me', { headers: { Authorization: `Bearer ${login.access_token}` } }));
    assert.equal(me.first_name, 'Paul');
    const demo = await fetch(server.url + '/apis/auth/token', {
      method: 'POST', headers, body: JSON.stringify({ email: 'jean.rault@example.fr', password: 'EDesign-Demo-2026' }),
    });
    assert.equal(demo.status, 200);
  } finally {
    await server.stop();
  }
});

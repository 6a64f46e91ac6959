// Staff accounts (issue 15): `rapidtrade staff add|list|disable` on a stopped shop and against a
// running one's data directory, staff log-ins and their roles, the demo admin, and what a customer
// token gets on a staff route.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, startServer, json, failOnSanitizerReport } from './server.mjs';

let counter = 0;
const uniqueEmail = (tag) => `${tag}.${process.pid}.${Date.now()}.${++counter}@rapidtrade.test`;
const claims = (token) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));

// `rapidtrade staff ...` to completion, `stdin` written to it.
function staff(args, { dataDir, stdin = '', env = {} }) {
  return new Promise((resolve) => {
    const proc = spawn(BIN, ['staff', ...args], { env: { PATH: process.env.PATH, DATA_DIR: dataDir, ...env } });
    let stdout = '', stderr = '';
    proc.stdout.on('data', (d) => { stdout += d; });
    proc.stderr.on('data', (d) => { stderr += d; });
    proc.on('close', (code) => {  // 'close': after stdout and stderr are read to their end
      failOnSanitizerReport(stderr);
      resolve({ code, stdout, stderr });
    });
    proc.stdin.end(stdin);
  });
}

// One line, and only one, on this stream; the other empty.
function oneLine(r, stream) {
  const other = stream === 'stdout' ? 'stderr' : 'stdout';
  assert.equal(r[other], '', `nothing on ${other}: ${r[other]}`);
  assert.match(r[stream], /^[^\n]+\n$/, `one line on ${stream}: ${JSON.stringify(r[stream])}`);
  return r[stream];
}

const logIn = async (srv, email, password) => {
  const res = await fetch(`${srv.url}/apis/auth/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }) });
  return { status: res.status, body: await json(res) };
};

let dataDir;
before(() => { dataDir = mkdtempSync(join(tmpdir(), 'rapidtrade-staff-')); });
after(() => rmSync(dataDir, { recursive: true, force: true }));

test('staff add on a stopped shop: the account, then duplicates, weak passwords and bad e-mails refused', async () => {
  const email = uniqueEmail('chef');
  const added = await staff(['add', '--email', email, '--role', 'admin'], { dataDir, stdin: 'mot-de-passe-chef-2026\n' });
  assert.equal(added.code, 0, added.stderr);
  assert.match(oneLine(added, 'stdout'), new RegExp(`^added admin account ${email.replaceAll('.', '\\.')} \\(STAFF[A-Z0-9]{11}\\)\\n$`));

  const again = await staff(['add', '--email', email.toUpperCase(), '--role', 'staff'], { dataDir, stdin: 'un-autre-mot-de-passe\n' });
  assert.notEqual(again.code, 0);
  assert.match(oneLine(again, 'stderr'), /already exists/);

  const weak = await staff(['add', '--email', uniqueEmail('faible'), '--role', 'staff'], { dataDir, stdin: 'court\n' });
  assert.notEqual(weak.code, 0);
  assert.match(oneLine(weak, 'stderr'), /password: must be at least 8 characters/);

  const none = await staff(['add', '--email', uniqueEmail('vide'), '--role', 'staff'], { dataDir, stdin: '' });
  assert.notEqual(none.code, 0);
  assert.match(oneLine(none, 'stderr'), /password on standard input/);

  for (const bad of ['pas-une-adresse', 'a@b', 'chef@example.fr\r\nBcc: x@evil.test', '']) {
    const r = await staff(['add', '--email', bad, '--role', 'staff'], { dataDir, stdin: 'mot-de-passe-solide\n' });
    assert.notEqual(r.code, 0, bad);
    assert.match(oneLine(r, 'stderr'), /not a valid e-mail address/, bad);
  }
  const forged = await staff(['add', '--email', 'a@b.fr\r\nadded admin account x', '--role', 'staff'], { dataDir, stdin: 'mot-de-passe-solide\n' });
  assert.match(forged.stderr, /'a@b\.fr\\x0d\\x0aadded admin account x' is not a valid/, 'the control characters are shown, not written');
  const role = await staff(['add', '--email', uniqueEmail('role'), '--role', 'customer'], { dataDir, stdin: 'mot-de-passe-solide\n' });
  assert.notEqual(role.code, 0);
  assert.match(role.stderr, /customer not in \{admin,staff\}/);

  const list = await staff(['list'], { dataDir });
  assert.equal(list.code, 0, list.stderr);
  const lines = list.stdout.trim().split('\n');
  assert.match(lines[0], /^EMAIL\s+ROLE\s+STATE\s+CREATED$/);
  assert.equal(lines.length, 2, 'only the one account: refused ones left nothing behind');
  assert.match(lines[1], new RegExp(`^${email.replaceAll('.', '\\.')}\\s+admin\\s+active\\s+\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$`));
});

test('staff log in like customers, with their role in the token; disable refuses the log-in and ends the sessions', async () => {
  // An account added while the shop is stopped...
  const chef = { email: uniqueEmail('admin'), password: 'mot-de-passe-admin-2026' };
  assert.equal((await staff(['add', '--email', chef.email, '--role', 'admin'], { dataDir, stdin: `${chef.password}\n` })).code, 0);
  const srv = await startServer({ dataDir, env: { SEED_DEMO_DATA: 'false' } });
  try {
    const a = await logIn(srv, chef.email, chef.password);
    assert.equal(a.status, 200, JSON.stringify(a.body));
    assert.deepEqual(claims(a.body.access_token).roles, ['admin']);

    // ...and one added against the running shop's data directory logs in at once.
    const seller = { email: uniqueEmail('vendeur'), password: 'mot-de-passe-vendeur' };
    const added = await staff(['add', '--email', seller.email, '--role', 'staff'], { dataDir, stdin: `${seller.password}\n` });
    assert.equal(added.code, 0, added.stderr);
    const s = await logIn(srv, seller.email, seller.password);
    assert.equal(s.status, 200, JSON.stringify(s.body));
    assert.deepEqual(claims(s.body.access_token).roles, ['staff']);

    // The staff list (admins only).
    const list = await fetch(`${srv.url}/apis/auth/staff/`, { headers: { Authorization: `Bearer ${a.body.access_token}` } });
    assert.equal(list.status, 200);
    const items = (await json(list)).items;
    const mine = items.find((i) => i.email === seller.email);
    assert.deepEqual({ ...mine, id: undefined, created_at: undefined }, {
      id: undefined, email: seller.email, role: 'staff', state: 'active', created_at: undefined,
      created_by: 'ligne de commande', disabled_at: null, disabled_by: null });
    assert.ok(items.some((i) => i.email === chef.email && i.role === 'admin'));
    const bySeller = await fetch(`${srv.url}/apis/auth/staff/`, { headers: { Authorization: `Bearer ${s.body.access_token}` } });
    assert.equal(bySeller.status, 403, 'staff, not admin');

    // Disabled while running: the same 401 as a wrong password, and the refresh token is dead.
    const disabled = await staff(['disable', '--email', seller.email], { dataDir });
    assert.equal(disabled.code, 0, disabled.stderr);
    assert.match(oneLine(disabled, 'stdout'), /^disabled staff account /);
    const refused = await logIn(srv, seller.email, seller.password);
    const wrong = await logIn(srv, chef.email, 'not-the-password');
    assert.equal(refused.status, 401);
    assert.equal(refused.body.detail, wrong.body.detail, 'a disabled account looks like a wrong password');
    const refresh = await fetch(`${srv.url}/apis/auth/refresh`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refresh_token: s.body.refresh_token }) });
    assert.equal(refresh.status, 401);
    const list2 = await staff(['list'], { dataDir });
    assert.match(list2.stdout, new RegExp(`${seller.email.replaceAll('.', '\\.')}\\s+staff\\s+disabled`));

    const unknown = await staff(['disable', '--email', uniqueEmail('personne')], { dataDir });
    assert.notEqual(unknown.code, 0);
    assert.match(oneLine(unknown, 'stderr'), /no staff account/);
  } finally {
    await srv.stop();
  }
});

test('the staff command uses the same database settings as serve (PostgreSQL through DATABASE_URL)', async () => {
  assert.ok(process.env.TEST_DATABASE_URL, 'TEST_DATABASE_URL is not set: run through scripts/with-postgres.sh (make test)');
  const env = { DATABASE_URL: process.env.TEST_DATABASE_URL };
  const email = uniqueEmail('pg');
  const added = await staff(['add', '--email', email, '--role', 'staff'], { dataDir, env, stdin: 'mot-de-passe-postgres\n' });
  assert.equal(added.code, 0, added.stderr);
  const srv = await startServer({ env: { ...env, SEED_DEMO_DATA: 'false' } });
  try {
    const r = await logIn(srv, email, 'mot-de-passe-postgres');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(claims(r.body.access_token).roles, ['staff']);
  } finally {
    await srv.stop();
  }
  const sqlite = await staff(['list'], { dataDir });
  assert.ok(!sqlite.stdout.includes(email), 'not in the SQLite database of DATA_DIR');
});

test('the demo admin: seeded with SEED_DEMO_DATA (the default), absent without', async () => {
  const [demo, bare] = await Promise.all([startServer(), startServer({ env: { SEED_DEMO_DATA: 'false' } })]);
  try {
    const a = await logIn(demo, 'admin@example.fr', 'EDesign-Admin-2026');
    assert.equal(a.status, 200, JSON.stringify(a.body));
    assert.deepEqual(claims(a.body.access_token).roles, ['admin']);
    assert.equal((await logIn(bare, 'admin@example.fr', 'EDesign-Admin-2026')).status, 401);
  } finally {
    await Promise.all([demo.stop(), bare.stop()]);
  }
});

test('a customer token, none, or the API key alone on the staff route', async () => {
  const srv = await startServer();
  try {
    const customer = await logIn(srv, 'jean.rault@example.fr', 'EDesign-Demo-2026');
    assert.equal(customer.status, 200);
    assert.deepEqual(claims(customer.body.access_token).roles, ['customer']);
    const get = (headers) => fetch(`${srv.url}/apis/auth/staff/`, { headers });
    const asCustomer = await get({ Authorization: `Bearer ${customer.body.access_token}` });
    assert.equal(asCustomer.status, 403);
    assert.ok(!(await asCustomer.text()).includes('admin@example.fr'));
    assert.equal((await get({})).status, 401);
    assert.equal((await get({ 'X-Api-Key': 'e2e-test-key-0123456789' })).status, 401, 'the key names no person');
    assert.equal((await get({ Authorization: 'Bearer not.a.token' })).status, 401);
  } finally {
    await srv.stop();
  }
});

test('an admin adds and disables staff over HTTP, recorded under their e-mail; hostile input changes nothing', async () => {
  const srv = await startServer();
  const call = async (method, path, { token, body, raw, type = 'application/json' } = {}) => {
    const headers = {};
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined || raw !== undefined) headers['Content-Type'] = type;
    const res = await fetch(srv.url + path, { method, headers, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
    return { status: res.status, body: await json(res) };
  };
  try {
    const admin = (await logIn(srv, 'admin@example.fr', 'EDesign-Admin-2026')).body.access_token;
    const list = async () => (await call('GET', '/apis/auth/staff/', { token: admin })).body.items;
    const before = await list();

    // Added: logs in at once with the staff role; listed as added by the demo admin.
    const seller = { email: uniqueEmail('Vendeuse').toUpperCase(), role: 'staff', password: 'mot-de-passe-vendeuse' };
    const added = await call('POST', '/apis/auth/staff/', { token: admin, body: seller });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    assert.equal(added.body.email, seller.email.toLowerCase(), 'trimmed and lower-cased');
    assert.deepEqual([added.body.role, added.body.state, added.body.created_by, added.body.disabled_by], ['staff', 'active', 'admin@example.fr', null]);
    const s = await logIn(srv, seller.email.toLowerCase(), seller.password);
    assert.equal(s.status, 200);
    assert.deepEqual(claims(s.body.access_token).roles, ['staff']);

    // Refused: each names the field; nothing was added.
    const refusals = [
      [{ ...seller, email: `x\r\nBcc: evil@example.test@example.fr` }, 'email'],
      [{ ...seller, email: `nul\u0000@example.fr` }, 'email'],
      [{ ...seller, email: `${'a'.repeat(300)}@example.fr` }, 'email'],
      [{ ...seller, email: uniqueEmail('role'), role: 'root' }, 'role'],
      [{ ...seller, email: uniqueEmail('role'), role: 'admin\u0000' }, 'role'],
      [{ ...seller, email: uniqueEmail('court'), password: 'court' }, 'password'],
      [{ ...seller, email: uniqueEmail('champ'), roles: ['admin'] }, 'roles'],
      [{ email: uniqueEmail('manque'), role: 'staff' }, 'password'],
    ];
    for (const [body, field] of refusals) {
      const r = await call('POST', '/apis/auth/staff/', { token: admin, body });
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.ok(r.body.errors.some((e) => e.field === field), `${field}: ${JSON.stringify(r.body)}`);
    }
    assert.equal((await call('POST', '/apis/auth/staff/', { token: admin, raw: '{"email":', type: 'application/json' })).status, 400);
    assert.equal((await call('POST', '/apis/auth/staff/', { token: admin, body: seller })).status, 409, 'the same e-mail again');
    assert.equal((await call('POST', '/apis/auth/staff/', { token: admin, body: { ...seller, email: 'jean.rault@example.fr' } })).status, 409, "a customer's e-mail");
    // A staff member (not admin) and a customer cannot add anyone, even themselves as admin.
    const customer = (await logIn(srv, 'jean.rault@example.fr', 'EDesign-Demo-2026')).body.access_token;
    for (const token of [s.body.access_token, customer])
      assert.equal((await call('POST', '/apis/auth/staff/', { token, body: { ...seller, email: uniqueEmail('intrus'), role: 'admin' } })).status, 403);
    assert.equal((await list()).length, before.length + 1, 'only the one account was added');

    // Disabling: hostile paths and the wrong people change nothing.
    for (const path of ['..%2F..%2Fapis%2Fauth%2Fstaff%2F', `${added.body.id}%00`, `${added.body.id}%2F..`, 'A'.repeat(5000), encodeURIComponent(`${added.body.id}\r\nX: y`)]) {
      const r = await call('DELETE', `/apis/auth/staff/${path}`, { token: admin });
      assert.ok([400, 404, 431].includes(r.status), `${path}: ${r.status}`);
    }
    const jean = 'JEANRAULT0000001';
    assert.equal((await call('DELETE', `/apis/auth/staff/${jean}`, { token: admin })).status, 404, "a customer's id is no staff account");
    assert.equal((await logIn(srv, 'jean.rault@example.fr', 'EDesign-Demo-2026')).status, 200, 'the customer still logs in');
    for (const token of [s.body.access_token, customer, undefined])
      assert.ok([401, 403].includes((await call('DELETE', `/apis/auth/staff/${added.body.id}`, { token })).status));
    assert.equal((await call('DELETE', '/apis/auth/staff/STAFFDEMOADMIN01', { token: admin })).status, 409, 'not their own account');
    let me = (await list()).find((i) => i.id === added.body.id);
    assert.equal(me.state, 'active', 'nothing above disabled it');
    assert.equal((await logIn(srv, seller.email.toLowerCase(), seller.password)).status, 200);

    // Disabled by the admin: no log-in, no refresh; listed with when and by whom; twice is fine.
    assert.equal((await call('DELETE', `/apis/auth/staff/${added.body.id}`, { token: admin })).status, 204);
    assert.equal((await call('DELETE', `/apis/auth/staff/${added.body.id}`, { token: admin })).status, 204);
    assert.equal((await logIn(srv, seller.email.toLowerCase(), seller.password)).status, 401);
    const refresh = await call('POST', '/apis/auth/refresh', { body: { refresh_token: s.body.refresh_token } });
    assert.equal(refresh.status, 401);
    me = (await list()).find((i) => i.id === added.body.id);
    assert.deepEqual([me.state, me.disabled_by], ['disabled', 'admin@example.fr']);
    assert.ok(Date.parse(me.disabled_at) <= Date.now());
  } finally {
    await srv.stop();
  }
});

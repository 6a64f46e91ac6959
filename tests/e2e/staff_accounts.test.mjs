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
    proc.on('exit', (code) => {
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
  assert.match(oneLine(weak, 'stderr'), /password must be at least 8 characters/);

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
    assert.deepEqual({ ...mine, id: undefined, created_at: undefined }, { id: undefined, email: seller.email, role: 'staff', state: 'active', created_at: undefined });
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

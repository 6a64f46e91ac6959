// Who the client is (TRUSTED_PROXIES, X-Forwarded-For, X-Client-Address and the log-in throttle),
// /metrics through a proxy, sessions (log-out with a copied cookie on one and on two replicas, the
// CSRF token at log-in and log-out, the cookie itself), and the HTTP basics (Host, CSP, problems
// without internals, SMTP credentials only over TLS).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer, runCli, API_KEY } from '../e2e/server.mjs';
import { api, DEMO, SOFA } from '../e2e/commerce_support.mjs';
import { start as startSmtp } from '../e2e/smtp_sink.mjs';
import { Visitor, pageText, rawHttp, rawOne, routeCounters, moved } from './support.mjs';

// Three wrong passwords from one address and that address is throttled (per e-mail: far more).
const THROTTLE = { LOGIN_MAX_FAILURES_PER_ADDRESS: '3', LOGIN_MAX_FAILURES: '100' };
let trusted;    // TRUSTED_PROXIES=127.0.0.1: the test is the proxy
let untrusted;  // the default: no proxy is trusted

before(async () => {
  [trusted, untrusted] = await Promise.all([
    startServer({ env: { ...THROTTLE, TRUSTED_PROXIES: '127.0.0.1' } }),
    startServer({ env: { ...THROTTLE } }),
  ]);
});
after(async () => { await Promise.all([trusted?.stop(), untrusted?.stop()]); });

let counter = 0;
const unknownEmail = () => `inconnu.${process.pid}.${++counter}@example.test`;
const TOO_MANY = 'Trop de tentatives de connexion';

// A log-in through the web shop by a visitor behind the proxy at `forwardedFor`.
async function webLogIn(srv, forwardedFor, email, password) {
  const v = new Visitor(srv, { headers: forwardedFor ? { 'X-Forwarded-For': forwardedFor } : {} });
  return v.logIn(email, password);
}
const apiLogIn = (srv, forwardedFor, email, password, headers = {}) => api(srv, 'POST', '/apis/auth/token', {
  key: false, body: { email, password }, headers: forwardedFor ? { 'X-Forwarded-For': forwardedFor, ...headers } : headers,
});

// The access log's view of a request: who the peer was, whom the shop took for the client.
const accessLines = (srv, path) => srv.lines.filter((l) => l.event === 'request' && l.path === path);

test('TRUSTED_PROXIES: behind a trusted proxy, wrong passwords from 203.0.113.7 are throttled while a shopper at 198.51.100.9 logs in', async () => {
  for (let i = 0; i < 3; i++) {
    const r = await webLogIn(trusted, '203.0.113.7', unknownEmail(), 'mauvais-mot-de-passe');
    assert.equal(r.status, 401, pageText(r.body).slice(0, 200));
  }
  // The address is throttled, through the web shop and the API alike, even with the right password.
  const blocked = await webLogIn(trusted, '203.0.113.7', DEMO.email, DEMO.password);
  assert.equal(blocked.status, 429, pageText(blocked.body).slice(0, 200));
  assert.ok(pageText(blocked.body).includes(TOO_MANY));
  assert.equal((await apiLogIn(trusted, '203.0.113.7', DEMO.email, DEMO.password)).status, 429);
  // The client is the right-most address that is not a trusted proxy: what the client wrote on the
  // left ("198.51.100.9, ...") is its own claim and changes nothing; trusted hops on the right are skipped.
  assert.equal((await apiLogIn(trusted, '198.51.100.9, 203.0.113.7', DEMO.email, DEMO.password)).status, 429);
  assert.equal((await apiLogIn(trusted, '203.0.113.7, 127.0.0.1', DEMO.email, DEMO.password)).status, 429);
  // Another shopper behind the same proxy is not held back.
  const shopper = await webLogIn(trusted, '198.51.100.9', DEMO.email, DEMO.password);
  assert.equal(shopper.status, 303, pageText(shopper.body).slice(0, 200));
  const viaApi = await apiLogIn(trusted, '198.51.100.9', DEMO.email, DEMO.password);
  assert.equal(viaApi.status, 200);
  assert.equal(viaApi.body.customer_id, DEMO.id);
  // The access log names the client the proxy vouched for, and the peer it came from.
  const seen = accessLines(trusted, '/connexion').filter((l) => l.method === 'POST');
  assert.ok(seen.some((l) => l.client === '203.0.113.7' && l.remote === '127.0.0.1'), JSON.stringify(seen.slice(0, 3)));
  assert.ok(seen.some((l) => l.client === '198.51.100.9'));
});

test('without TRUSTED_PROXIES a forged X-Forwarded-For is ignored: the throttle counts the real peer', async () => {
  for (let i = 0; i < 3; i++) {
    const r = await webLogIn(untrusted, '203.0.113.7', unknownEmail(), 'mauvais-mot-de-passe');
    assert.equal(r.status, 401);
  }
  // Every request came from 127.0.0.1, whatever the header says: that peer is throttled.
  const shopper = await webLogIn(untrusted, '198.51.100.9', DEMO.email, DEMO.password);
  assert.equal(shopper.status, 429, 'a forged X-Forwarded-For must not buy a fresh throttle budget');
  assert.equal((await apiLogIn(untrusted, '198.51.100.9', DEMO.email, DEMO.password)).status, 429);
  assert.equal((await apiLogIn(untrusted, null, DEMO.email, DEMO.password)).status, 429);
  const seen = accessLines(untrusted, '/connexion').filter((l) => l.method === 'POST');
  assert.ok(seen.length >= 4 && seen.every((l) => l.client === '127.0.0.1'), JSON.stringify(seen.slice(0, 3)));
});

test('X-Client-Address (the web shop relaying the shopper\'s address) is believed only with the service API key, and only as an IP address', async () => {
  // Without the key: refused outright, not silently ignored.
  const forged = await api(trusted, 'POST', '/apis/auth/token', { key: false, body: { email: DEMO.email, password: DEMO.password }, headers: { 'X-Client-Address': '192.0.2.50' } });
  assert.equal(forged.status, 401);
  assert.equal(forged.body.access_token, undefined);
  const notAnAddress = await api(trusted, 'POST', '/apis/auth/token', { body: { email: DEMO.email, password: DEMO.password }, headers: { 'X-Client-Address': '192.0.2.50, 10.0.0.1' } });
  assert.equal(notAnAddress.status, 400);
  assert.equal(notAnAddress.body.errors[0].field, 'X-Client-Address');
  // With the key, it is the address the throttle counts.
  for (let i = 0; i < 3; i++) {
    const r = await api(trusted, 'POST', '/apis/auth/token', { body: { email: unknownEmail(), password: 'mauvais-mot-de-passe' }, headers: { 'X-Client-Address': '192.0.2.50' } });
    assert.equal(r.status, 401);
  }
  const held = await api(trusted, 'POST', '/apis/auth/token', { body: { email: DEMO.email, password: DEMO.password }, headers: { 'X-Client-Address': '192.0.2.50' } });
  assert.equal(held.status, 429);
  assert.ok(Number(held.headers.get('retry-after')) >= 1);
  const other = await api(trusted, 'POST', '/apis/auth/token', { body: { email: DEMO.email, password: DEMO.password }, headers: { 'X-Client-Address': '192.0.2.51' } });
  assert.equal(other.status, 200);
});

// A shopper behind the proxy at `forwardedFor` who signed up in the shop and is logged in.
async function webShopper(srv, forwardedFor, tag) {
  const v = new Visitor(srv, { headers: { 'X-Forwarded-For': forwardedFor } });
  const email = `${tag}.${process.pid}.${Date.now()}@example.test`;
  const password = `mot-de-passe-${tag}-1`;
  await v.get('/inscription');
  const r = await v.post('/inscription', { email, password, first_name: 'Noé', last_name: 'Garnier' });
  assert.equal(r.status, 303, pageText(r.body).slice(0, 200));
  assert.equal((await v.get('/mon-compte')).status, 200);
  return { v, email, password };
}

test("the shop's password change counts wrong current passwords against the shopper's address, not the shop's own", async () => {
  const guesser = await webShopper(trusted, '203.0.113.21', 'devine');
  const other = await webShopper(trusted, '198.51.100.21', 'autre');
  for (let i = 0; i < 3; i++) {
    const r = await guesser.v.post('/mon-compte/mot-de-passe', { current: `pas-le-bon-${i}`, new: 'nouveau-mot-de-passe-1' });
    assert.equal(r.status, 400, pageText(r.body).slice(0, 200));
  }
  // The guesser's address is held back (three failures from it)...
  const held = await guesser.v.post('/mon-compte/mot-de-passe', { current: guesser.password, new: 'nouveau-mot-de-passe-1' });
  assert.equal(held.status, 429, pageText(held.body).slice(0, 200));
  assert.ok(pageText(held.body).includes('Trop de tentatives avec un mauvais mot de passe'), pageText(held.body).slice(0, 200));
  // ...and another shopper of the same shop still changes theirs: the shop relayed each one's address.
  const changed = await other.v.post('/mon-compte/mot-de-passe', { current: other.password, new: 'nouveau-mot-de-passe-1' });
  assert.equal(changed.status, 303, pageText(changed.body).slice(0, 200));
  assert.equal(changed.location, '/connexion');
  assert.equal((await other.v.logIn(other.email, 'nouveau-mot-de-passe-1')).status, 303);
});

test("the shop's account closing counts wrong passwords against the shopper's address, not the shop's own", async () => {
  const guesser = await webShopper(trusted, '203.0.113.22', 'ferme');
  const other = await webShopper(trusted, '198.51.100.22', 'reste');
  for (let i = 0; i < 3; i++) {
    const r = await guesser.v.post('/mon-compte/suppression', { password: `pas-le-bon-${i}`, confirm: 'oui' });
    assert.equal(r.status, 403, pageText(r.body).slice(0, 200));
  }
  // The guesser's address is held back, even with the right password, and the account stays...
  const held = await guesser.v.post('/mon-compte/suppression', { password: guesser.password, confirm: 'oui' });
  assert.equal(held.status, 429, pageText(held.body).slice(0, 200));
  assert.ok(pageText(held.body).includes('Trop de tentatives avec un mauvais mot de passe'), pageText(held.body).slice(0, 200));
  assert.equal((await guesser.v.get('/mon-compte')).status, 200, 'the held-back account is still open');
  // ...while another shopper of the same shop closes theirs: the shop relayed each one's address.
  const closed = await other.v.post('/mon-compte/suppression', { password: other.password, confirm: 'oui' });
  assert.equal(closed.status, 303, pageText(closed.body).slice(0, 200));
  assert.equal((await apiLogIn(trusted, '198.51.100.22', other.email, other.password)).status, 401, 'the account is gone');
  // The shop named each shopper's address to the customers service, which passed it to auth: the
  // guesser's failures were counted there, not against 127.0.0.1 (a direct log-in from it still works).
  assert.equal((await apiLogIn(trusted, null, DEMO.email, DEMO.password)).status, 200);
});

test('DELETE /apis/customers/me believes X-Client-Address only with the service API key, and only as one IP address; nothing is closed otherwise', async () => {
  const email = `adresse.${process.pid}.${Date.now()}@example.test`;
  const password = 'mot-de-passe-adresse-1';
  const signUp = await api(trusted, 'POST', '/apis/customers/', { key: false, body: { email, password, first_name: 'Inès', last_name: 'Roux' } });
  assert.equal(signUp.status, 201, JSON.stringify(signUp.body));
  const token = (await apiLogIn(trusted, null, email, password)).body.access_token;
  assert.ok(token);
  const close = (headers, key) => api(trusted, 'DELETE', '/apis/customers/me', { key, token, body: { password }, headers });
  // A customer's own token does not let them pick the address their wrong passwords count against.
  const forged = await close({ 'X-Client-Address': '192.0.2.60' }, false);
  assert.equal(forged.status, 401, JSON.stringify(forged.body));
  for (const bad of ['192.0.2.60, 10.0.0.1', 'localhost', '999.0.0.1', '192.0.2.60/24', '192.0.2.60:443', '[2001:db8::60]', 'x'.repeat(4000), '192.0.2.60?a', '../192.0.2.60']) {
    const r = await close({ 'X-Client-Address': bad }, true);
    assert.equal(r.status, 400, `${bad.slice(0, 40)}: ${JSON.stringify(r.body)}`);
    assert.equal(r.body.errors[0].field, 'X-Client-Address');
  }
  // Nothing was closed by any of those: the profile is there and the password still logs in.
  assert.equal((await api(trusted, 'GET', '/apis/customers/me', { key: false, token })).status, 200);
  assert.equal((await apiLogIn(trusted, null, email, password)).status, 200);
  // With the key and one address, the account closes.
  const done = await close({ 'X-Client-Address': '2001:db8::60' }, true);
  assert.ok([202, 204].includes(done.status), JSON.stringify(done.body));
  assert.equal((await apiLogIn(trusted, null, email, password)).status, 401);
});

test('/metrics answers 404 to a request forwarded by a trusted proxy and 200 to a direct scrape', async () => {
  const forwarded = await fetch(`${trusted.url}/metrics`, { headers: { 'X-Forwarded-For': '203.0.113.7' } });
  assert.equal(forwarded.status, 404, 'the Ingress must not publish the metrics');
  assert.ok(!(await forwarded.text()).includes('http_requests_total'));
  const direct = await fetch(`${trusted.url}/metrics`);
  assert.equal(direct.status, 200);
  assert.match(direct.headers.get('content-type'), /^text\/plain/);
  assert.ok((await direct.text()).includes('http_requests_total'));
});

test('log-out ends the session at once: a copy of the cookie taken before no longer opens /mes-commandes', async () => {
  // A shopper of their own behind the trusted proxy (the throttle tests held other addresses back).
  const v = new Visitor(trusted, { headers: { 'X-Forwarded-For': '198.51.100.77' } });
  assert.equal((await v.logIn(DEMO.email, DEMO.password)).status, 303);
  const copy = v.clone();
  const before = await copy.get('/mes-commandes');
  assert.equal(before.status, 200, 'the copy works while the session is open');
  assert.ok(pageText(before.body).includes('Mes commandes') && before.body.includes('Se déconnecter'));
  const out = await v.logOut();
  assert.equal(out.status, 303);
  assert.equal(out.location, '/');
  const after = await copy.get('/mes-commandes');
  assert.equal(after.status, 303, `the copy after log-out: ${pageText(after.body).slice(0, 200)}`);
  assert.equal(after.location, '/connexion');
  const home = await copy.get('/');
  assert.ok(!home.body.includes('Se déconnecter'), 'the copy is no longer logged in');
  assert.equal((await v.get('/mes-commandes')).status, 303, 'nor is the original');
});

test('log-out on one replica ends the session on another (same database and keys) within about 2 s', async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rapidtrade-security-replicas-'));
  const env = { FRONTEND_SESSION_KEY: 'security-suite-shared-session-key', ACCESS_LOG: 'false' };
  const one = await startServer({ env, dataDir });  // migrates and seeds first
  const two = await startServer({ env, dataDir });
  try {
    const v = new Visitor(one);
    assert.equal((await v.logIn(DEMO.email, DEMO.password)).status, 303);
    const copy = v.clone();
    copy.srv = two;  // the same cookie, presented to the other replica
    for (let i = 0; i < 3; i++) assert.equal((await copy.get('/mes-commandes')).status, 200, 'the other replica opens the session');
    const m0 = await routeCounters(two);
    const out = await v.logOut();
    assert.equal(out.status, 303);
    const loggedOut = Date.now();
    assert.equal((await v.clone().get('/mes-commandes')).status, 303, 'refused at once on the replica that logged out');
    let refusedAfter = null;
    let polls = 0;
    while (Date.now() - loggedOut < 5000) {
      polls++;
      const r = await copy.get('/mes-commandes');
      if (r.status === 303) {
        assert.equal(r.location, '/connexion');
        refusedAfter = Date.now() - loggedOut;
        break;
      }
      assert.equal(r.status, 200);
      await sleep(50);
    }
    assert.ok(refusedAfter !== null, 'the other replica never noticed the log-out');
    assert.ok(refusedAfter <= 2600, `the other replica refused the copy after ${refusedAfter} ms (at most 2 s + a request expected)`);
    // It asked the auth service at most once every 2 s for this session, not at every request.
    const asked = moved(m0, await routeCounters(two)).filter((m) => m.route === '/apis/auth/session').reduce((n, m) => n + m.delta, 0);
    assert.ok(asked >= 1 && asked <= Math.ceil(refusedAfter / 2000) + 1, `POST /apis/auth/session ${asked} times in ${polls} page views over ${refusedAfter} ms`);
    t.diagnostic(`the other replica refused the copied cookie ${refusedAfter} ms after the log-out; ${asked} session check(s) for ${polls} page views`);
  } finally {
    await Promise.all([one.stop(), two.stop()]);
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('the CSRF token changes at log-in and at log-out, and the old one is refused', async () => {
  const v = new Visitor(trusted, { headers: { 'X-Forwarded-For': '198.51.100.78' } });
  await v.get('/connexion');
  const guestToken = v.csrf;
  assert.match(guestToken, /^[A-Za-z0-9_-]{32}$/);
  assert.equal((await v.post('/connexion', { email: DEMO.email, password: DEMO.password })).status, 303);
  await v.get('/connexion');
  const customerToken = v.csrf;
  assert.notEqual(customerToken, guestToken, 'a new token at log-in: one planted before is worth nothing after');
  const stale = await v.post('/panier/ajouter', { csrf: guestToken, product_id: SOFA, quantity: '1' });
  assert.equal(stale.status, 403);
  assert.ok(pageText(stale.body).includes('Formulaire expiré'));
  assert.equal((await v.post('/panier/ajouter', { product_id: SOFA, quantity: '1' })).status, 303, 'the current token works');
  assert.equal((await v.post('/deconnexion', {})).status, 303);
  await v.get('/connexion');
  assert.notEqual(v.csrf, customerToken, 'a new token at log-out');
  assert.notEqual(v.csrf, guestToken);
  const afterLogout = await v.post('/panier/ajouter', { csrf: customerToken, product_id: SOFA, quantity: '1' });
  assert.equal(afterLogout.status, 403);
  // A form without any token is refused the same way.
  const none = await v.request('POST', '/panier/ajouter', { body: `product_id=${SOFA}&quantity=1` });
  assert.equal(none.status, 403);
});

test('the session cookie is HttpOnly, SameSite=Lax, shows nothing in clear, and a tampered one opens nothing', async () => {
  const v = new Visitor(trusted, { headers: { 'X-Forwarded-For': '198.51.100.79' } });
  const r = await v.logIn(DEMO.email, DEMO.password);
  assert.equal(r.status, 303);
  const cookie = r.setCookies.find((c) => c.startsWith('rt_session='));
  assert.match(cookie, /; HttpOnly/);
  assert.match(cookie, /; SameSite=Lax/);
  assert.match(cookie, /; Path=\//);
  const raw = Buffer.from(v.cookie, 'base64url').toString('latin1');
  for (const secret of ['eyJ', DEMO.id, 'JEAN', 'Jean', '"a"']) assert.ok(!raw.includes(secret) && !v.cookie.includes(secret), `the cookie shows ${secret}`);
  assert.equal((await v.get('/mes-commandes')).status, 200);
  const tampered = v.clone();
  const i = Math.floor(tampered.cookie.length / 2);
  tampered.cookie = tampered.cookie.slice(0, i) + (tampered.cookie[i] === 'A' ? 'B' : 'A') + tampered.cookie.slice(i + 1);
  const t = await tampered.get('/mes-commandes');
  assert.equal(t.status, 303, 'a cookie that does not decrypt is a new, anonymous session');
  assert.equal(t.location, '/connexion');
});

test('an HTTP/1.1 request without Host is refused (400); with Host, or in HTTP/1.0, it is served', async () => {
  for (const target of ['/healthz', '/produits', `/apis/products/${SOFA}`]) {
    const res = await rawOne(trusted, { target });
    assert.equal(res.status, 200, `with Host: ${target}`);
  }
  for (const target of ['/healthz', '/produits', `/apis/products/${SOFA}`]) {
    const { responses } = await rawHttp(trusted, `GET ${target} HTTP/1.1\r\nConnection: close\r\n\r\n`);
    assert.equal(responses.length, 1);
    assert.equal(responses[0].status, 400, `${target} without Host`);
    const body = JSON.parse(responses[0].body);
    assert.equal(body.errors[0].field, 'Host');
  }
  const old = await rawHttp(trusted, 'GET /healthz HTTP/1.0\r\n\r\n');
  assert.equal(old.responses[0].status, 200, 'HTTP/1.0 has no Host requirement');
});

test('pages carry a Content-Security-Policy without inline scripts, and the other protective headers', async () => {
  for (const path of ['/', `/produits/${SOFA}`, '/connexion', '/panier', '/page-qui-n-existe-pas']) {
    const r = await fetch(trusted.url + path, { headers: { 'X-Forwarded-For': '198.51.100.80' } });
    const csp = r.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'self'/, path);
    assert.match(csp, /script-src 'self'/, path);
    assert.match(csp, /frame-ancestors 'none'/, path);
    assert.match(csp, /form-action 'self'/, path);
    assert.ok(!/unsafe-inline|unsafe-eval/.test(csp), `${path}: ${csp}`);
    assert.equal(r.headers.get('x-frame-options'), 'DENY', path);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff', path);
    assert.equal(r.headers.get('referrer-policy'), 'strict-origin-when-cross-origin', path);
    const html = await r.text();
    assert.ok(!/<script(?![^>]*\bsrc=)[^>]*>/i.test(html), `${path}: an inline script`);
    assert.ok(!/\son[a-z]+=/i.test(html), `${path}: an inline event handler`);
  }
});

test('what a visitor types is shown escaped (a search text)', async () => {
  const r = await fetch(`${trusted.url}/produits?q=${encodeURIComponent('<script>alert(1)</script>" onfocus="x')}`);
  assert.equal(r.status, 200);
  const html = await r.text();
  assert.ok(!html.includes('<script>alert(1)</script>') && !html.includes('" onfocus="x'), 'the search text is written back unescaped');
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;&quot; onfocus=&quot;x'));
});

test('error answers are problem+json without internals', async () => {
  const cases = [
    await api(trusted, 'POST', '/apis/orders/', { raw: '{"cart_id": ' }),
    await api(trusted, 'POST', '/apis/orders/', { raw: '[1, 2]' }),
    await api(trusted, 'GET', '/apis/nothing/here'),
    await api(trusted, 'DELETE', '/apis/products/categories'),
    await api(trusted, 'GET', '/apis/orders/1234567890123', { token: 'not.a.token' }),
    await api(trusted, 'POST', '/apis/customers/', { key: false, body: { email: 'x' } }),
  ];
  for (const r of cases) {
    assert.match(r.headers.get('content-type'), /^application\/problem\+json/, JSON.stringify(r.body));
    assert.ok(r.status >= 400 && r.status < 500, JSON.stringify(r.body));
    for (const k of Object.keys(r.body)) assert.ok(['type', 'title', 'status', 'detail', 'instance', 'errors'].includes(k), `member ${k}`);
    const text = JSON.stringify(r.body);
    assert.ok(!/\.cpp|\.hpp|std::|boost::|sqlite|SELECT |INSERT |postgres|\/work\/|what\(\)/i.test(text), `internals in ${text}`);
  }
});

test('SMTP credentials go only over TLS: refused at start-up with SMTP_TLS=none, never sent to a server without STARTTLS', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rapidtrade-security-smtp-'));
  try {
    const refused = await runCli(['serve'], {
      PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, API_KEY, SMTP_URL: 'smtp://shop:s3cret-pw@127.0.0.1:2525', SMTP_TLS: 'none',
    });
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /SMTP_URL/);
    assert.ok(!refused.stderr.includes('s3cret-pw'), 'the password is not printed');
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  // The sink offers no STARTTLS: with credentials nothing is sent (the message waits); without, it is.
  const sink = await startSmtp();
  const [withCredentials, plain] = await Promise.all([
    startServer({ env: { ACCESS_LOG: 'false', SMTP_URL: `smtp://shop:s3cret-pw@127.0.0.1:${sink.port}`, EMAIL_POLL_MS: '100', EMAIL_RETRY_BASE_MS: '100' } }),
    startServer({ env: { ACCESS_LOG: 'false', SMTP_URL: `smtp://127.0.0.1:${sink.port}`, EMAIL_POLL_MS: '100' } }),
  ]);
  try {
    const message = (to) => ({ to, subject: 'Test TLS', text: 'Bonjour' });
    const secret = await api(withCredentials, 'POST', '/apis/emails/', { body: message('avec.identifiants@example.fr') });
    assert.equal(secret.status, 202);
    assert.equal((await api(plain, 'POST', '/apis/emails/', { body: message('sans.identifiants@example.fr') })).status, 202);
    await sink.waitFor((m) => m.to.includes('sans.identifiants@example.fr'), 5000);  // the control arrives
    await sleep(1000);
    assert.ok(!sink.messages.some((m) => m.to.includes('avec.identifiants@example.fr')), 'a message went out with credentials in clear');
    const state = await api(withCredentials, 'GET', `/apis/emails/${secret.body.id}`);
    assert.notEqual(state.body.status, 'sent');
    assert.ok(state.body.attempts >= 1, JSON.stringify(state.body));
  } finally {
    await Promise.all([withCredentials.stop(), plain.stop(), sink.stop()]);
  }
});

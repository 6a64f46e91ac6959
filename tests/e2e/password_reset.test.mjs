// Password reset by e-mail and password change (issue 15), through the real binary and a real SMTP
// sink: 202 for every address (no mail for an unknown one), the French e-mail and its link, single
// use, expiry, sessions closed, throttling, and hostile input that must change and send nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer, json, rawRequest } from './server.mjs';
import { start as startSink } from './smtp_sink.mjs';

const PUBLIC_URL = 'https://boutique.example.test';
let sink, srv, shortLived;

const mailEnv = (port) => ({ SMTP_URL: `smtp://127.0.0.1:${port}`, SMTP_TLS: 'none', EMAIL_POLL_MS: '100', EMAIL_RETRY_BASE_MS: '200' });

before(async () => {
  sink = await startSink();
  [srv, shortLived] = await Promise.all([
    startServer({ env: { ...mailEnv(sink.port), PUBLIC_URL, PASSWORD_RESET_MAX_PER_EMAIL: '50', PASSWORD_RESET_MAX_PER_ADDRESS: '1000', ACCESS_LOG: 'false' } }),
    startServer({ env: { ...mailEnv(sink.port), PASSWORD_RESET_TTL_S: '1', PASSWORD_RESET_MAX_PER_EMAIL: '2', ACCESS_LOG: 'false' } }),
  ]);
});
after(async () => { await Promise.all([srv?.stop(), shortLived?.stop(), sink?.stop()]); });

let counter = 0;
const uniqueEmail = (tag = 'user') => `${tag}.${process.pid}.${Date.now()}.${++counter}@example.test`;

async function call(server, method, path, { body, token } = {}) {
  const headers = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(server.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, headers: res.headers, body: await json(res) };
}

// A customer (sign-up, then log-in).
async function customer(server, tag = 'client') {
  const c = { email: uniqueEmail(tag), password: 'ancien-mot-de-passe' };
  const r = await call(server, 'POST', '/apis/customers/', { body: { ...c, first_name: 'Ada', last_name: 'Lovelace' } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const l = await logIn(server, c.email, c.password);
  assert.equal(l.status, 200);
  return { ...c, id: r.body.id, token: l.body.access_token, refresh: l.body.refresh_token };
}
const logIn = (server, email, password) => call(server, 'POST', '/apis/auth/token', { body: { email, password } });
const refresh = (server, token) => call(server, 'POST', '/apis/auth/refresh', { body: { refresh_token: token } });
const requestReset = (server, email) => call(server, 'POST', '/apis/auth/password-reset', { body: { email } });
const confirm = (server, token, password) => call(server, 'POST', '/apis/auth/password-reset/confirm', { body: { token, password } });
const fields = (r) => [...new Set((r.body?.errors ?? []).map((e) => e.field))].sort();

// The reset e-mail to `email` (the n-th one), and the token of its link.
async function resetMail(email, n = 1) {
  const mine = () => sink.messages.filter((m) => m.to.includes(email));
  await sink.waitFor(() => mine().length >= n, 8000);
  const m = mine()[n - 1];
  const link = /(\S+)\/mot-de-passe\/nouveau\?token=([A-Za-z0-9_-]+)/.exec(m.text);
  assert.ok(link, `a link in the e-mail: ${m.text}`);
  return { message: m, base: link[1], token: link[2] };
}

test('a reset: 202, a French e-mail with the link to the shop, and the new password works once', async () => {
  const c = await customer(srv);
  const r = await requestReset(srv, c.email.toUpperCase());
  assert.equal(r.status, 202, JSON.stringify(r.body));
  const { message, base, token } = await resetMail(c.email);
  assert.match(message.subject, /Réinitialisation de votre mot de passe/);
  assert.match(message.text, /valable 1 heure/);
  assert.equal(base, PUBLIC_URL, 'the link points at PUBLIC_URL');
  assert.ok(message.html.includes(`${PUBLIC_URL}/mot-de-passe/nouveau?token=${token}`));
  assert.equal(token.length, 43, 'random_token(32)');

  assert.equal((await confirm(srv, token, 'nouveau-mot-de-passe')).status, 204);
  assert.equal((await logIn(srv, c.email, 'nouveau-mot-de-passe')).status, 200);
  assert.equal((await logIn(srv, c.email, c.password)).status, 401, 'the old password is gone');
  assert.equal((await refresh(srv, c.refresh)).status, 401, 'every session of the account is closed');
  const again = await confirm(srv, token, 'encore-un-autre-mot');
  assert.equal(again.status, 400);
  assert.deepEqual(fields(again), ['token'], 'single use');
  assert.equal((await logIn(srv, c.email, 'nouveau-mot-de-passe')).status, 200);
});

test('an unknown e-mail: the same 202, in the same time, and no e-mail', async () => {
  const c = await customer(srv);
  const unknown = uniqueEmail('inconnu');
  const known = await requestReset(srv, c.email);
  const stranger = await requestReset(srv, unknown);
  assert.equal(stranger.status, 202);
  assert.deepEqual(stranger.body, known.body, 'the same answer');
  // Timing: nothing is looked up on the request's path, so both answer as fast.
  const time = async (email) => {
    const t = process.hrtime.bigint();
    assert.equal((await requestReset(srv, email)).status, 202);
    return Number(process.hrtime.bigint() - t) / 1e6;
  };
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const k = [], u = [];
  for (let i = 0; i < 7; i++) { k.push(await time(c.email)); u.push(await time(unknown)); }
  assert.ok(Math.abs(median(k) - median(u)) < 40, `medians ${median(k)} ms (account) vs ${median(u)} ms (none)`);
  await resetMail(c.email, 8);  // the account's eight, after which the unknown ones were handled too
  await sleep(500);
  assert.equal(sink.messages.filter((m) => m.to.includes(unknown)).length, 0, 'no e-mail to an address without an account');
});

test('a reset link expires (PASSWORD_RESET_TTL_S), and a weak password changes nothing', async () => {
  const c = await customer(shortLived);
  assert.equal((await requestReset(shortLived, c.email)).status, 202);
  const first = await resetMail(c.email);
  assert.match(first.message.text, /valable 1 seconde/);
  await sleep(2100);
  const late = await confirm(shortLived, first.token, 'nouveau-mot-de-passe');
  assert.equal(late.status, 400);
  assert.deepEqual(fields(late), ['token']);
  assert.equal((await logIn(shortLived, c.email, c.password)).status, 200, 'the password is unchanged');

  assert.equal((await requestReset(shortLived, c.email)).status, 202);
  const second = await resetMail(c.email, 2);
  const weak = await confirm(shortLived, second.token, 'court');
  assert.equal(weak.status, 400);
  assert.deepEqual(fields(weak), ['password']);
  assert.equal((await logIn(shortLived, c.email, c.password)).status, 200, 'unchanged');
});

test('reset requests are throttled per e-mail, for an unknown address as for a known one', async () => {
  for (const email of [(await customer(shortLived)).email, uniqueEmail('inconnu')]) {
    assert.equal((await requestReset(shortLived, email)).status, 202);
    assert.equal((await requestReset(shortLived, email)).status, 202);
    const third = await requestReset(shortLived, email);
    assert.equal(third.status, 429, email);
    assert.ok(Number(third.headers.get('retry-after')) >= 1);
  }
});

test('changing the password: the current one is checked, the other sessions close, the given one stays', async () => {
  const c = await customer(srv);
  const other = await logIn(srv, c.email, c.password);  // another device
  const change = (token, body) => call(srv, 'POST', '/apis/auth/password', { token, body });
  assert.equal((await change(undefined, { current: c.password, new: 'nouveau-mot-de-passe' })).status, 401);
  const wrong = await change(c.token, { current: 'pas-le-bon', new: 'nouveau-mot-de-passe' });
  assert.equal(wrong.status, 400);
  assert.deepEqual(fields(wrong), ['current']);
  const weak = await change(c.token, { current: c.password, new: 'court' });
  assert.equal(weak.status, 400);
  assert.deepEqual(fields(weak), ['new']);
  assert.equal((await logIn(srv, c.email, c.password)).status, 200, 'refused changes changed nothing');

  assert.equal((await change(c.token, { current: c.password, new: 'nouveau-mot-de-passe', refresh_token: c.refresh })).status, 204);
  assert.equal((await logIn(srv, c.email, c.password)).status, 401);
  assert.equal((await logIn(srv, c.email, 'nouveau-mot-de-passe')).status, 200);
  assert.equal((await refresh(srv, other.body.refresh_token)).status, 401, 'the other device is logged out');
  assert.equal((await refresh(srv, c.refresh)).status, 200, 'the session that changed it stays');
});

test('hostile input in e-mail, token and password fields: 400, nothing sent, nothing changed', async () => {
  const c = await customer(srv, 'cible');
  const evil = uniqueEmail('evil');
  const huge = 'a'.repeat(100000);
  for (const email of [`${c.email}\r\nBcc: ${evil}`, `${c.email}\n`, `${c.email}\r`, `${c.email}\u0000`, `${evil}\u0000@x.fr`,
    `${huge}@example.test`, 42, null, ['a@b.fr']]) {
    const r = await requestReset(srv, email);
    assert.equal(r.status, 400, JSON.stringify(email).slice(0, 80));
    assert.deepEqual(fields(r), ['email']);
  }
  // Not UTF-8: the body is refused before any field is read.
  for (const path of ['/apis/auth/password-reset', '/apis/auth/password-reset/confirm']) {
    const body = Buffer.concat([Buffer.from(`{"email":"${c.email}`), Buffer.from([0xff, 0xfe]), Buffer.from('","token":"x","password":"y"}')]);
    const r = await rawRequest(srv.url, { method: 'POST', path, headers: { 'Content-Type': 'application/json', 'Content-Length': body.length }, body });
    assert.equal(r.status, 400, `${path}: ${r.body}`);
  }
  const unknownField = await call(srv, 'POST', '/apis/auth/password-reset', { body: { email: c.email, to: evil } });
  assert.equal(unknownField.status, 400);

  // Tokens: a real one, then spoiled.
  assert.equal((await requestReset(srv, c.email)).status, 202);
  const { token } = await resetMail(c.email);
  for (const bad of [`${token}\r\n`, `${token}\n`, `${token}\u0000`, `\u0000${token}`, `${token}x`, token.slice(1), 'a'.repeat(100000), '', 42, null]) {
    const r = await confirm(srv, bad, 'nouveau-mot-de-passe');
    assert.equal(r.status, 400, JSON.stringify(bad).slice(0, 80));
    assert.deepEqual(fields(r), ['token']);
  }
  for (const bad of ['mot-de-passe\r\nX', 'mot-de-passe\u0000suite', 'mot-de-passe\n', 'x'.repeat(2000), '', 42, null]) {
    const r = await confirm(srv, token, bad);
    assert.equal(r.status, 400, JSON.stringify(bad).slice(0, 80));
    assert.deepEqual(fields(r), ['password']);
    const change = await call(srv, 'POST', '/apis/auth/password', { token: c.token, body: { current: c.password, new: bad } });
    assert.equal(change.status, 400);
    assert.deepEqual(fields(change), ['new']);
  }
  assert.equal((await logIn(srv, c.email, c.password)).status, 200, 'the password is unchanged');
  assert.equal((await refresh(srv, c.refresh)).status, 200, 'and the session open');
  // The real token still works once: the refusals did not use it up.
  assert.equal((await confirm(srv, token, 'nouveau-mot-de-passe')).status, 204);

  await sleep(500);
  assert.equal(sink.messages.filter((m) => m.to.includes(evil) || m.raw.includes(evil)).length, 0, 'nothing sent to the injected address');
  assert.equal(sink.messages.filter((m) => m.to.includes(c.email)).length, 1, 'one e-mail: the one asked for properly');
});

// The self-service forms the auth service throttles (429 with Retry-After): changing the password
// and closing the account after too many wrong passwords, logging in, asking for a reset link.
// Each answers on the form itself, 429, with how long to wait in minutes in the visitor's language
// (French, or English after the FR / EN switch), never the "service unavailable" page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { uniqueEmail } from './commerce_support.mjs';
import { Visitor, pageText } from '../security/support.mjs';

// Small limits so that a test reaches them, long windows so that the wait is a whole number of
// minutes the test can predict (10 and 15 minutes, rounded up, while the test takes under a minute);
// per-address limits out of reach: every visitor here comes from 127.0.0.1.
const THROTTLE = {
  LOGIN_MAX_FAILURES: '3', LOGIN_MAX_FAILURES_PER_ADDRESS: '1000', LOGIN_THROTTLE_WINDOW_S: '600',
  PASSWORD_RESET_MAX_PER_EMAIL: '2', PASSWORD_RESET_MAX_PER_ADDRESS: '1000', PASSWORD_RESET_WINDOW_S: '900',
};

let srv;
before(async () => { srv = await startServer({ env: { ...THROTTLE, ACCESS_LOG: 'false' } }); });
after(async () => { await srv?.stop(); });

const TEXT = {
  fr: {
    wrongCurrent: 'Le mot de passe actuel est incorrect.',
    wrongClosing: "Le mot de passe est incorrect : le compte n'est pas fermé.",
    passwords: 'Trop de tentatives avec un mauvais mot de passe : réessayez dans 10 minutes.',
    logIns: 'Trop de tentatives de connexion. Réessayez dans 10 minutes.',
    wrongLogIn: 'Courriel ou mot de passe incorrect.',
    resets: 'Trop de demandes : réessayez dans 15 minutes.',
    sent: 'Si un compte existe pour cette adresse',
    unavailable: 'indisponible',
  },
  en: {
    wrongCurrent: 'The current password is wrong.',
    wrongClosing: 'The password is wrong: the account is not closed.',
    passwords: 'Too many attempts with a wrong password: try again in 10 minutes.',
    logIns: 'Too many log-in attempts. Try again in 10 minutes.',
    wrongLogIn: 'Wrong e-mail or password.',
    resets: 'Too many requests: try again in 15 minutes.',
    sent: 'If an account exists for this address',
    unavailable: 'unavailable',
  },
};
const LANGUAGES = ['fr', 'en'];
const langOf = (html) => /<html lang="([^"]*)"/.exec(html)?.[1];

// A visitor whose session speaks `language` (the switch, as a shopper would use it).
async function visitor(language) {
  const v = new Visitor(srv);
  await v.get('/');
  if (language === 'en') assert.equal((await v.post('/langue', { language: 'en', back: '/' })).status, 303);
  return v;
}

// A visitor in `language` who signed up through the shop (their profile then says that language,
// which the log-in keeps) and is logged in: {v, email, password}.
async function shopper(language) {
  const v = await visitor(language);
  const email = uniqueEmail(`throttle-${language}`);
  const password = 'mot-de-passe-throttle-1';
  await v.get('/inscription');
  const r = await v.post('/inscription', { email, password, first_name: 'Inès', last_name: 'Moreau' });
  assert.equal(r.status, 303, pageText(r.body).slice(0, 300));
  const account = await v.get('/mon-compte');  // the new session's CSRF token
  assert.equal(account.status, 200);
  assert.equal(langOf(account.body), language);
  return { v, email, password };
}

// The page a visitor sees for a held-back attempt: 429 on the form itself, in their language, with
// the wait, and the browser told too (Retry-After, the service's own seconds).
function assertHeldBack(r, language, expected, maxSeconds) {
  const text = pageText(r.body);
  assert.equal(r.status, 429, text.slice(0, 300));
  assert.equal(langOf(r.body), language);
  assert.ok(text.includes(expected), `expected "${expected}" in: ${text.slice(0, 400)}`);
  assert.ok(!text.toLowerCase().includes(TEXT[language].unavailable), `not the unavailable page: ${text.slice(0, 300)}`);
  const wait = Number(r.headers.get('retry-after'));
  assert.ok(Number.isInteger(wait) && wait > maxSeconds - 60 && wait <= maxSeconds, `Retry-After: ${r.headers.get('retry-after')}`);
}

for (const language of LANGUAGES) {
  test(`changing the password after too many wrong current passwords: 429 and the wait, in ${language}`, async () => {
    const { v, password } = await shopper(language);
    for (let i = 0; i < 3; i++) {
      const r = await v.post('/mon-compte/mot-de-passe', { current: `pas-le-bon-${i}`, new: 'nouveau-mot-de-passe-1' });
      assert.equal(r.status, 400, pageText(r.body).slice(0, 300));
      assert.ok(pageText(r.body).includes(TEXT[language].wrongCurrent), pageText(r.body).slice(0, 300));
    }
    const held = await v.post('/mon-compte/mot-de-passe', { current: 'pas-le-bon-3', new: 'nouveau-mot-de-passe-1' });
    assertHeldBack(held, language, TEXT[language].passwords, 600);
    assert.match(held.body, /action="\/mon-compte\/mot-de-passe"/, 'the form is shown again');
    // Even the right password waits: the account is held, not the guess.
    const right = await v.post('/mon-compte/mot-de-passe', { current: password, new: 'nouveau-mot-de-passe-1' });
    assertHeldBack(right, language, TEXT[language].passwords, 600);
    assert.equal((await v.get('/mon-compte')).status, 200, 'still logged in');
  });

  test(`closing the account after too many wrong passwords: 429 and the wait, in ${language}, nothing closed`, async () => {
    const { v, email, password } = await shopper(language);
    for (let i = 0; i < 3; i++) {
      const r = await v.post('/mon-compte/suppression', { password: `pas-le-bon-${i}`, confirm: 'oui' });
      assert.equal(r.status, 403, pageText(r.body).slice(0, 300));
      assert.ok(pageText(r.body).includes(TEXT[language].wrongClosing), pageText(r.body).slice(0, 300));
    }
    const held = await v.post('/mon-compte/suppression', { password, confirm: 'oui' });
    assertHeldBack(held, language, TEXT[language].passwords, 600);
    assert.match(held.body, /action="\/mon-compte\/suppression"/, 'the form is shown again');
    const account = await v.get('/mon-compte');
    assert.equal(account.status, 200, 'the account is still open, the visitor logged in');
    assert.match(account.body, /action="\/mon-compte\/suppression"/);
    // The log-in of that e-mail is held back too: the same wrong passwords count.
    const login = await (await visitor(language)).logIn(email, password);
    assertHeldBack(login, language, TEXT[language].logIns, 600);
  });

  test(`logging in after too many wrong passwords: 429 and the wait, in ${language}`, async () => {
    const email = uniqueEmail(`login-${language}`);
    const v = await visitor(language);
    for (let i = 0; i < 3; i++) {
      const r = await v.logIn(email, `pas-le-bon-${i}`);
      assert.equal(r.status, 401, pageText(r.body).slice(0, 300));
      assert.ok(pageText(r.body).includes(TEXT[language].wrongLogIn));
    }
    const held = await v.logIn(email, 'pas-le-bon-3');
    assertHeldBack(held, language, TEXT[language].logIns, 600);
    assert.match(held.body, /action="\/connexion"/, 'the form is shown again');
    assert.ok(held.body.includes(`value="${email}"`), 'with the e-mail typed');
  });

  test(`asking for reset links too often: 429 and the wait, in ${language}`, async () => {
    const email = uniqueEmail(`reset-${language}`);
    const v = await visitor(language);
    await v.get('/mot-de-passe/oublie');
    for (let i = 0; i < 2; i++) {
      const r = await v.post('/mot-de-passe/oublie', { email });
      assert.equal(r.status, 200, pageText(r.body).slice(0, 300));
      assert.ok(pageText(r.body).includes(TEXT[language].sent), pageText(r.body).slice(0, 300));
    }
    const held = await v.post('/mot-de-passe/oublie', { email });
    assertHeldBack(held, language, TEXT[language].resets, 900);
    assert.match(held.body, /action="\/mot-de-passe\/oublie"/, 'the form is shown again');
  });
}

test('a hostile e-mail on a held-back form is shown escaped', async () => {
  const email = `<script>alert(1)</script>${uniqueEmail('hostile')}`;
  const v = await visitor('fr');
  for (let i = 0; i < 3; i++) await v.logIn(email, 'pas-le-bon');
  const held = await v.logIn(email, 'pas-le-bon');
  assertHeldBack(held, 'fr', TEXT.fr.logIns, 600);
  assert.ok(!held.body.includes('<script>alert(1)'), 'escaped');
  assert.ok(held.body.includes('&lt;script&gt;alert(1)'), 'and shown');
});

// The web shop in French and English (issue 17): the first visit's language from Accept-Language,
// the FR / EN switch (POST /langue) and what an attacker can send it, the page cache per language,
// and the customer profile's `language` (sign-up, PATCH, applied at log-in, refused unless fr/en).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { api, expectProblem, logIn, newCustomer, uniqueEmail, SOFA } from './commerce_support.mjs';
import { Visitor, pageText, rawOne } from '../security/support.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

const langOf = (html) => /<html lang="([^"]*)"/.exec(html)?.[1];
const FR_HOME = 'Le meilleur site E-Design';
const EN_HOME = 'The best E-Design shop';

// A visitor whose session has a cart holding one sofa (and a CSRF token).
async function shopperWithCart(headers = {}) {
  const v = new Visitor(srv, { headers });
  await v.addToCart(SOFA, 1);
  return v;
}

// What a visitor's session is, seen from the pages: the language, the cart, the CSRF token.
async function state(v) {
  const cart = await v.get('/panier');
  assert.equal(cart.status, 200);
  return {
    lang: langOf(cart.body),
    cart: (cart.body.match(/name="quantity" type="number" min="0" max="99" value="(\d+)"/g) ?? []).join(),
    count: /class="badge"[^>]*>(\d+)</.exec(cart.body)?.[1],
    csrf: v.csrf,
  };
}

test('a first visit takes its language from Accept-Language; the answer says it (lang, Content-Language, Vary)', async () => {
  const cases = [
    [undefined, 'fr'], ['en-GB,en;q=0.9', 'en'], ['fr-FR,fr;q=0.9,en;q=0.8', 'fr'], ['de-DE,en;q=0.5', 'en'],
    ['de-DE', 'fr'], ['en;q=0, fr;q=0.1', 'fr'], ['*', 'fr'],
  ];
  for (const [header, expected] of cases) {
    const res = await fetch(srv.url + '/a-propos', { headers: header === undefined ? {} : { 'Accept-Language': header } });
    const html = await res.text();
    assert.equal(res.status, 200, header);
    assert.equal(langOf(html), expected, `Accept-Language: ${header}`);
    assert.equal(res.headers.get('content-language'), expected);
    assert.match(res.headers.get('vary') ?? '', /Cookie/);
    assert.match(res.headers.get('vary') ?? '', /Accept-Language/);
  }
  // The cookie then decides: a French session stays French whatever the header says next.
  const v = new Visitor(srv);
  assert.equal(langOf((await v.get('/')).body), 'fr');
  assert.equal(langOf((await v.get('/', { headers: { 'Accept-Language': 'en' } })).body), 'fr');
});

test('hostile Accept-Language headers: never a 500, French', async () => {
  const hostile = [
    'en;q=abc', ';;;,,,', 'q=1', 'en;q=-1', 'en;q=1.0001', 'x'.repeat(6000), `${'en-'.repeat(1500)}GB`,
    'é', '\u00ff\u00fe', 'fr\tq=1',
  ];
  for (const value of hostile) {
    const res = await rawOne(srv, { target: '/produits', headers: [['Accept-Language', Buffer.from(value, 'latin1')]] });
    assert.ok(res.status < 500, `${JSON.stringify(value.slice(0, 40))}: ${res.status}`);
    if (res.status === 200) assert.equal(langOf(res.body), 'fr', JSON.stringify(value.slice(0, 40)));
  }
  // Control characters in the header: refused by the HTTP layer or ignored, never a 500.
  for (const bytes of [Buffer.from('en\x00'), Buffer.from('en\x01fr'), Buffer.from([0x65, 0x6e, 0xc3])]) {
    const res = await rawOne(srv, { target: '/', headers: [['Accept-Language', bytes]] });
    assert.ok(res.status < 500, `${bytes.toString('hex')}: ${res.status}`);
    if (res.status === 200) assert.equal(langOf(res.body), 'fr', bytes.toString('hex'));
  }
});

test('the switch: EN then FR keeps the session and its cart, and answers 303 to the same page', async () => {
  const v = await shopperWithCart();
  const before = await state(v);
  assert.equal(before.lang, 'fr');
  assert.equal(before.count, '1');

  const en = await v.post('/langue', { language: 'en', back: '/produits?categorie=canapes&tri=name' });
  assert.equal(en.status, 303);
  assert.equal(en.location, '/produits?categorie=canapes&tri=name');
  const page = await v.get(en.location);
  assert.equal(langOf(page.body), 'en');
  assert.equal(page.headers.get('content-language'), 'en');
  assert.ok(pageText(page.body).includes('Sort by'), pageText(page.body).slice(0, 300));

  const during = await state(v);
  assert.deepEqual({ ...during, lang: 'fr' }, before, 'same cart and same session (CSRF token) in English');
  assert.equal(during.lang, 'en');
  const cart = await v.get('/panier');
  assert.ok(pageText(cart.body).includes('Shopping cart'));
  assert.ok(pageText(cart.body).includes('€899.00'), 'English money');

  const fr = await v.post('/langue', { language: 'fr', back: '/panier' });
  assert.equal(fr.status, 303);
  assert.equal(fr.location, '/panier');
  assert.deepEqual(await state(v), before, 'back in French, nothing else changed');
});

test('the switch refuses an unknown language with a French message, and changes nothing', async () => {
  const v = await shopperWithCart();
  const before = await state(v);
  const bad = ['de', 'EN', 'Fr', 'en-GB', ' en', 'en ', '', 'fr\r\nSet-Cookie: rt_session=x', 'en\x00',
    'e'.repeat(100000), '<script>alert(1)</script>'];
  for (const language of bad) {
    const r = await v.post('/langue', { language, back: '/panier' });
    assert.equal(r.status, 400, `language ${JSON.stringify(String(language).slice(0, 30))}`);
    assert.ok(pageText(r.body).includes("Cette langue n'est pas proposée : choisissez FR ou EN."), pageText(r.body).slice(0, 300));
    assert.ok(!r.body.includes('<script>alert'), 'escaped');
    assert.equal(/name="back" value="([^"]*)"/.exec(r.body)?.[1], '/panier', "the page's own switch returns to the page");
    assert.deepEqual(r.setCookies, [], 'the session cookie is not rewritten');
    assert.equal(r.headers.get('set-cookie'), null);
  }
  // Not UTF-8: the form itself is refused (400, French), before any field is read.
  const binary = await v.post('/langue', { language: Buffer.from([0x65, 0x6e, 0xff]), back: '/panier' });
  assert.equal(binary.status, 400);
  assert.ok(pageText(binary.body).includes("Cette demande n'a pas pu être comprise."), pageText(binary.body).slice(0, 300));
  assert.equal(binary.headers.get('set-cookie'), null);
  const missing = await v.post('/langue', { back: '/panier' });
  assert.equal(missing.status, 400);
  assert.deepEqual(await state(v), before);
  // No CSRF token, or another session's: 403, nothing changes.
  const forged = await v.request('POST', '/langue', { body: 'language=en&back=%2F' });
  assert.equal(forged.status, 403);
  const other = new Visitor(srv);
  await other.get('/');
  const cross = await v.request('POST', '/langue', { body: `csrf=${other.csrf}&language=en&back=%2F` });
  assert.equal(cross.status, 403);
  assert.deepEqual(await state(v), before);
});

test('the page to go back to is hostile: only a local path of the shop, else the home page', async () => {
  const v = await shopperWithCart();
  const before = await state(v);
  const elsewhere = [
    '//evil.example/x', '/\\evil.example', '\\\\evil.example', 'https://evil.example/', 'http:/evil', 'javascript:alert(1)',
    '/%0d%0aSet-Cookie:%20x=y', '/panier?x=%0d%0aSet-Cookie:%20x=y', '/pan%00ier', '/a%5cb', '/panier\r\nSet-Cookie: x=y', '/panier\nLocation: //evil', '/pan\x00ier', '',
    'panier', ' /panier', '/a/../../etc/passwd', '/./panier', '/x#frag', '/' + 'a'.repeat(5000), '//', '/\t/evil.example',
    '/%c3%28', '/produits?q=%ff', '/produits/%2e%2e/admin',
  ];
  for (const back of elsewhere) {
    for (const language of ['en', 'fr']) {
      const r = await v.post('/langue', { language, back });
      const what = JSON.stringify(String(back).slice(0, 40));
      assert.equal(r.status, 303, what);
      assert.equal(r.location, '/', `${what} -> ${r.location}`);
      assert.ok(!r.headers.get('set-cookie')?.includes('x=y'), 'no header injected');
    }
  }
  // Local pages come back as they were asked, encoded where needed.
  const local = [['/', '/'], ['/panier', '/panier'], ['/admin/', '/admin/'], ['/produits?q=canap%C3%A9', '/produits?q=canap%C3%A9'],
    ['/produits?q=table+ch%C3%AAne&page=2', '/produits?q=table%20ch%C3%AAne&page=2'], ['/produits/OPUK6V6EV0', '/produits/OPUK6V6EV0']];
  for (const [back, location] of local) {
    const r = await v.post('/langue', { language: 'fr', back });
    assert.equal(r.status, 303);
    assert.equal(r.location, location, back);
  }
  // Bytes that are not UTF-8: the whole form is refused (400), nothing changes.
  const binary = await v.post('/langue', { language: 'en', back: Buffer.from([0x2f, 0xc3, 0x28]) });
  assert.equal(binary.status, 400);
  // A huge form: refused or answered, never a 500; the session is the same.
  const huge = await v.post('/langue', { language: 'en', back: '/' + 'b'.repeat(2_000_000) });
  assert.ok(huge.status < 500, `huge: ${huge.status}`);
  await v.post('/langue', { language: 'fr', back: '/' });
  assert.deepEqual(await state(v), before, 'same cart, same session, French again');
});

test('the layout shows the switch on every page with the page to come back to', async () => {
  const v = new Visitor(srv);
  for (const path of ['/', '/produits?q=lampe', `/produits/${SOFA}`, '/panier', '/connexion', '/a-propos', '/nexiste-pas']) {
    const r = await v.get(path);
    assert.match(r.body, /<form method="post" action="\/langue"/, path);
    const back = /name="back" value="([^"]*)"/.exec(r.body)?.[1];
    assert.equal(back, path, `the switch comes back to ${path}`);
    assert.match(r.body, /<button type="submit" name="language" value="en"[^>]*>EN<\/button>/, path);
  }
});

test('the page cache keeps one copy per language: a French visitor never gets an English page, nor the reverse', async () => {
  const fr = new Visitor(srv);
  const en = new Visitor(srv, { headers: { 'Accept-Language': 'en' } });
  await fr.get('/');
  await en.get('/');
  // Alternating within the cache's lifetime: every answer (the I/O thread's from memory included) is
  // the visitor's language.
  for (let i = 0; i < 6; i++) {
    for (const path of ['/', '/produits', '/produits?tri=name', `/produits/${SOFA}`]) {
      const f = await fr.get(path);
      const e = await en.get(path);
      assert.equal(langOf(f.body), 'fr', `${path} for the French visitor`);
      assert.equal(langOf(e.body), 'en', `${path} for the English visitor`);
      assert.equal(f.headers.get('content-language'), 'fr');
      assert.equal(e.headers.get('content-language'), 'en');
      if (path === '/') {
        assert.ok(f.body.includes(FR_HOME) && !f.body.includes(EN_HOME));
        assert.ok(e.body.includes(EN_HOME) && !e.body.includes(FR_HOME));
      }
    }
  }
  // The same with a brand-new visitor each time (no cookie: the fast path decides from the header).
  for (let i = 0; i < 4; i++) {
    const f = await fetch(srv.url + '/', { headers: { 'Accept-Language': 'fr' } });
    const e = await fetch(srv.url + '/', { headers: { 'Accept-Language': 'en-US' } });
    assert.equal(langOf(await f.text()), 'fr');
    assert.equal(langOf(await e.text()), 'en');
  }
});

test('a customer\'s language: sign-up, PATCH (exactly fr or en), applied to the session at log-in', async () => {
  // Sign-up with a language; without one, French.
  const email = uniqueEmail('lang');
  const created = await api(srv, 'POST', '/apis/customers/', { key: false,
    body: { email, password: 'Canape-Cuir-2026', first_name: 'Ann', last_name: 'Smith', language: 'en' },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal(created.body.language, 'en');
  const plain = await newCustomer(srv);
  const me = await api(srv, 'GET', '/apis/customers/me', { token: plain.token });
  assert.equal(me.body.language, 'fr');

  // Anything but exactly "fr" or "en" is refused, naming the field; nothing changes.
  for (const language of ['EN', 'de', '', 'en-GB', ' fr', 1, null, true, ['en'], { en: 1 }, 'x'.repeat(10000), 'fr\u0000']) {
    const r = await api(srv, 'PATCH', '/apis/customers/me', { token: plain.token, body: { language } });
    expectProblem(r, 400, 'language');
    const s = await api(srv, 'POST', '/apis/customers/', { key: false,
      body: { email: uniqueEmail('badlang'), password: 'Canape-Cuir-2026', first_name: 'A', last_name: 'B', language },
    });
    expectProblem(s, 400, 'language');
  }
  assert.equal((await api(srv, 'GET', '/apis/customers/me', { token: plain.token })).body.language, 'fr');
  const patched = await api(srv, 'PATCH', '/apis/customers/me', { token: plain.token, body: { language: 'en' } });
  assert.equal(patched.status, 200);
  assert.equal(patched.body.language, 'en');
  assert.equal(patched.body.first_name, me.body.first_name, 'the names stay');

  // Logging in applies the profile's language to a French session; the switch stores the choice.
  const v = new Visitor(srv);
  await v.get('/');
  const login = await v.logIn(email, 'Canape-Cuir-2026');
  assert.equal(login.status, 303);
  const home = await v.get('/');
  assert.equal(langOf(home.body), 'en');
  assert.ok(pageText(home.body).length > 0);
  const back = await v.post('/langue', { language: 'fr', back: '/' });
  assert.equal(back.status, 303);
  const token = await logIn(srv, email, 'Canape-Cuir-2026');
  assert.equal((await api(srv, 'GET', '/apis/customers/me', { token })).body.language, 'fr', 'the switch saved the choice');
  // Another device: a fresh English browser logs in and gets the profile's French.
  const other = new Visitor(srv, { headers: { 'Accept-Language': 'en' } });
  await other.get('/');
  await other.logIn(email, 'Canape-Cuir-2026');
  assert.equal(langOf((await other.get('/')).body), 'fr');

  // Log-out keeps the session's language.
  await v.post('/langue', { language: 'en', back: '/' });
  await v.logOut();
  assert.equal(langOf((await v.get('/')).body), 'en');
});

test('a visitor signs up from an English session: the account is English', async () => {
  const v = new Visitor(srv, { headers: { 'Accept-Language': 'en' } });
  await v.get('/inscription');
  const email = uniqueEmail('websignup');
  const r = await v.post('/inscription', { first_name: 'Ann', last_name: 'Smith', email, password: 'Canape-Cuir-2026' });
  assert.equal(r.status, 303, pageText(r.body).slice(0, 300));
  const welcome = await v.get('/');
  assert.ok(pageText(welcome.body).includes('Welcome Ann! Your account is created.'), pageText(welcome.body).slice(0, 200));
  const token = await logIn(srv, email, 'Canape-Cuir-2026');
  assert.equal((await api(srv, 'GET', '/apis/customers/me', { token })).body.language, 'en');
});

test('the product list counts in each language: "0 produit" and "0 products" for a search that finds nothing', async () => {
  const countOf = (html) => /<p class="count">([^<]*)<\/p>/.exec(html)?.[1];
  const total = async (query) => (await api(srv, 'GET', `/apis/products/?${query}`)).body.total;
  const sofas = await total('category=canapes');
  assert.ok(sofas > 1, `the demo catalogue has several sofas: ${sofas}`);
  assert.equal(await total('q=m%C3%A9ridienne'), 1, 'one product is a méridienne');
  assert.equal(await total('q=zzzz-rien'), 0);
  const expected = {
    fr: { nothing: '0 produit', one: '1 produit', several: `${sofas} produits` },
    en: { nothing: '0 products', one: '1 product', several: `${sofas} products` },
  };
  for (const language of ['fr', 'en']) {
    const v = new Visitor(srv);
    await v.get('/');
    if (language === 'en') await v.post('/langue', { language: 'en', back: '/' });
    for (const [path, which] of [['/produits?q=zzzz-rien', 'nothing'], ['/produits?q=m%C3%A9ridienne', 'one'], ['/produits?categorie=canapes', 'several']]) {
      const r = await v.get(path);
      assert.equal(r.status, 200, path);
      assert.equal(langOf(r.body), language, path);
      assert.equal(countOf(r.body), expected[language][which], `${language} ${path}`);
    }
  }
});

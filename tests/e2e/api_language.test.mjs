// The API's problem+json answers speak French, or English when the request asks Accept-Language: en
// (issue 17). Only the texts (detail, errors[].message) change: status, type, title, field names
// and extension members such as `reason` are the same in both languages, so a program reading
// them works whatever language it asks for. Every problem says its language (Content-Language) and
// that it depends on Accept-Language (Vary); anything we cannot read as a request for English
// (garbage, a huge header, "*", "en;q=0") gets French. A refusal replayed under its order's
// Idempotency-Key speaks the retry's language too (one another service said stays as said), on
// SQLite and on PostgreSQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, API_KEY } from './server.mjs';
import { Visitor, pageText } from '../security/support.mjs';
import {
  api, expectProblem, newCart, addLine, order, setStock, stockOf, newCustomer, uniqueEmail, ADDRESS, CARD, SOFA, CORNER_SOFA,
} from './commerce_support.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

const FRENCH = {
  detail: 'champ invalide « per_page » : doit être un nombre entier de 1 à 100',
  message: 'doit être un nombre entier de 1 à 100',
};
const ENGLISH = {
  detail: "invalid field 'per_page': must be a whole number from 1 to 100",
  message: 'must be a whole number from 1 to 100',
};

// The same bad request (per_page out of range), asking for `language` (undefined: no header).
async function badPage(language) {
  const r = await api(srv, 'GET', '/apis/products/?per_page=0', { key: false, headers: language === undefined ? {} : { 'Accept-Language': language } });
  return { ...r, problem: expectProblem(r, 400, 'per_page') };
}

function assertSpeaks(r, expected, code, label) {
  assert.equal(r.problem.detail, expected.detail, label);
  assert.equal(r.problem.errors[0].message, expected.message, label);
  assert.equal(r.headers.get('content-language'), code, label);
  assert.match(r.headers.get('vary') ?? '', /Accept-Language/, label);
}

test('the same bad request: French without Accept-Language, English when asked, the rest unchanged', async () => {
  const french = await badPage(undefined);
  assertSpeaks(french, FRENCH, 'fr', 'no header');
  for (const language of ['en', 'en-GB;q=0.9', 'EN-us', 'de-DE, en;q=0.5, fr;q=0.4']) {
    const english = await badPage(language);
    assertSpeaks(english, ENGLISH, 'en', language);
    for (const member of ['type', 'title', 'status', 'instance']) assert.equal(english.problem[member], french.problem[member], member);
    assert.deepEqual(english.problem.errors.map((e) => e.field), french.problem.errors.map((e) => e.field));
  }
  for (const language of ['fr', 'fr-FR, en;q=0.8', 'de', '']) assertSpeaks(await badPage(language), FRENCH, 'fr', `"${language}"`);
});

test('a hostile Accept-Language gets French and changes nothing else', async () => {
  for (const language of ['*', 'en;q=0', 'en;q=0.000', 'en;q=2', 'en;q=-1', 'en;q=abc', ';;;,,,=', 'q=1;en',
    'en'.repeat(5000), 'x-'.repeat(5000) + ', en', '\u00e9n', 'en\ud800'.normalize()]) {
    const label = JSON.stringify(language.slice(0, 40));
    let r;
    try {
      r = await badPage(language);
    } catch (e) {
      // fetch itself refuses some values (not a ByteString): nothing was sent.
      assert.match(String(e.cause?.message ?? e.message), /ByteString|header|invalid/i, label);
      continue;
    }
    // "en" repeated is one malformed tag; a huge list naming "en" last may still be read, or not:
    // either way the answer is one of our two, says which, and is otherwise the same problem.
    if (r.headers.get('content-language') === 'en') assertSpeaks(r, ENGLISH, 'en', label);
    else assertSpeaks(r, FRENCH, 'fr', label);
    if (['*', 'en;q=0', 'en;q=0.000', 'en;q=abc', ';;;,,,=', 'q=1;en'].includes(language)) assertSpeaks(r, FRENCH, 'fr', label);
  }
  // Bytes no browser sends, written on the socket as they are: invalid UTF-8 (obs-text, which HTTP
  // lets through) is read as no language we speak; a control character makes the whole request
  // unreadable, refused before its headers are trusted, so in French.
  for (const [bytes, detail] of [
    [Buffer.from([0x65, 0x6e, 0xff, 0xfe]), FRENCH.detail],
    [Buffer.from([0xc3, 0x28, 0x3b, 0x71, 0x3d, 0x31]), FRENCH.detail],
    [Buffer.from('en\x01\x7f'), 'requête HTTP mal formée : bad value'],
    [Buffer.from('\x0ben\x0c'), 'requête HTTP mal formée : bad value'],
  ]) {
    const answer = await rawExchange(Buffer.concat([
      Buffer.from('GET /apis/products/?per_page=0 HTTP/1.1\r\nHost: shop\r\nConnection: close\r\nAccept-Language: '),
      bytes, Buffer.from('\r\n\r\n')]));
    assert.match(answer.head, /^HTTP\/1\.1 400 /, answer.head);
    assert.match(answer.head, /\r\ncontent-language: fr\r\n/i, answer.head);
    assert.equal(JSON.parse(answer.body).detail, detail, bytes.toString('hex'));
  }
  const after = await api(srv, 'GET', `/apis/products/${SOFA}`, { key: false });
  assert.equal(after.status, 200, 'the server still serves');
});

test('errors found before any route speak the request language too', async () => {
  const unknown = await api(srv, 'GET', '/apis/nothing-here', { key: false, headers: { 'Accept-Language': 'en' } });
  assert.equal(expectProblem(unknown, 404).detail, 'no resource at /apis/nothing-here');
  assert.equal(unknown.headers.get('content-language'), 'en');
  const inconnu = await api(srv, 'GET', '/apis/nothing-here', { key: false });
  assert.equal(expectProblem(inconnu, 404).detail, "aucune ressource à l'adresse /apis/nothing-here");
  assert.equal(inconnu.headers.get('content-language'), 'fr');

  const method = await api(srv, 'PUT', `/apis/products/${SOFA}`, { key: false, headers: { 'Accept-Language': 'en' } });
  assert.equal(expectProblem(method, 405).detail, 'PUT is not allowed here; allowed: GET, PATCH, DELETE, HEAD');
  const methode = await api(srv, 'PUT', `/apis/products/${SOFA}`, { key: false });
  assert.equal(expectProblem(methode, 405).detail, 'la méthode PUT n\'est pas permise ici ; méthodes permises : GET, PATCH, DELETE, HEAD');

  const noHost = await rawExchange(Buffer.from('GET /apis/products/ HTTP/1.1\r\nAccept-Language: en\r\nConnection: close\r\n\r\n'));
  assert.match(noHost.head, /^HTTP\/1\.1 400 /);
  assert.match(noHost.head, /\r\ncontent-language: en\r\n/i);
  assert.equal(JSON.parse(noHost.body).detail, "invalid field 'Host': an HTTP/1.1 request must carry a Host header");
});

test('a refusal another service gave is passed on in the language asked (checkout -> payment, catalogue)', async () => {
  const cart = await newCart(srv);
  await addLine(srv, cart.id, CORNER_SOFA, 1);
  const declined = { cart_id: cart.id, email: uniqueEmail('lang'), card: { ...CARD, number: '4000000000000002' } };
  const fr = await order(srv, declined);
  assert.equal(expectProblem(fr, 402).reason, 'declined');
  assert.equal(fr.body.detail, 'la carte a été refusée');
  assert.equal(fr.headers.get('content-language'), 'fr');
  const en = await api(srv, 'POST', '/apis/orders/', { body: { shipping_address: ADDRESS, ...declined }, headers: { 'Accept-Language': 'en' } });
  assert.equal(expectProblem(en, 402).reason, 'declined');
  assert.equal(en.body.detail, 'the card was declined');
  assert.equal(en.headers.get('content-language'), 'en');

  const promo = { cart_id: cart.id, email: uniqueEmail('lang'), promo_code: 'ViveLeDesign' };
  const guestFr = await order(srv, promo);
  assert.equal(expectProblem(guestFr, 422, 'promo_code').reason, 'promo_login_required');
  assert.equal(guestFr.body.errors[0].message, 'les codes promo sont réservés aux clients connectés : connectez-vous pour utiliser ViveLeDesign');
});

test('a cart refusal says why in `reason`, in both languages; the text follows the language', async () => {
  const stock = await stockOf(srv, SOFA);
  await setStock(srv, SOFA, 1);
  try {
    const cart = await newCart(srv);
    const tooMany = (language) => api(srv, 'POST', `/apis/carts/${cart.id}/lines`, {
      body: { product_id: SOFA, quantity: 2 }, headers: language ? { 'Accept-Language': language } : {},
    });
    const fr = expectProblem(await tooMany(), 422, 'quantity');
    const en = expectProblem(await tooMany('en'), 422, 'quantity');
    assert.equal(fr.reason, 'insufficient_stock');
    assert.equal(en.reason, 'insufficient_stock');
    assert.equal(fr.errors[0].message, 'plus que 1 en stock pour Canapé Moderne en Cuir');
    assert.equal(en.errors[0].message, 'only 1 Canapé Moderne en Cuir left in stock');
    await setStock(srv, SOFA, 0);
    const out = expectProblem(await tooMany('en'), 422, 'quantity');
    assert.equal(out.reason, 'out_of_stock');
    assert.equal(out.errors[0].message, 'Canapé Moderne en Cuir is out of stock');
  } finally {
    await setStock(srv, SOFA, stock);
  }
});

// The shop reads the cart's `reason`, never its text: its messages stay right whatever language
// the API answered in.
test('the shop says why a cart refused a quantity, from the reason', async () => {
  const stock = await stockOf(srv, SOFA);
  try {
    for (const [left, message] of [[1, 'Stock insuffisant : la quantité demandée dépasse le stock disponible.'], [0, 'Ce produit est en rupture de stock.']]) {
      await setStock(srv, SOFA, left);
      const shopper = new Visitor(srv);
      await shopper.get(`/produits/${SOFA}`);
      const refused = await shopper.post('/panier/ajouter', { product_id: SOFA, quantity: '2' });
      assert.equal(refused.status, 303);
      assert.equal(refused.location, `/produits/${SOFA}`);
      const page = await shopper.get(refused.location);
      assert.ok(pageText(page.body).includes(message), `${left} left: ${pageText(page.body).slice(0, 300)}`);
    }
  } finally {
    await setStock(srv, SOFA, stock);
  }
});

test('answers from the catalogue cache are the same whatever the language; errors are never kept', async () => {
  const fr = await api(srv, 'GET', `/apis/products/${SOFA}`, { key: false });
  const en = await api(srv, 'GET', `/apis/products/${SOFA}`, { key: false, headers: { 'Accept-Language': 'en' } });
  assert.equal(fr.status, 200);
  assert.deepEqual(en.body, fr.body, 'a product reads the same: its translations are members, not a negotiated body');
  assert.equal(en.headers.get('content-language'), null, 'a successful read is not language-dependent');
  for (const [language, detail] of [[undefined, "aucun produit avec l'identifiant ZZZZZZZZZZ"], ['en', 'no product with id ZZZZZZZZZZ'], [undefined, "aucun produit avec l'identifiant ZZZZZZZZZZ"]]) {
    const r = await api(srv, 'GET', '/apis/products/ZZZZZZZZZZ', { key: false, headers: language ? { 'Accept-Language': language } : {} });
    assert.equal(expectProblem(r, 404).detail, detail);
  }
});

// ---------------------------------------------------------------- replays under an Idempotency-Key

// POST /apis/orders/ keeping the answer's text, so that a replay is compared byte for byte.
// `language` undefined: no Accept-Language.
async function placeOrder(server, body, { key, token, language } = {}) {
  const headers = { 'X-Api-Key': API_KEY, 'Content-Type': 'application/json' };
  if (key) headers['Idempotency-Key'] = key;
  if (token) headers.Authorization = `Bearer ${token}`;
  if (language !== undefined) headers['Accept-Language'] = language;
  const res = await fetch(`${server.url}/apis/orders/`, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: JSON.parse(text) };
}

// How many orders the checkout tried to place, whatever came of them (rapidtrade_orders_total over
// every outcome): a replay is answered without trying again, so it adds none.
async function placings(server) {
  const metrics = await (await fetch(`${server.url}/metrics`)).text();
  return [...metrics.matchAll(/^rapidtrade_orders_total\{[^}]*\} (\S+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
}

// `replay` is `first` again, said in `code`: the same status, members and field names, the replay
// marked, and the answer saying its language and that it depends on Accept-Language.
function assertReplayed(replay, first, code, label) {
  assert.equal(replay.status, first.status, label);
  assert.equal(replay.headers.get('idempotent-replayed'), 'true', label);
  assert.match(replay.headers.get('content-type') ?? '', /^application\/problem\+json/, label);
  assert.equal(replay.headers.get('content-language'), code, label);
  assert.match(replay.headers.get('vary') ?? '', /Accept-Language/, label);
  for (const member of ['type', 'title', 'status', 'instance', 'reason']) assert.equal(replay.body[member], first.body[member], `${label}: ${member}`);
  assert.deepEqual((replay.body.errors ?? []).map((e) => e.field), (first.body.errors ?? []).map((e) => e.field), label);
}

// The whole story on `server`: refusals placed in one language and replayed in the other, one that
// another service said (kept in its language), then the order itself, replayed unchanged; and
// nothing else happened: one order, one unit of stock, no placing for a replay.
async function replaysSpeakTheRetrysLanguage(server) {
  await setStock(server, SOFA, 20);
  const customer = await newCustomer(server);
  const cart = await newCart(server, customer.token);
  await addLine(server, cart.id, SOFA, 1, customer.token);
  const before = await placings(server);
  const tag = `${process.pid}-${Date.now()}`;
  const base = { cart_id: cart.id, email: customer.email, shipping_address: ADDRESS, card: CARD };
  const as = (key, language) => ({ key: key && `${key}-${tag}`, token: customer.token, language });

  // A refusal the checkout wrote, with its `reason` (an unknown promo code), placed in French...
  const promo = { ...base, promo_code: 'INCONNU2026' };
  const fr = await placeOrder(server, promo, as('promo'));
  assert.equal(expectProblem(fr, 422, 'promo_code').reason, 'promo_unknown');
  assert.equal(fr.headers.get('content-language'), 'fr');
  assert.equal(fr.body.errors[0].message, 'code promo inconnu : INCONNU2026');
  // ...replayed in English: what an English request is told, not the French kept from the first.
  const en = await placeOrder(server, promo, as('promo', 'en'));
  assertReplayed(en, fr, 'en', 'promo replayed in English');
  assert.equal(en.body.detail, 'promo_code: unknown promo code INCONNU2026');
  assert.equal(en.body.errors[0].message, 'unknown promo code INCONNU2026');
  assert.equal(en.text, (await placeOrder(server, promo, as(undefined, 'en'))).text, 'the same as an English request without a key');
  for (const language of [undefined, 'fr', 'fr-FR, en;q=0.5']) {
    const again = await placeOrder(server, promo, as('promo', language));
    assertReplayed(again, fr, 'fr', `promo replayed with ${language}`);
    assert.equal(again.text, fr.text, 'in French: the first answer, byte for byte');
  }

  // A field refused (400) placed in English, replayed in French to whatever does not ask for
  // English: no header, French, another language, and hostile values.
  const badEmail = { ...base, email: 'pas-une-adresse' };
  const first = await placeOrder(server, badEmail, as('email', 'en'));
  expectProblem(first, 400, 'email');
  assert.equal(first.headers.get('content-language'), 'en');
  assert.equal(first.body.errors[0].message, 'is not a valid e-mail address');
  const french = await placeOrder(server, badEmail, as(undefined));
  assert.equal(french.body.errors[0].message, "n'est pas une adresse électronique valide");
  for (const language of [undefined, 'fr', 'de', '*', 'en;q=0', 'en;q=abc', ';;;,,,=', 'q=1;en', 'en'.repeat(3000)]) {
    const label = `email replayed with ${JSON.stringify(language?.slice(0, 20))}`;
    const replay = await placeOrder(server, badEmail, as('email', language));
    assertReplayed(replay, first, 'fr', label);
    assert.equal(replay.text, french.text, label);
  }
  const english = await placeOrder(server, badEmail, as('email', 'en-GB'));
  assertReplayed(english, first, 'en', 'email replayed in English');
  assert.equal(english.text, first.text);

  // A refusal the payment service said (in French, asked so): kept as said, and labelled French.
  const declined = { ...base, card: { ...CARD, number: '4000000000000002' } };
  const refused = await placeOrder(server, declined, as('declined'));
  assert.equal(expectProblem(refused, 402).reason, 'declined');
  assert.equal(refused.body.detail, 'la carte a été refusée');
  const replayed = await placeOrder(server, declined, as('declined', 'en'));
  assertReplayed(replayed, refused, 'fr', 'declined card replayed to an English request');
  assert.equal(replayed.text, refused.text);

  // Nothing came of any of them.
  assert.equal(await stockOf(server, SOFA), 20);
  assert.deepEqual((await api(server, 'GET', `/apis/carts/${cart.id}`, { token: customer.token })).body.lines
    .map((l) => [l.product_id, l.quantity]), [[SOFA, 1]]);
  assert.equal((await api(server, 'GET', '/apis/orders/', { token: customer.token })).body.total, 0);

  // The order: its 201 replayed byte for byte in any language, never placed twice.
  const placed = await placeOrder(server, base, as('order'));
  assert.equal(placed.status, 201, placed.text);
  for (const language of ['en', undefined, '*']) {
    const replay = await placeOrder(server, base, as('order', language));
    assert.equal(replay.status, 201);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.equal(replay.text, placed.text);
    assert.equal(replay.headers.get('content-type'), placed.headers.get('content-type'));
    assert.equal(replay.headers.get('content-language'), null);
    assert.equal(replay.headers.get('location'), null);
  }
  assert.equal(await stockOf(server, SOFA), 19);
  const orders = await api(server, 'GET', '/apis/orders/', { token: customer.token });
  assert.deepEqual(orders.body.items.map((o) => o.reference), [placed.body.reference]);
  // promo in French and in English, the e-mail in English and in French, the card, the order.
  assert.equal(await placings(server) - before, 6, 'no replay placed anything');
}

test('a refusal replayed under its Idempotency-Key speaks the retry\'s language; an order replays byte for byte', async () => {
  await replaysSpeakTheRetrysLanguage(srv);
});

test('on PostgreSQL too: replayed refusals in the retry\'s language, the order byte for byte', async () => {
  const url = process.env.TEST_DATABASE_URL;
  assert.ok(url, 'TEST_DATABASE_URL is not set: run through scripts/with-postgres.sh (make test)');
  const pg = await startServer({ env: { DATABASE_URL: url } });
  try {
    await replaysSpeakTheRetrysLanguage(pg);
  } finally {
    await pg.stop();
  }
});

// One request written on a socket as bytes; the answer's head and body (Connection: close).
function rawExchange(bytes) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(srv.port, '127.0.0.1', () => socket.write(bytes));
    const chunks = [];
    socket.on('data', (d) => chunks.push(d));
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      resolve({ head: text.slice(0, split + 2), body: text.slice(split + 4) });
    });
    socket.on('error', reject);
  });
}

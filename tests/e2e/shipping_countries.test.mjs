// GET /apis/shipping/countries: where the shop delivers and for how much, as SHIPPING_RULES says.
// The server runs with rules of this test's own, so every expected value comes from them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, API_KEY } from './server.mjs';
import { expectProblem, SOFA } from './commerce_support.mjs';
import { freePort } from './ports.mjs';
import { Visitor } from '../security/support.mjs';

// COUNTRY=CENTS/DAYS, as src/services/shipping/rules.hpp reads them.
const RULES = { FR: [990, 2], MC: [990, 2], BE: [1290, 3], DE: [1290, 4], JP: [15000, 9], CH: [123456, 6], CI: [20000, 8] };
const NAMES = { FR: 'France', MC: 'Monaco', BE: 'Belgique', DE: 'Allemagne', JP: 'Japon', CH: 'Suisse', CI: "Côte d'Ivoire" };
const ENGLISH_NAMES = { FR: 'France', MC: 'Monaco', BE: 'Belgium', DE: 'Germany', JP: 'Japan', CH: 'Switzerland', CI: "Côte d'Ivoire" };

// "1 234,56 €" as fr-FR writes it: a narrow no-break space between thousands, a no-break space before €.
const euros = (cents) =>
  `${Math.floor(cents / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f')},${String(cents % 100).padStart(2, '0')}\u00a0€`;

// "€1,234.56" as en writes it.
const englishEuros = (cents) =>
  `€${Math.floor(cents / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${String(cents % 100).padStart(2, '0')}`;

// Cheapest first, then by country code.
const expected = (names, money) => Object.entries(RULES)
  .sort(([a, [ca]], [b, [cb]]) => ca - cb || (a < b ? -1 : 1))
  .map(([country, [cents, days]]) => ({
    country, name: names[country], cost: { amount: cents, currency: 'EUR' }, cost_formatted: money(cents), estimated_days: days,
  }));
const EXPECTED = expected(NAMES, euros);
const EXPECTED_EN = expected(ENGLISH_NAMES, englishEuros);

let server;
before(async () => {
  const rules = Object.entries(RULES).map(([c, [cents, days]]) => `${c}=${cents}/${days}`).join(',');
  server = await startServer({ env: { SHIPPING_RULES: rules } });
});
after(async () => { await server?.stop(); });

const get = (path, init = {}) => fetch(server.url + path, init);

test('the destinations and their prices come from SHIPPING_RULES, cheapest first, without a key', async () => {
  const res = await get('/apis/shipping/countries');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^application\/json/);
  const body = await res.json();
  assert.deepEqual(body, { service: 'International Standard', items: EXPECTED });
  assert.deepEqual(body.items.slice(0, 2).map((d) => d.country), ['FR', 'MC'], 'same price: by country code');
  assert.equal(body.items.find((d) => d.country === 'CH').cost_formatted, '1\u202f234,56\u00a0€');
});

test('the names and prices follow Accept-Language: French by default, English when asked, the rest unchanged', async () => {
  const french = await get('/apis/shipping/countries');
  assert.equal(french.headers.get('content-language'), 'fr');
  assert.match(french.headers.get('vary') ?? '', /Accept-Language/);
  assert.deepEqual((await french.json()).items, EXPECTED);
  const english = await get('/apis/shipping/countries', { headers: { 'Accept-Language': 'en-GB,en;q=0.9' } });
  assert.equal(english.status, 200);
  assert.equal(english.headers.get('content-language'), 'en');
  assert.match(english.headers.get('vary') ?? '', /Accept-Language/);
  const body = await english.json();
  assert.deepEqual(body, { service: 'International Standard', items: EXPECTED_EN });
  assert.equal(body.items.find((d) => d.country === 'CH').cost_formatted, '€1,234.56');
  // The two answers are told apart by their validators: a cache never serves one for the other.
  assert.notEqual(english.headers.get('etag'), french.headers.get('etag'));
  const crossed = await get('/apis/shipping/countries', {
    headers: { 'Accept-Language': 'en', 'If-None-Match': french.headers.get('etag') },
  });
  assert.equal(crossed.status, 200, 'the French validator does not validate the English answer');
});

test('a hostile Accept-Language gets the French list and changes nothing else', async () => {
  const plain = await (await get('/apis/shipping/countries')).text();
  for (const value of ['xx', 'en;q=abc', '*;q=0', 'de-DE', 'en\u0000', '../en', 'fr;q=0.1, ' + 'x'.repeat(4000)]) {
    let res;
    try {
      res = await get('/apis/shipping/countries', { headers: { 'Accept-Language': value } });
    } catch {
      continue;  // fetch itself refuses a header value with a NUL: nothing was sent
    }
    assert.equal(res.status, 200, value);
    assert.equal(res.headers.get('content-language'), 'fr', value);
    assert.equal(await res.text(), plain, value);
  }
});

test('the list agrees with the quote for every destination', async () => {
  const body = await (await get('/apis/shipping/countries')).json();
  for (const d of body.items) {
    const res = await get('/apis/shipping/quote', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Api-Key': API_KEY },
      body: JSON.stringify({ address: { full_name: 'Camille Martin', street: '1 rue X', city: 'Ville', postal_code: '69003', country: d.country } }),
    });
    const quote = await res.json();
    assert.equal(res.status, 200, JSON.stringify(quote));
    assert.deepEqual(quote.cost, d.cost, d.country);
    assert.equal(quote.estimated_days, d.estimated_days, d.country);
  }
});

test('a hostile query string is ignored', async () => {
  const plain = await (await get('/apis/shipping/countries')).text();
  for (const query of [
    "?country=FR'%20OR%201=1--", '?items=%3Cscript%3Ealert(1)%3C%2Fscript%3E', '?page=-1&per_page=100000',
    '?country=JP&country=FR', '?' + 'x'.repeat(2000), '?%00=%0d%0aSet-Cookie:%20a=b',
  ]) {
    const res = await get('/apis/shipping/countries' + query);
    assert.equal(res.status, 200, query);
    assert.equal(res.headers.get('set-cookie'), null, query);
    assert.equal(await res.text(), plain, query);
  }
});

test('it is cacheable: an ETag, and 304 for If-None-Match', async () => {
  const first = await get('/apis/shipping/countries');
  const etag = first.headers.get('etag');
  assert.match(etag ?? '', /^"[0-9a-f]+"$/);
  const again = await get('/apis/shipping/countries', { headers: { 'If-None-Match': etag } });
  assert.equal(again.status, 304);
  assert.equal(await again.text(), '');
});

test('HEAD answers the headers of GET; other methods are a 405 with Allow', async () => {
  const head = await get('/apis/shipping/countries', { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.match(head.headers.get('content-type'), /^application\/json/);
  assert.equal(await head.text(), '');
  for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
    const res = await get('/apis/shipping/countries', { method, headers: { 'X-Api-Key': API_KEY } });
    expectProblem({ status: res.status, headers: res.headers, body: await res.json() }, 405);
    assert.equal(res.headers.get('allow'), 'GET, HEAD', method);
  }
});

// ---------------------------------------------------------------- the web shop's order page

// A visitor with the sofa in their cart, on the order page.
async function orderPage(srv) {
  const visitor = new Visitor(srv);
  const added = await visitor.post('/panier/ajouter', { product_id: SOFA, quantity: '1' });
  assert.equal(added.status, 303, added.body);
  const page = await visitor.get('/commande');
  assert.equal(page.status, 200, page.body);
  assert.match(page.body, /<h1>Valider votre commande<\/h1>/);
  return page.body;
}

test('the order page lists the destinations with their prices, cheapest first, escaped', async () => {
  const html = await orderPage(server);
  const rows = [...html.matchAll(/<tr><th scope="row">([^<]*)<\/th><td>([^<]*)<\/td><\/tr>/g)].map((m) => [m[1], m[2]]);
  assert.deepEqual(rows, EXPECTED.map((d) => [d.name.replace(/'/g, '&apos;'), d.cost_formatted]));
  assert.ok(rows.some(([name]) => name === 'Côte d&apos;Ivoire'), 'the apostrophe is escaped');
});

test('the English order page lists the destinations in English with English prices', async () => {
  const visitor = new Visitor(server);
  const added = await visitor.post('/panier/ajouter', { product_id: SOFA, quantity: '1' });
  assert.equal(added.status, 303, added.body);
  const switched = await visitor.post('/langue', { language: 'en', back: '/commande' });
  assert.equal(switched.status, 303, switched.body);
  const page = await visitor.get('/commande');
  assert.equal(page.status, 200, page.body);
  assert.match(page.body, /<html lang="en">/);
  const rows = [...page.body.matchAll(/<tr><th scope="row">([^<]*)<\/th><td>([^<]*)<\/td><\/tr>/g)].map((m) => [m[1], m[2]]);
  assert.deepEqual(rows, EXPECTED_EN.map((d) => [d.name.replace(/'/g, '&apos;'), d.cost_formatted]));
});

test('without an answer from the shipping service the order page is shown without the destinations', async () => {
  const closed = await freePort();  // nothing listens there
  const srv = await startServer({ env: { SHIPPINGSERVICE_URL: `http://127.0.0.1:${closed}` } });
  try {
    const html = await orderPage(srv);
    assert.match(html, /Votre panier/);
    assert.doesNotMatch(html, /<caption>Livraison<\/caption>/);
    assert.match(html, /<button type="submit">Envoyer<\/button>/, 'the form is there');
  } finally {
    await srv.stop();
  }
});

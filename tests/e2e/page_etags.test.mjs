// The shop's cached pages (home, product lists, a product) carry an ETag made from the shared
// rendering and the visitor's own values put into it (frontend/views.cpp), not hashed over the
// whole page on every request. Whatever the way it is made, a tag must change whenever the page's
// bytes change, and only then: a browser that revalidates with If-None-Match must never be told
// 304 for a page it does not hold.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './server.mjs';
import { newCustomer, SOFA } from './commerce_support.mjs';
import { Visitor } from '../security/support.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

const PAGES = ['/', '/produits', '/produits?tri=name', `/produits/${SOFA}`];

// Every answer seen, to check at the end that tags and bytes go together.
const seen = [];
async function look(visitor, path, label) {
  const r = await visitor.get(path);
  assert.equal(r.status, 200, `${label} ${path}: ${r.status}`);
  const tag = r.headers.get('etag');
  assert.match(tag ?? '', /^"[0-9a-f]{16}"$/, `${label} ${path}: ETag ${tag}`);
  seen.push({ label: `${label} ${path}`, tag, body: r.body });
  return r;
}

test('the same visitor gets the same bytes and tag again, and a 304 without a body for that tag', async () => {
  const v = new Visitor(srv);
  await v.get('/');  // the session (its CSRF token) is made on the first visit
  for (const path of PAGES) {
    const a = await look(v, path, 'visitor');
    const b = await look(v, path, 'visitor again');
    assert.equal(b.body, a.body, path);
    assert.equal(b.headers.get('etag'), a.headers.get('etag'), path);
    const again = await v.get(path, { headers: { 'If-None-Match': a.headers.get('etag') } });
    assert.equal(again.status, 304, path);
    assert.equal(again.body, '', path);
    // A tag of another page (or a made-up one) gets the whole page.
    const other = await v.get(path, { headers: { 'If-None-Match': '"0123456789abcdef"' } });
    assert.equal(other.status, 200, path);
    assert.equal(other.body, a.body, path);
  }
});

test('another visitor, a cart that grew, a flash and a name on the page each change the tag', async () => {
  const first = new Visitor(srv);
  const second = new Visitor(srv);
  await first.get('/');
  await second.get('/');
  for (const path of PAGES) {
    const a = await look(first, path, 'first visitor');
    const b = await look(second, path, 'second visitor');
    assert.notEqual(a.body, b.body, `${path}: each page holds its visitor's CSRF token`);
    assert.notEqual(a.headers.get('etag'), b.headers.get('etag'), path);
  }

  // The cart's count is on every page: the tag the visitor held before no longer answers 304.
  const before = await look(first, '/', 'first visitor, empty cart');
  await first.addToCart(SOFA, 2);
  const added = await look(first, '/', 'first visitor, two sofas, flash');
  assert.ok(added.body.includes('Produit ajouté au panier.'), 'the flash of the addition');
  const after = await look(first, '/', 'first visitor, two sofas');
  assert.ok(!after.body.includes('Produit ajouté au panier.'), 'a flash is shown once');
  assert.notEqual(after.headers.get('etag'), before.headers.get('etag'));
  assert.notEqual(after.headers.get('etag'), added.headers.get('etag'));
  for (const held of [before, added]) {
    const stale = await first.get('/', { headers: { 'If-None-Match': held.headers.get('etag') } });
    assert.equal(stale.status, 200);
    assert.equal(stale.body, after.body);
  }

  // A customer logs in: the next page shows the flash with their first name, the one after does not.
  const customer = await newCustomer(srv);
  const shopper = new Visitor(srv);
  const logIn = await shopper.logIn(customer.email, 'motdepasse-commerce-1');
  assert.equal(logIn.status, 303);
  const withFlash = await look(shopper, '/', 'customer, flash');
  assert.ok(withFlash.body.includes('Lea'), 'the flash names the customer');
  const withoutFlash = await look(shopper, '/', 'customer, no flash');
  assert.notEqual(withFlash.body, withoutFlash.body);
  assert.notEqual(withFlash.headers.get('etag'), withoutFlash.headers.get('etag'));
  for (const path of PAGES) await look(shopper, path, 'customer');
});

test('over every answer seen: equal tags always mean equal bytes, and equal bytes equal tags', () => {
  assert.equal(seen.length, 25, `${seen.length} answers`);
  for (let i = 0; i < seen.length; i++) {
    for (let j = i + 1; j < seen.length; j++) {
      const sameTag = seen[i].tag === seen[j].tag;
      const sameBody = seen[i].body === seen[j].body;
      assert.equal(sameTag, sameBody, `${seen[i].label} and ${seen[j].label}: same tag ${sameTag}, same bytes ${sameBody}`);
    }
  }
});

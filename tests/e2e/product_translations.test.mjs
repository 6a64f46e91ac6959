// A product's English texts (issue 17), through the real binary: `translations.en.name` and
// `.description` stored by the catalogue, read on a product and on the list (the read cache shows
// each change at once), seeded for the seed products, searchable, changed one at a time or
// removed, recorded in the product's history; and hostile values refused naming the field, with
// nothing created, changed or recorded. Also on PostgreSQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, rawRequest } from './server.mjs';
import { api, expectProblem, SOFA } from './commerce_support.mjs';
import { makeAdmin } from '../security/support.mjs';

let srv;
let staff;
before(async () => {
  srv = await startServer({ env: { ACCESS_LOG: 'false' } });
  staff = await makeAdmin(srv);
});
after(async () => { await srv?.stop(); });

let made = 0;
const productId = () => `TR${Date.now().toString(36).toUpperCase().slice(-6)}${String(++made).padStart(2, '0')}`.slice(0, 10);
const asStaff = (server, method, path, body) => api(server, method, path, { key: false, token: staff.token, body });
const get = async (server, id) => {
  const r = await api(server, 'GET', `/apis/products/${id}`, { key: false });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
};
const history = async (server, id) => (await asStaff(server, 'GET', `/apis/products/${id}/history?per_page=100`)).body;

test('the seed products have English names and descriptions, on one product and on the list; English words find them', async () => {
  const sofa = await get(srv, SOFA);
  assert.equal(sofa.name, 'Canapé Moderne en Cuir', 'the French name stays the reference');
  assert.deepEqual(sofa.translations, { en: { name: 'Modern Leather Sofa', description: 'Elegant genuine leather sofa with refined stitching' } });
  const list = await api(srv, 'GET', '/apis/products/?per_page=100', { key: false });
  assert.equal(list.status, 200);
  for (const p of list.body.items) {
    assert.ok(p.translations.en?.name && p.translations.en?.description, `${p.id} has English texts`);
    assert.notEqual(p.translations.en.name, p.name);
  }
  const found = await api(srv, 'GET', '/apis/products/?q=leather%20sofa', { key: false });
  assert.ok(found.body.items.some((p) => p.id === SOFA), JSON.stringify(found.body.items.map((p) => p.id)));
});

test('staff create a product with English texts, change one, remove it; each change shows at once and is in the history', async () => {
  const id = productId();
  const created = await asStaff(srv, 'POST', '/apis/products/', {
    id, name: 'Lampe Tressée', description: 'Lampe en rotin', price: { amount: 4990, currency: 'EUR' },
    translations: { en: { name: '  Woven Lamp ', description: 'A rattan lamp\nfor the bedroom' } },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.deepEqual(created.body.translations, { en: { name: 'Woven Lamp', description: 'A rattan lamp\nfor the bedroom' } });
  assert.deepEqual((await get(srv, id)).translations, created.body.translations);
  // A product without English texts answers {}.
  const plain = productId();
  const p = await asStaff(srv, 'POST', '/apis/products/', { id: plain, name: 'Tabouret', price: { amount: 1990, currency: 'EUR' } });
  assert.deepEqual(p.body.translations, {});

  // Read now, so that the read cache holds it; then a change shows at once.
  await get(srv, id);
  const renamed = await asStaff(srv, 'PATCH', `/apis/products/${id}`, { translations: { en: { name: 'Zephyr Lamp' } } });
  assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
  assert.deepEqual((await get(srv, id)).translations, { en: { name: 'Zephyr Lamp', description: 'A rattan lamp\nfor the bedroom' } },
    'the description stays');
  const listed = await api(srv, 'GET', `/apis/products/?q=zephyr`, { key: false });
  assert.deepEqual(listed.body.items.map((x) => x.id), [id], 'searchable by its new English name');

  // Other fields leave the English texts alone; an empty text or null removes one.
  assert.equal((await asStaff(srv, 'PATCH', `/apis/products/${id}`, { stock: 3 })).status, 200);
  assert.equal((await get(srv, id)).translations.en.name, 'Zephyr Lamp');
  assert.equal((await asStaff(srv, 'PATCH', `/apis/products/${id}`, { translations: { en: { description: '   ' } } })).status, 200);
  assert.deepEqual((await get(srv, id)).translations, { en: { name: 'Zephyr Lamp' } });
  assert.equal((await asStaff(srv, 'PATCH', `/apis/products/${id}`, { translations: { en: { name: null } } })).status, 200);
  assert.deepEqual((await get(srv, id)).translations, {});
  assert.equal((await get(srv, id)).name, 'Lampe Tressée');

  const h = await history(srv, id);
  const [removedName, removedDescription, restocked, renamedEntry, createdEntry] = h.items;
  assert.deepEqual(h.items.map((e) => e.event), ['updated', 'updated', 'updated', 'updated', 'created']);
  assert.deepEqual(createdEntry.details.translations, { en: { name: 'Woven Lamp', description: 'A rattan lamp\nfor the bedroom' } });
  assert.deepEqual(renamedEntry.details, { changed: ['translations.en.name'], 'translations.en.name': { from: 'Woven Lamp', to: 'Zephyr Lamp' } });
  assert.deepEqual(renamedEntry.staff, { id: staff.id, email: staff.email });
  assert.deepEqual(restocked.details.changed, ['stock']);
  assert.deepEqual(removedDescription.details, { changed: ['translations.en.description'] });
  assert.deepEqual(removedName.details, { changed: ['translations.en.name'], 'translations.en.name': { from: 'Zephyr Lamp', to: null } });

  // Deleting the product takes its English texts with it: the id may be used again, without them.
  assert.equal((await asStaff(srv, 'PATCH', `/apis/products/${id}`, { translations: { en: { name: 'Lamp' } } })).status, 200);
  assert.equal((await asStaff(srv, 'DELETE', `/apis/products/${id}`)).status, 204);
  const again = await asStaff(srv, 'POST', '/apis/products/', { id, name: 'Lampe', price: { amount: 990, currency: 'EUR' } });
  assert.equal(again.status, 201, JSON.stringify(again.body));
  assert.deepEqual(again.body.translations, {});
});

// [the translations member, the field the 400 must name]
const HOSTILE = [
  [{ de: { name: 'Lampe' } }, 'translations'],
  [{ EN: { name: 'Lamp' } }, 'translations'],
  [{ fr: { name: 'Lampe' } }, 'translations'],
  [{ 'en\r\nX-Evil: 1': { name: 'Lamp' } }, 'translations'],
  [{ 'en\u0000': { name: 'Lamp' } }, 'translations'],
  [{ 'en-GB': { name: 'Lamp' } }, 'translations'],
  ['en', 'translations'],
  [['en'], 'translations'],
  [null, 'translations'],
  [42, 'translations'],
  [{ en: 'Lamp' }, 'translations.en'],
  [{ en: null }, 'translations.en'],
  [{ en: { name: 'Lamp', price: 1 } }, 'translations.en'],
  [{ en: { name: 'Lamp\r\nBcc: x@evil.test' } }, 'translations.en.name'],
  [{ en: { name: 'Lamp\nsecond line' } }, 'translations.en.name'],
  [{ en: { name: 'Lamp\u0000' } }, 'translations.en.name'],
  [{ en: { name: 'La\u0007mp' } }, 'translations.en.name'],
  [{ en: { name: 'L\u007famp' } }, 'translations.en.name'],
  [{ en: { name: 'x'.repeat(201) } }, 'translations.en.name'],
  [{ en: { name: 'é'.repeat(101) } }, 'translations.en.name'],
  [{ en: { name: 'x'.repeat(10 * 1024) } }, 'translations.en.name'],
  [{ en: { name: 42 } }, 'translations.en.name'],
  [{ en: { name: ['Lamp'] } }, 'translations.en.name'],
  [{ en: { description: 'x'.repeat(5001) } }, 'translations.en.description'],
  [{ en: { description: 'A lamp\u0000' } }, 'translations.en.description'],
  [{ en: { description: 'A \u001b[31mlamp' } }, 'translations.en.description'],
  [{ en: { description: false } }, 'translations.en.description'],
];

test('hostile English texts: 400 naming the field, nothing created, changed or recorded', async () => {
  const id = productId();
  const made = await asStaff(srv, 'POST', '/apis/products/', {
    id, name: 'Chaise', price: { amount: 2990, currency: 'EUR' }, translations: { en: { name: 'Chair' } },
  });
  assert.equal(made.status, 201);
  const before = await get(srv, id);
  const entries = (await history(srv, id)).total;
  for (const [translations, field] of HOSTILE) {
    const label = JSON.stringify(translations).slice(0, 60);
    const patched = await asStaff(srv, 'PATCH', `/apis/products/${id}`, { translations, stock: 99 });
    const problem = expectProblem(patched, 400, field);
    assert.deepEqual([...new Set(problem.errors.map((e) => e.field))], [field], label);
    assert.ok(!JSON.stringify(problem).includes('evil'), `${label}: the value is not echoed`);
    const newId = productId();
    const createdBad = await asStaff(srv, 'POST', '/apis/products/', { id: newId, name: 'Chaise', price: { amount: 1, currency: 'EUR' }, translations });
    expectProblem(createdBad, 400, field);
    assert.equal((await api(srv, 'GET', `/apis/products/${newId}`, { key: false })).status, 404, `${label}: not created`);
  }
  assert.deepEqual(await get(srv, id), before, 'unchanged (the stock too: nothing of a refused body is applied)');
  assert.equal((await history(srv, id)).total, entries, 'nothing recorded');
  // The French texts are checked the same way.
  expectProblem(await asStaff(srv, 'PATCH', `/apis/products/${id}`, { name: 'Chaise\r\nBcc: x' }), 400, 'name');
  expectProblem(await asStaff(srv, 'PATCH', `/apis/products/${id}`, { description: 'Chaise\u0000' }), 400, 'description');
  assert.equal((await asStaff(srv, 'PATCH', `/apis/products/${id}`, { description: 'Ligne 1\r\nLigne 2\tfin' })).status, 200,
    'line breaks and tabs stay allowed in a description');

  // Not UTF-8: the body is refused before any field is read.
  const body = Buffer.concat([Buffer.from('{"translations":{"en":{"name":"La'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('mp"}}}')]);
  const raw = await rawRequest(srv.url, {
    method: 'PATCH', path: `/apis/products/${id}`, body,
    headers: { 'Content-Type': 'application/json', 'Content-Length': body.length, Authorization: `Bearer ${staff.token}` },
  });
  assert.equal(raw.status, 400, raw.body);
  assert.equal((await get(srv, id)).translations.en.name, 'Chair');

  // Without staff rights (a customer's token alone, nothing at all): refused before anything.
  const anonymous = await api(srv, 'PATCH', `/apis/products/${id}`, { key: false, body: { translations: { en: { name: 'Hacked' } } } });
  assert.equal(anonymous.status, 401);
  assert.equal((await get(srv, id)).translations.en.name, 'Chair');
});

test('English texts on PostgreSQL: stored, changed, listed', async () => {
  const url = process.env.TEST_DATABASE_URL;
  assert.ok(url, 'TEST_DATABASE_URL is not set: run through scripts/with-postgres.sh (make test)');
  const pg = await startServer({ env: { DATABASE_URL: url, ACCESS_LOG: 'false' } });
  try {
    const pgStaff = await makeAdmin(pg);
    const id = productId();
    const as = (method, path, body) => api(pg, method, path, { key: false, token: pgStaff.token, body });
    const created = await as('POST', '/apis/products/', {
      id, name: 'Vase en Grès', price: { amount: 3990, currency: 'EUR' }, translations: { en: { name: 'Stoneware Vase', description: 'Hand-made' } },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal((await as('PATCH', `/apis/products/${id}`, { translations: { en: { description: null } } })).status, 200);
    assert.deepEqual((await get(pg, id)).translations, { en: { name: 'Stoneware Vase' } });
    const found = await api(pg, 'GET', '/apis/products/?q=stoneware', { key: false });
    assert.deepEqual(found.body.items.map((p) => [p.id, p.translations]), [[id, { en: { name: 'Stoneware Vase' } }]]);
    assert.deepEqual((await get(pg, SOFA)).translations.en.name, 'Modern Leather Sofa');
  } finally {
    await pg.stop();
  }
});

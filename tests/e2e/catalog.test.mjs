// The catalogue through the real binary: what an API client sees.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, json, API_KEY } from './server.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server.stop(); });

const get = (path, init) => fetch(server.url + path, init);

test('lists products with paging', async () => {
  const res = await get('/apis/products/?per_page=5');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^application\/json/);
  const body = await json(res);
  assert.equal(body.items.length, 5);
  assert.equal(body.page, 1);
  assert.equal(body.per_page, 5);
  assert.ok(body.total >= 24, `only ${body.total} products seeded`);
  const page2 = await json(await get('/apis/products/?per_page=5&page=2'));
  assert.notEqual(page2.items[0].id, body.items[0].id);
});

test('shows one product with the brief\'s fields', async () => {
  const p = await json(await get('/apis/products/OPUK6V6EV0'));
  assert.equal(p.id, 'OPUK6V6EV0');
  assert.equal(p.name, 'Canapé Moderne en Cuir');
  assert.deepEqual(p.price, { amount: 89900, currency: 'EUR' });
  assert.deepEqual(p.categories, [{ slug: 'canapes', name: 'Canapés' }, { slug: 'salon', name: 'Salon' }]);
  assert.ok(p.stock > 0);
  const image = await get(p.images[0]);
  assert.equal(image.status, 200);
  assert.equal(image.headers.get('content-type'), 'image/svg+xml');
  assert.match(await image.text(), /<svg/);
});

test('lists categories', async () => {
  const body = await json(await get('/apis/products/categories'));
  assert.ok(body.items.some((c) => c.slug === 'canapes' && c.name === 'Canapés'));
});

test('search ignores case and accents', async () => {
  const body = await json(await get('/apis/products/?q=canape&per_page=100'));
  const names = body.items.map((p) => p.name);
  assert.ok(names.includes("Canapé d'Angle Confortable"), names.join(', '));
  const upper = await json(await get('/apis/products/?q=' + encodeURIComponent('CHÊNE') + '&per_page=100'));
  assert.ok(upper.items.some((p) => p.name === 'Table à Manger en Chêne Massif'));
});

test('filters by category and sorts by price', async () => {
  const body = await json(await get('/apis/products/?category=canapes&sort=price_desc&per_page=100'));
  assert.ok(body.items.length >= 2);
  for (const p of body.items) assert.ok(p.categories.some((c) => c.slug === 'canapes'));
  for (let i = 1; i < body.items.length; i++) assert.ok(body.items[i - 1].price.amount >= body.items[i].price.amount);
});

test('ETag and If-None-Match answer 304 without a body', async () => {
  const first = await get('/apis/products/1YMWVN1N4O');
  const etag = first.headers.get('etag');
  assert.match(etag, /^"[0-9a-f]+"$/);
  const again = await get('/apis/products/1YMWVN1N4O', { headers: { 'If-None-Match': etag } });
  assert.equal(again.status, 304);
  assert.equal(await again.text(), '');
});

test('HEAD answers the headers of GET', async () => {
  const res = await get('/apis/products/OPUK6V6EV0', { method: 'HEAD' });
  assert.equal(res.status, 200);
  assert.ok(Number(res.headers.get('content-length')) > 100);
});

test('management needs the API key', async () => {
  const body = JSON.stringify({ name: 'Lampe', price: { amount: 1000, currency: 'EUR' } });
  const headers = { 'Content-Type': 'application/json' };
  const none = await get('/apis/products/', { method: 'POST', headers, body });
  assert.equal(none.status, 401);
  assert.match(none.headers.get('content-type'), /^application\/problem\+json/);
  const wrong = await get('/apis/products/', { method: 'POST', headers: { ...headers, 'X-Api-Key': 'nope' }, body });
  assert.equal(wrong.status, 401);
  const patch = await get('/apis/products/OPUK6V6EV0', { method: 'PATCH', headers, body: '{"stock": 1}' });
  assert.equal(patch.status, 401);
  const del = await get('/apis/products/OPUK6V6EV0', { method: 'DELETE' });
  assert.equal(del.status, 401);
  assert.equal((await json(await get('/apis/products/OPUK6V6EV0'))).name, 'Canapé Moderne en Cuir');
});

test('create, change stock, delete', async () => {
  const headers = { 'Content-Type': 'application/json', 'X-Api-Key': API_KEY };
  const created = await get('/apis/products/', {
    method: 'POST', headers,
    body: JSON.stringify({ name: 'Lampe Arc Laiton', description: 'Lampe à arc', price: { amount: 24900, currency: 'EUR' }, stock: 4, categories: ['luminaires'] }),
  });
  assert.equal(created.status, 201);
  const product = await json(created);
  assert.match(product.id, /^[A-Z0-9]{10}$/);
  assert.equal(created.headers.get('location'), `/apis/products/${product.id}`);

  const changed = await get(`/apis/products/${product.id}`, { method: 'PATCH', headers, body: '{"stock": 0}' });
  assert.equal(changed.status, 200);
  assert.equal((await json(changed)).stock, 0);

  const negative = await get(`/apis/products/${product.id}`, { method: 'PATCH', headers, body: '{"stock": -1}' });
  assert.equal(negative.status, 400);
  assert.equal((await json(negative)).errors[0].field, 'stock');
  assert.equal((await json(await get(`/apis/products/${product.id}`))).stock, 0);

  const dup = await get('/apis/products/', { method: 'POST', headers, body: JSON.stringify({ id: product.id, name: 'x', price: { amount: 1 } }) });
  assert.equal(dup.status, 409);

  const unknownCategory = await get('/apis/products/', { method: 'POST', headers, body: JSON.stringify({ name: 'x', price: { amount: 1 }, categories: ['nope'] }) });
  assert.equal(unknownCategory.status, 422);

  assert.equal((await get(`/apis/products/${product.id}`, { method: 'DELETE', headers })).status, 204);
  assert.equal((await get(`/apis/products/${product.id}`)).status, 404);
});

test('invalid product bodies name every bad field', async () => {
  const headers = { 'Content-Type': 'application/json', 'X-Api-Key': API_KEY };
  const res = await get('/apis/products/', {
    method: 'POST', headers, body: JSON.stringify({ name: '', price: { amount: 12.5 }, colour: 'red' }),
  });
  assert.equal(res.status, 400);
  const fields = (await json(res)).errors.map((e) => e.field).sort();
  assert.deepEqual(fields, ['colour', 'name', 'price.amount']);
});

// Control characters: a name (of a product or a category) is one line; a description keeps its
// line breaks and tabs; NUL and the other control characters are stored nowhere.
test('control characters in names and descriptions are refused, field by field, and nothing is written', async () => {
  const headers = { 'Content-Type': 'application/json', 'X-Api-Key': API_KEY };
  const send = (method, path, body) => get(path, { method, headers, body: JSON.stringify(body) });
  const id = `CT${Date.now().toString(36).toUpperCase().slice(-8)}`.padEnd(10, '0').slice(0, 10);
  const price = { amount: 1000, currency: 'EUR' };
  for (const [body, field] of [
    [{ id, name: 'Lampe\u0000Nuit', price }, 'name'],
    [{ id, name: 'Lampe\nNuit', price }, 'name'],
    [{ id, name: 'Lampe\rSet-Cookie: x', price }, 'name'],
    [{ id, name: 'Lampe\u001b[31m', price }, 'name'],
    [{ id, name: 'Lampe\u007f', price }, 'name'],
    [{ id, name: 'Lampe', description: 'Bois\u0000massif', price }, 'description'],
    [{ id, name: 'Lampe', description: 'Bois\u0007massif', price }, 'description'],
  ]) {
    const res = await send('POST', '/apis/products/', body);
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.deepEqual((await json(res)).errors.map((e) => e.field), [field], JSON.stringify(body));
  }
  assert.equal((await get(`/apis/products/${id}`)).status, 404, 'nothing was created');

  const made = await send('POST', '/apis/products/', { id, name: 'Lampe', description: 'Bois massif.\n\tHuilé à la main.\r\nFin.', price });
  assert.equal(made.status, 201, 'line breaks and tabs in a description are kept');
  assert.equal((await json(made)).description, 'Bois massif.\n\tHuilé à la main.\r\nFin.');
  const renamed = await send('PATCH', `/apis/products/${id}`, { name: 'Lampe\u0000' });
  assert.equal(renamed.status, 400);
  assert.equal((await json(await get(`/apis/products/${id}`))).name, 'Lampe', 'the name is unchanged');

  const slug = `ctrl-${Date.now().toString(36)}`;
  for (const name of ['Tapis\nRouges', 'Tapis\u0000', 'Tapis\tRouges']) {
    const res = await send('POST', '/apis/products/categories', { slug, name });
    assert.equal(res.status, 400, JSON.stringify(name));
    assert.deepEqual((await json(res)).errors.map((e) => e.field), ['name']);
  }
  assert.equal((await send('POST', '/apis/products/categories', { slug, name: 'Tapis' })).status, 201);
  assert.equal((await send('PATCH', `/apis/products/categories/${slug}`, { name: 'Tapis\r\nX' })).status, 400);
  const categories = await json(await get('/apis/products/categories'));
  assert.deepEqual(categories.items.find((c) => c.slug === slug), { slug, name: 'Tapis' });
  assert.equal((await get(`/apis/products/categories/${slug}`, { method: 'DELETE', headers })).status, 204);
  assert.equal((await get(`/apis/products/${id}`, { method: 'DELETE', headers })).status, 204);
});

test('a change shows at once in answers that were served from memory', async () => {
  const headers = { 'Content-Type': 'application/json', 'X-Api-Key': API_KEY };
  const before = await json(await get('/apis/products/APTT0ZN3X0'));
  await json(await get('/apis/products/APTT0ZN3X0'));  // now answered from the cache
  const listBefore = await json(await get('/apis/products/?category=fauteuils&per_page=100'));
  const res = await get('/apis/products/APTT0ZN3X0', { method: 'PATCH', headers, body: JSON.stringify({ stock: before.stock + 7 }) });
  assert.equal(res.status, 200);
  assert.equal((await json(await get('/apis/products/APTT0ZN3X0'))).stock, before.stock + 7);
  const listAfter = await json(await get('/apis/products/?category=fauteuils&per_page=100'));
  const stockIn = (list) => list.items.find((p) => p.id === 'APTT0ZN3X0').stock;
  assert.equal(stockIn(listAfter), stockIn(listBefore) + 7);
});

test('an admin token may manage the catalogue, a customer token may not', async () => {
  const keyed = { 'Content-Type': 'application/json', 'X-Api-Key': API_KEY };
  const admin = { customer_id: 'ADMINTEST0000001', email: 'catalog.admin@example.fr', password: 'admin-password-1', roles: ['admin'] };
  assert.equal((await get('/apis/auth/credentials', { method: 'POST', headers: keyed, body: JSON.stringify(admin) })).status, 201);
  const logIn = async (email, password) => (await json(await get('/apis/auth/token', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }),
  }))).access_token;
  const adminToken = await logIn(admin.email, admin.password);
  const customerToken = await logIn('jean.rault@example.fr', 'EDesign-Demo-2026');
  const patch = (token) => get('/apis/products/1DYBV7ZXG0', {
    method: 'PATCH', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: '{"stock": 12}',
  });
  const refused = await patch(customerToken);
  assert.equal(refused.status, 403);
  assert.equal((await json(refused)).title, 'Forbidden');
  const allowed = await patch(adminToken);
  assert.equal(allowed.status, 200);
  assert.equal((await json(allowed)).stock, 12);
  assert.equal((await patch('not-a-token')).status, 401);
});

// CATALOG_CACHE_TTL_MS=0 is documented as "cache off": the shop must start with it (it once
// stopped with exit 2, as the other durations refuse 0) and serve every read fresh.
test('CATALOG_CACHE_TTL_MS=0 starts the shop, which serves every read fresh', async () => {
  const headers = { 'Content-Type': 'application/json', 'X-Api-Key': API_KEY };
  const off = await startServer({ env: { CATALOG_CACHE_TTL_MS: '0' } });
  // A second replica on the same database: its writes do not clear the first one's memory, so only
  // a cache that is really off shows them on the very next read of the first replica.
  let other;
  try {
    other = await startServer({ dataDir: off.dataDir, env: { CATALOG_CACHE_TTL_MS: '0' } });
    const read = async (server, path) => json(await fetch(server.url + path));
    const product = '/apis/products/APTT0ZN3X0';
    const list = '/apis/products/?category=fauteuils&per_page=100';
    const stockIn = (page) => page.items.find((p) => p.id === 'APTT0ZN3X0').stock;
    const before = await read(off, product);
    assert.equal((await read(off, product)).stock, before.stock);  // a second read, kept if the cache were on
    const listBefore = stockIn(await read(off, list));
    assert.equal(listBefore, before.stock);

    const own = await fetch(off.url + product, { method: 'PATCH', headers, body: JSON.stringify({ stock: before.stock + 3 }) });
    assert.equal(own.status, 200);
    assert.equal((await read(off, product)).stock, before.stock + 3);
    assert.equal(stockIn(await read(off, list)), before.stock + 3);

    const elsewhere = await fetch(other.url + product, { method: 'PATCH', headers, body: JSON.stringify({ stock: before.stock + 5 }) });
    assert.equal(elsewhere.status, 200);
    assert.equal((await read(off, product)).stock, before.stock + 5);
    assert.equal(stockIn(await read(off, list)), before.stock + 5);

    assert.equal(off.proc.exitCode, null, `the shop exited: ${off.stderr()}`);
    assert.equal((await fetch(off.url + '/healthz')).status, 200);
  } finally {
    if (other) await other.stop();
    const { code, signal } = await off.stop();
    assert.equal(signal, null);
    assert.equal(code, 0);
  }
});

// The catalogue's staff routes through the real binary (issue 15): product photos (PUT/GET
// /apis/products/{id}/image) and categories, as staff, as a customer, as nobody; on SQLite, then on
// PostgreSQL with two replicas of the catalogue sharing the database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startServer, rawRequest, API_KEY } from './server.mjs';
import { api, expectProblem, newCustomer } from './commerce_support.mjs';
import { png, jpeg, webp, signingKey } from './photo_support.mjs';

const MiB = 1024 * 1024;
const key = signingKey();
let srv, customer, staff, admin;

before(async () => {
  srv = await startServer({ env: { AUTH_SIGNING_KEY: key.pem, ACCESS_LOG: 'false' } });
  customer = await newCustomer(srv);
  staff = key.withRoles(customer.token, ['staff'], 'STAFFPHOTOS00001');
  admin = key.withRoles(customer.token, ['admin'], 'ADMINPHOTOS00001');
});
after(async () => { await srv?.stop(); });

let made = 0;
async function newProduct(server = srv) {
  const id = `PH${Date.now().toString(36).toUpperCase().slice(-6)}${String(++made).padStart(2, '0')}`.slice(0, 10);
  const r = await api(server, 'POST', '/apis/products/', { body: { id, name: `Photo ${id}`, price: { amount: 1000, currency: 'EUR' }, images: ['/apis/products/images/OPUK6V6EV0.svg'] } });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return id;
}

// PUT the bytes as `type` (staff token unless `auth` says otherwise).
function upload(id, bytes, type, { auth = { token: staff }, server = srv, path } = {}) {
  const headers = { ...(type ? { 'Content-Type': type } : {}) };
  if (auth.token) headers.Authorization = `Bearer ${auth.token}`;
  if (auth.key) headers['X-Api-Key'] = API_KEY;
  return fetch(server.url + (path ?? `/apis/products/${id}/image`), { method: 'PUT', headers, body: bytes });
}
const bytesOf = async (res) => Buffer.from(await res.arrayBuffer());
const sha = (b) => createHash('sha256').update(b).digest('hex');
const productOf = async (id, server = srv) => (await api(server, 'GET', `/apis/products/${id}`, { key: false })).body;

test('staff upload a photo: the product points to it, served byte for byte with its type, ETag and a year-long cache', async () => {
  const id = await newProduct();
  const photo = png({ width: 3, height: 2 });
  assert.ok(photo.includes(0), 'the PNG holds NUL bytes (stored as text, they must survive)');
  const put = await upload(id, photo, 'image/png');
  assert.equal(put.status, 200, await put.clone().text());
  const body = await put.json();
  const url = `/apis/products/${id}/image?v=${sha(photo).slice(0, 16)}`;
  assert.deepEqual(body.images, [url, '/apis/products/images/OPUK6V6EV0.svg'], 'the photo first, the other pictures after');
  assert.deepEqual((await productOf(id)).images, body.images);
  // The web shop's listing shows the product with the same URL.
  const listed = await api(srv, 'GET', `/apis/products/?q=${id}`, { key: false });
  assert.equal(listed.body.items[0].images[0], url);

  const got = await fetch(srv.url + url);
  assert.equal(got.status, 200);
  assert.equal(got.headers.get('content-type'), 'image/png');
  assert.equal(got.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.equal(got.headers.get('x-content-type-options'), 'nosniff');
  const etag = got.headers.get('etag');
  assert.match(etag, /^"[0-9a-f]{16}"$/);
  assert.deepEqual(await bytesOf(got), photo);

  const again = await fetch(srv.url + url, { headers: { 'If-None-Match': etag } });
  assert.equal(again.status, 304);
  assert.equal(again.headers.get('etag'), etag);
  assert.equal(again.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  assert.equal((await bytesOf(again)).length, 0);
  const head = await fetch(srv.url + url, { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(Number(head.headers.get('content-length')), photo.length);
  // Without the version: the same photo, to be revalidated (the URL does not change with it).
  const unversioned = await fetch(srv.url + `/apis/products/${id}/image`);
  assert.equal(unversioned.status, 200);
  assert.equal(unversioned.headers.get('cache-control'), 'public, no-cache');
  assert.deepEqual(await bytesOf(unversioned), photo);
});

test('replacing the photo (JPEG, then WebP) changes its URL; the old version answers 404', async () => {
  const id = await newProduct();
  const first = (await (await upload(id, png(), 'image/png')).json()).images[0];
  const second = await upload(id, jpeg(), 'image/jpeg', { auth: { key: true } });
  assert.equal(second.status, 200);
  const images = (await second.json()).images;
  assert.notEqual(images[0], first);
  assert.ok(!images.includes(first), 'the old photo URL left the list');
  assert.equal(images.length, 2);
  const served = await fetch(srv.url + images[0]);
  assert.equal(served.headers.get('content-type'), 'image/jpeg');
  assert.deepEqual(await bytesOf(served), jpeg());
  expectProblem(await api(srv, 'GET', first, { key: false }), 404);
  const third = await upload(id, webp(), 'IMAGE/WEBP; charset=binary', { auth: { token: admin } });
  assert.equal(third.status, 200);
  const url = (await third.json()).images[0];
  const w = await fetch(srv.url + url);
  assert.equal(w.headers.get('content-type'), 'image/webp');
  assert.deepEqual(await bytesOf(w), webp());
});

test('5 MiB is the limit: exactly 5 MiB is stored, one byte more is 413 and changes nothing', async () => {
  const id = await newProduct();
  const exact = png({ width: 1000, height: 1500, size: 5 * MiB });
  assert.equal(exact.length, 5 * MiB);
  const ok = await upload(id, exact, 'image/png');
  assert.equal(ok.status, 200, await ok.clone().text());
  const url = (await ok.json()).images[0];
  // The server answers 413 on seeing the Content-Length and closes: only the start is sent (a
  // client still writing megabytes into a closed connection may never read the answer).
  const over = png({ width: 1000, height: 1500, size: 5 * MiB + 1 });
  const tooLarge = (path, headers, body) => rawRequest(srv.url, { method: headers.method, path, headers: { ...headers.h, 'Content-Length': String(body.length) }, body: body.subarray(0, 4096) });
  const refused = await tooLarge(`/apis/products/${id}/image`, { method: 'PUT', h: { 'Content-Type': 'image/png', Authorization: `Bearer ${staff}`, 'Accept-Language': 'en' } }, over);
  assert.equal(refused.status, 413);
  assert.match(JSON.parse(refused.body).detail, /larger than 5242880 bytes/);
  assert.match(refused.headers['content-language'], /^en$/, 'refused before the body, in the language its headers asked');
  assert.equal((await productOf(id)).images[0], url);
  assert.deepEqual(await bytesOf(await fetch(srv.url + url)), exact);
  // The other routes keep the server's 1 MiB.
  const patch = await tooLarge(`/apis/products/${id}`, { method: 'PATCH', h: { 'X-Api-Key': API_KEY, 'Content-Type': 'application/json' } },
    Buffer.from(JSON.stringify({ description: 'x'.repeat(MiB) })));
  assert.equal(patch.status, 413);
  assert.equal(JSON.parse(patch.body).detail, 'le corps dépasse 1048576 octets');
});

test('only a PNG, JPEG or WebP that really is one: 415 for another type, 422 for bytes that lie; nothing stored', async () => {
  const id = await newProduct();
  const before = await productOf(id);
  for (const type of [undefined, 'text/plain', 'image/gif', 'image/svg+xml', 'image/jpg', 'application/octet-stream', 'text/html']) {
    expectProblem(await api(srv, 'PUT', `/apis/products/${id}/image`, { raw: png(), key: false, token: staff, headers: { 'Content-Type': type ?? '' } }), 415);
  }
  const html = Buffer.from('<html><script>alert(document.cookie)</script></html>');
  const cases = [
    [png(), 'image/jpeg', /is a PNG, not the JPEG/],
    [jpeg(), 'image/png', /is a JPEG, not the PNG/],
    [webp(), 'image/jpeg', /is a WebP/],
    [png().subarray(0, 40), 'image/png', /truncated|longer than/],
    [jpeg().subarray(0, jpeg().length - 2), 'image/jpeg', /truncated/],
    [Buffer.concat([png(), html]), 'image/png', /after the end of the PNG/],
    [Buffer.concat([jpeg(), Buffer.from('PK\x03\x04')]), 'image/jpeg', /after the end of the JPEG/],
    [png({ width: 20000, height: 1 }), 'image/png', /each side/],
    [jpeg({ width: 0, height: 1 }), 'image/jpeg', /no pixels/],
    [html, 'image/png', /PNG signature/],
    [Buffer.alloc(0), 'image/webp', /RIFF WEBP/],
  ];
  for (const [bytes, type, why] of cases) {
    const r = await api(srv, 'PUT', `/apis/products/${id}/image`, { raw: bytes, key: false, token: staff, headers: { 'Content-Type': type, 'Accept-Language': 'en' } });
    const problem = expectProblem(r, 422);
    assert.match(problem.detail, why);
  }
  assert.deepEqual(await productOf(id), before, 'the product is unchanged');
  expectProblem(await api(srv, 'GET', `/apis/products/${id}/image`, { key: false }), 404);
});

test('who may change the catalogue: the API key, staff and admin tokens; a customer 403, nobody 401', async () => {
  const id = await newProduct();
  const anonymous = await upload(id, png(), 'image/png', { auth: {} });
  assert.equal(anonymous.status, 401);
  const asCustomer = await upload(id, png(), 'image/png', { auth: { token: customer.token } });
  assert.equal(asCustomer.status, 403);
  const wrongKey = await fetch(srv.url + `/apis/products/${id}/image`, { method: 'PUT', headers: { 'X-Api-Key': 'nope', 'Content-Type': 'image/png' }, body: png() });
  assert.equal(wrongKey.status, 401);
  const forged = staff.slice(0, -4) + (staff.endsWith('AAAA') ? 'BBBB' : 'AAAA');
  assert.equal((await upload(id, png(), 'image/png', { auth: { token: forged } })).status, 401);
  expectProblem(await api(srv, 'GET', `/apis/products/${id}/image`, { key: false }), 404);
  for (const auth of [{ token: staff }, { token: admin }, { key: true }]) assert.equal((await upload(id, png(), 'image/png', { auth })).status, 200);

  // Products, prices, stock: staff as the key; a customer never.
  const body = { name: 'Lampe du personnel', price: { amount: 4900, currency: 'EUR' }, stock: 2 };
  const created = await api(srv, 'POST', '/apis/products/', { key: false, token: staff, body });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const pid = created.body.id;
  const changed = await api(srv, 'PATCH', `/apis/products/${pid}`, { key: false, token: staff, body: { price: { amount: 3900, currency: 'EUR' }, stock: 9 } });
  assert.equal(changed.status, 200);
  assert.equal(changed.body.price.amount, 3900);
  assert.equal(changed.body.stock, 9);
  for (const [method, path, b] of [['POST', '/apis/products/', body], ['PATCH', `/apis/products/${pid}`, { stock: 0 }], ['DELETE', `/apis/products/${pid}`]]) {
    expectProblem(await api(srv, method, path, { key: false, token: customer.token, body: b }), 403);
    expectProblem(await api(srv, method, path, { key: false, body: b }), 401);
  }
  assert.equal((await productOf(pid)).stock, 9);
  assert.equal((await api(srv, 'DELETE', `/apis/products/${pid}`, { key: false, token: staff })).status, 204);
});

test('hostile product ids in the path: 400 or 404, and nothing is stored', async () => {
  const id = await newProduct();
  const targets = [
    `/apis/products/${id}%2F..%2F${id}/image`,
    `/apis/products/..%2F${id}/image`,
    `/apis/products/${id}%00/image`,
    `/apis/products/%00/image`,
    `/apis/products/${id.toLowerCase()}/image`,
    `/apis/products/ZZZZZZZZZZ/image`,
    `/apis/products/${id}/../${id}/image`,
    `/apis/products/../products/${id}%2Fimage`,
    `/apis/products/${id}/image/..`,
    `/apis/products/%FF%FE/image`,
  ];
  for (const path of targets) {
    const r = await rawRequest(srv.url, { method: 'PUT', path, headers: { 'Content-Type': 'image/png', Authorization: `Bearer ${staff}` }, body: png() });
    assert.ok([400, 404, 405].includes(r.status), `${path}: ${r.status} ${r.body}`);
  }
  const p = await productOf(id);
  assert.deepEqual(p.images, ['/apis/products/images/OPUK6V6EV0.svg']);
  expectProblem(await api(srv, 'GET', `/apis/products/${id}/image`, { key: false }), 404);
  expectProblem(await api(srv, 'GET', '/apis/products/ZZZZZZZZZZ/image', { key: false }), 404);
});

test('deleting a product deletes its photo; the seeded SVG pictures are still served', async () => {
  const id = await newProduct();
  const url = (await (await upload(id, png(), 'image/png')).json()).images[0];
  assert.equal((await fetch(srv.url + url)).status, 200);
  assert.equal((await api(srv, 'DELETE', `/apis/products/${id}`, { key: false, token: staff })).status, 204);
  expectProblem(await api(srv, 'GET', url, { key: false }), 404);
  const svg = await fetch(srv.url + '/apis/products/images/OPUK6V6EV0.svg');
  assert.equal(svg.status, 200);
  assert.equal(svg.headers.get('content-type'), 'image/svg+xml');
  assert.equal(svg.headers.get('cache-control'), 'public, max-age=86400');
});

test('categories: staff create, rename and delete them; 409 for a taken slug or while products are in it', async () => {
  const slug = `tapis-${Date.now().toString(36)}`;
  const created = await api(srv, 'POST', '/apis/products/categories', { key: false, token: staff, body: { slug, name: 'Tapis' } });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.deepEqual(created.body, { slug, name: 'Tapis' });
  assert.equal(created.headers.get('location'), `/apis/products/categories/${slug}`);
  const list = (await api(srv, 'GET', '/apis/products/categories', { key: false })).body.items;
  assert.deepEqual(list[list.length - 1], { slug, name: 'Tapis' }, 'last in the shop\'s order');
  expectProblem(await api(srv, 'POST', '/apis/products/categories', { key: false, token: staff, body: { slug, name: 'Autre' } }), 409);
  const renamed = await api(srv, 'PATCH', `/apis/products/categories/${slug}`, { key: false, token: staff, body: { name: 'Tapis & moquettes' } });
  assert.equal(renamed.status, 200);
  assert.equal(renamed.body.name, 'Tapis & moquettes');

  const id = await newProduct();
  assert.equal((await api(srv, 'PATCH', `/apis/products/${id}`, { body: { categories: [slug] } })).status, 200);
  assert.equal((await productOf(id)).categories[0].name, 'Tapis & moquettes');
  expectProblem(await api(srv, 'DELETE', `/apis/products/categories/${slug}`, { key: false, token: staff }), 409);
  assert.equal((await api(srv, 'PATCH', `/apis/products/${id}`, { body: { categories: [] } })).status, 200);
  assert.equal((await api(srv, 'DELETE', `/apis/products/categories/${slug}`, { key: false, token: staff })).status, 204);
  expectProblem(await api(srv, 'DELETE', `/apis/products/categories/${slug}`, { key: false, token: staff }), 404);

  for (const bad of [{}, { slug: 'Tapis', name: 'x' }, { slug: '-x', name: 'x' }, { slug: 'a/b', name: 'x' }, { slug: 'ok', name: '' }, { slug: 'ok', name: 'x', colour: 1 }])
    expectProblem(await api(srv, 'POST', '/apis/products/categories', { body: bad }), 400);
  expectProblem(await api(srv, 'PATCH', '/apis/products/categories/canapes', { body: { slug: 'x', name: 'y' } }), 400);
  expectProblem(await api(srv, 'PATCH', '/apis/products/categories/nope', { body: { name: 'y' } }), 404);
  expectProblem(await api(srv, 'POST', '/apis/products/categories', { key: false, token: customer.token, body: { slug: 'x', name: 'x' } }), 403);
  expectProblem(await api(srv, 'PATCH', '/apis/products/categories/canapes', { key: false, token: customer.token, body: { name: 'x' } }), 403);
  expectProblem(await api(srv, 'DELETE', '/apis/products/categories/canapes', { key: false, body: { name: 'x' } }), 401);
  assert.ok((await api(srv, 'GET', '/apis/products/categories', { key: false })).body.items.some((c) => c.slug === 'canapes' && c.name === 'Canapés'));
});

test('on PostgreSQL with two replicas of the catalogue: a photo uploaded through one is served by the other', async () => {
  const url = process.env.TEST_DATABASE_URL;
  assert.ok(url, 'TEST_DATABASE_URL is not set: run through scripts/with-postgres.sh (make test)');
  const env = { CATALOG_DATABASE_URL: url, ACCESS_LOG: 'false', CATALOG_CACHE_TTL_MS: '0' };
  const a = await startServer({ args: ['--target', 'catalog'], env });
  const b = await startServer({ args: ['--target', 'catalog'], env });
  try {
    const id = await newProduct(a);
    const photo = png({ width: 40, height: 30 });
    const put = await upload(id, photo, 'image/png', { server: a, auth: { key: true } });
    assert.equal(put.status, 200, await put.clone().text());
    const photoUrl = (await put.json()).images[0];
    assert.equal((await productOf(id, b)).images[0], photoUrl);
    const got = await fetch(b.url + photoUrl);
    assert.equal(got.status, 200);
    assert.equal(got.headers.get('content-type'), 'image/png');
    assert.deepEqual(await bytesOf(got), photo, 'the same bytes, NULs included, through PostgreSQL');
    const etag = got.headers.get('etag');
    assert.equal((await fetch(a.url + photoUrl, { headers: { 'If-None-Match': etag } })).status, 304);
    // Replaced through B: A serves the new one and no longer the old version.
    const replaced = await upload(id, jpeg(), 'image/jpeg', { server: b, auth: { key: true } });
    const next = (await replaced.json()).images[0];
    assert.deepEqual(await bytesOf(await fetch(a.url + next)), jpeg());
    assert.equal((await fetch(a.url + photoUrl)).status, 404);
    assert.equal((await upload(id, png().subarray(0, 30), 'image/png', { server: a, auth: { key: true } })).status, 422);
    assert.equal((await api(a, 'DELETE', `/apis/products/${id}`)).status, 204);
    assert.equal((await fetch(b.url + next)).status, 404);
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
});

// Bad input: each gets its documented problem+json answer, and the server keeps serving.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer, json, rawRequest, API_KEY } from './server.mjs';

let server;
before(async () => { server = await startServer({ env: { MAX_BODY_BYTES: '65536' } }); });
after(async () => { await server.stop(); });
afterEach(async () => {
  const res = await fetch(server.url + '/apis/products/OPUK6V6EV0');
  assert.equal(res.status, 200, 'the server must still serve after bad input');
});

async function expectProblem(res, status, field) {
  assert.equal(res.status, status);
  assert.match(res.headers['content-type'] ?? res.headers.get('content-type'), /^application\/problem\+json/);
  const body = typeof res.body === 'string' ? JSON.parse(res.body) : await json(res);
  assert.equal(body.status, status);
  assert.ok(body.title && body.detail && body.type, JSON.stringify(body));
  assert.doesNotMatch(JSON.stringify(body), /exception|stack|\.cpp/i);
  if (field) assert.equal(body.errors?.[0]?.field, field, JSON.stringify(body));
  return body;
}

const post = (body, contentType = 'application/json', headers = {}) => fetch(server.url + '/apis/products/', {
  method: 'POST', headers: { 'Content-Type': contentType, 'X-Api-Key': API_KEY, ...headers }, body,
});

test('malformed JSON is a 400 that names the problem, in French or in English', async () => {
  const french = await expectProblem(await post('{"name": "x",'), 400, 'body');
  assert.match(french.detail, /^champ invalide « body » : JSON mal formé : /);
  const english = await expectProblem(await post('{"name": "x",', 'application/json', { 'Accept-Language': 'en' }), 400, 'body');
  assert.match(english.detail, /^invalid field 'body': malformed JSON: /);
});

test('a JSON array where an object is expected is a 400', async () => {
  await expectProblem(await post('[1, 2]'), 400, 'body');
});

test('unknown id is a 404', async () => {
  await expectProblem(await fetch(server.url + '/apis/products/ZZZZZZZZZZ'), 404);
  await expectProblem(await fetch(server.url + '/apis/products/not-an-id'), 404);
  await expectProblem(await fetch(server.url + '/apis/nothing-here'), 404);
});

test('wrong method is a 405 with Allow', async () => {
  const res = await fetch(server.url + '/apis/products/OPUK6V6EV0', { method: 'PUT' });
  await expectProblem(res, 405);
  assert.equal(res.headers.get('allow'), 'GET, PATCH, DELETE, HEAD');
});

test('a body over the limit is a 413', async () => {
  const res = await rawRequest(server.url, {
    method: 'POST', path: '/apis/products/',
    headers: { 'Content-Type': 'application/json', 'X-Api-Key': API_KEY, 'Content-Length': 200000 },
    body: '{"name": "' + 'x'.repeat(199986) + '"}',
  }).catch((e) => ({ error: e }));
  // The server answers as soon as it sees the Content-Length, then closes.
  if (res.error) assert.fail(`no 413 answer: ${res.error.message}`);
  await expectProblem(res, 413);
});

test('a non-JSON content type is a 415', async () => {
  await expectProblem(await post('{"name": "x"}', 'text/plain'), 415);
  await expectProblem(await post('name=x', 'application/x-www-form-urlencoded'), 415);
});

for (const [query, field] of [
  ['per_page=-1', 'per_page'], ['per_page=abc', 'per_page'], ['per_page=100000', 'per_page'],
  ['page=0', 'page'], ['page=-3', 'page'], ['sort=cheapest', 'sort'],
]) {
  test(`?${query} is a 400 naming ${field}`, async () => {
    await expectProblem(await fetch(`${server.url}/apis/products/?${query}`), 400, field);
  });
}

test('invalid UTF-8 in the query is a 400', async () => {
  const res = await rawRequest(server.url, { path: '/apis/products/?q=%C3%28' });
  await expectProblem(res, 400, 'q');
  const path = await rawRequest(server.url, { path: '/apis/products/%FF%FE' });
  await expectProblem(path, 400, 'path');
});

test('invalid UTF-8 in a body is a 400', async () => {
  const res = await rawRequest(server.url, {
    method: 'POST', path: '/apis/products/',
    headers: { 'Content-Type': 'application/json', 'X-Api-Key': API_KEY },
    body: Buffer.concat([Buffer.from('{"name": "'), Buffer.from([0xC3, 0x28]), Buffer.from('", "price": {"amount": 1}}')]),
  });
  const body = await expectProblem(res, 400, 'body');
  assert.match(body.detail, /UTF-8/);
});

test('a garbled request line is a 400 and the connection is closed', async () => {
  const answer = await new Promise((resolve, reject) => {
    const s = net.connect(server.port, '127.0.0.1', () => s.write('HELLO WORLD\r\n\r\n'));
    let data = '';
    s.on('data', (d) => { data += d; });
    s.on('end', () => resolve(data));
    s.on('error', reject);
  });
  assert.match(answer, /^HTTP\/1\.1 400 /);
});

test('X-Request-Id is echoed, or generated when absent', async () => {
  const given = await fetch(server.url + '/apis/products/categories', { headers: { 'X-Request-Id': 'abc-123' } });
  assert.equal(given.headers.get('x-request-id'), 'abc-123');
  const made = await fetch(server.url + '/apis/products/categories');
  assert.match(made.headers.get('x-request-id'), /^[0-9a-f]{32}$/);
  const hostile = await fetch(server.url + '/apis/products/categories', { headers: { 'X-Request-Id': 'a"b<script>' } });
  assert.match(hostile.headers.get('x-request-id'), /^[0-9a-f]{32}$/);
});

// Shared by the security suites: a raw HTTP/1.1 client (bytes in, every answer out), a web shopper
// with its session cookie and CSRF token, the per-route request counters of /metrics, and the
// catalogue as a snapshot. The server itself and the API helpers come from tests/e2e.
import assert from 'node:assert/strict';
import net from 'node:net';
import { api, CARD } from '../e2e/commerce_support.mjs';

// ---------------------------------------------------------------- raw HTTP

// Parses every HTTP/1.1 answer in `buffer` (the server always sends Content-Length). A smuggled
// second request would show up as a second answer.
export function parseResponses(buffer) {
  const out = [];
  let rest = buffer;
  while (rest.length > 0) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) break;
    const head = rest.subarray(0, end).toString('latin1').split('\r\n');
    const status = /^HTTP\/1\.[01] (\d{3})/.exec(head[0]);
    if (!status) break;
    const headers = head.slice(1).map((l) => {
      const colon = l.indexOf(':');
      return [l.slice(0, colon).trim().toLowerCase(), l.slice(colon + 1).trim()];
    });
    const length = Number(headers.find(([k]) => k === 'content-length')?.[1] ?? 0);
    const body = rest.subarray(end + 4, end + 4 + length);
    out.push({
      status: Number(status[1]),
      headerList: headers,
      header: (name) => headers.find(([k]) => k === name.toLowerCase())?.[1],
      headerNames: headers.map(([k]) => k),
      body: body.toString('utf8'),
    });
    rest = rest.subarray(end + 4 + length);
  }
  return out;
}

// Sends `bytes` (a Buffer, or a string taken byte for byte) on a new connection and reads until the
// server closes it (or `timeoutMs`). Answers {responses, raw}.
export function rawHttp(srv, bytes, { timeoutMs = 3000 } = {}) {
  const data = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'latin1');
  return new Promise((resolve, reject) => {
    const socket = net.connect(srv.port, '127.0.0.1');
    const chunks = [];
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', (e) => { if (e.code !== 'ECONNRESET' && e.code !== 'EPIPE') reject(e); });
    socket.on('close', () => {
      clearTimeout(timer);
      const raw = Buffer.concat(chunks);
      resolve({ responses: parseResponses(raw), raw });
    });
    socket.write(data);
  });
}

// One request as bytes: `target` and header values are written exactly as given (Buffer or
// latin1 string), so the caller decides what reaches the wire.
export function requestBytes({ method = 'GET', target, headers = [], body }) {
  const parts = [Buffer.from(`${method} `, 'latin1'), toBuffer(target), Buffer.from(' HTTP/1.1\r\nHost: shop.test\r\n', 'latin1')];
  for (const [name, value] of headers) parts.push(Buffer.from(`${name}: `, 'latin1'), toBuffer(value), Buffer.from('\r\n'));
  const payload = body === undefined ? null : toBuffer(body);
  if (payload) parts.push(Buffer.from(`Content-Length: ${payload.length}\r\n`));
  parts.push(Buffer.from('Connection: close\r\n\r\n'));
  if (payload) parts.push(payload);
  return Buffer.concat(parts);
}

const toBuffer = (v) => (Buffer.isBuffer(v) ? v : Buffer.from(String(v), 'latin1'));

// Exactly one answer (nothing smuggled), returned.
export async function rawOne(srv, request) {
  const { responses, raw } = await rawHttp(srv, requestBytes(request));
  assert.equal(responses.length, 1, `expected exactly one answer, got ${responses.length}: ${raw.toString('latin1').slice(0, 600)}`);
  return responses[0];
}

// ---------------------------------------------------------------- the web shop as a visitor

// application/x-www-form-urlencoded body: strings are percent-encoded, Buffers go in as raw bytes.
export function formBody(fields) {
  const parts = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.concat([Buffer.from(`${encodeURIComponent(k)}=`), Buffer.isBuffer(v) ? v : Buffer.from(encodeURIComponent(String(v)))]));
  }
  return Buffer.concat(parts.flatMap((p, i) => (i === 0 ? [p] : [Buffer.from('&'), p])));
}

// A visitor with a cookie jar of one cookie (rt_session) who remembers the last CSRF token a form
// showed. `headers` go with every request (an X-Forwarded-For, an X-Api-Key).
export class Visitor {
  constructor(srv, { headers = {} } = {}) {
    this.srv = srv;
    this.cookie = null;
    this.csrf = null;
    this.headers = headers;
  }

  async request(method, path, { body, headers = {}, contentType } = {}) {
    const h = { ...this.headers, ...headers };
    if (this.cookie) h.Cookie = `rt_session=${this.cookie}`;
    if (body !== undefined) h['Content-Type'] = contentType ?? 'application/x-www-form-urlencoded';
    const res = await fetch(this.srv.url + path, { method, headers: h, body, redirect: 'manual' });
    const text = await res.text();
    const setCookies = res.headers.getSetCookie();
    for (const c of setCookies) {
      const m = /^rt_session=([^;]*)/.exec(c);
      if (m) this.cookie = m[1];
    }
    const csrf = /name="csrf" value="([^"]+)"/.exec(text);
    if (csrf) this.csrf = csrf[1];
    return { status: res.status, headers: res.headers, body: text, location: res.headers.get('location'), setCookies };
  }

  get(path, options) { return this.request('GET', path, options); }

  // A form post; the session's CSRF token is added unless `fields.csrf` is given.
  async post(path, fields, options = {}) {
    if (!this.csrf) await this.get('/connexion');
    return this.request('POST', path, { ...options, body: formBody({ csrf: this.csrf, ...fields }) });
  }

  // A copy of this visitor (same cookie): what someone who stole the cookie holds.
  clone() {
    const c = new Visitor(this.srv, { headers: { ...this.headers } });
    c.cookie = this.cookie;
    c.csrf = this.csrf;
    return c;
  }

  async logIn(email, password) {
    await this.get('/connexion');
    return this.post('/connexion', { email, password });
  }

  // Logs out with the form the layout shows a logged-in visitor (its current CSRF token).
  async logOut() {
    await this.get('/connexion');
    return this.post('/deconnexion', {});
  }

  async addToCart(productId, quantity = 1) {
    await this.get(`/produits/${productId}`);
    const r = await this.post('/panier/ajouter', { product_id: productId, quantity });
    assert.equal(r.status, 303, r.body.slice(0, 300));
    assert.equal(r.location, '/panier');
    return r;
  }

  // Places the order of this visitor's cart through /commande; answers its reference.
  async placeOrder({ email, promo_code = '', card = CARD } = {}) {
    const form = await this.get('/commande');
    assert.equal(form.status, 200, `the order form: ${form.status} ${form.location ?? ''}`);
    const key = /name="order_key" value="([^"]+)"/.exec(form.body)[1];
    const r = await this.post('/commande', {
      order_key: key, email: email ?? '', full_name: 'Camille Martin', street: '12 rue des Lilas', city: 'Lyon',
      postal_code: '69003', card_holder: card.holder, card_number: card.number, cvv: card.cvv,
      exp_month: card.exp_month, exp_year: card.exp_year, promo_code,
    });
    assert.equal(r.status, 303, `placing the order: ${r.status} ${pageText(r.body).slice(0, 400)}`);
    const m = /^\/commande\/(\d{13})$/.exec(r.location ?? '');
    assert.ok(m, `redirected to the confirmation, not ${r.location}`);
    return m[1];
  }
}

// The visible text of a page's <main> (or the whole body), spaces collapsed, for messages.
export function pageText(html) {
  const main = /<main[^>]*>([\s\S]*)<\/main>/.exec(html);
  return (main ? main[1] : html).replace(/<[^>]+>/g, ' ').replace(/&apos;|&#39;/g, "'").replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();
}

// ---------------------------------------------------------------- metrics

// The per-route request counters, keyed "service METHOD route code". The scrape's own line is left out.
export async function routeCounters(srv) {
  const res = await fetch(srv.url + '/metrics');
  assert.equal(res.status, 200);
  const counters = new Map();
  for (const line of (await res.text()).split('\n')) {
    const m = /^(?:rapidtrade_)?http_requests_total\{(.*)\} (\S+)$/.exec(line);
    if (!m) continue;
    const l = Object.fromEntries([...m[1].matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]));
    if (l.route === '/metrics') continue;
    counters.set(`${l.service} ${l.method} ${l.route} ${l.code}`, Number(m[2]));
  }
  return counters;
}

// The series that moved between two snapshots: [{service, method, route, code, delta}].
export function moved(before, after) {
  const out = [];
  for (const [key, value] of after) {
    const delta = value - (before.get(key) ?? 0);
    if (delta <= 0) continue;
    const [service, method, route, code] = key.split(' ');
    out.push({ service, method, route, code, delta });
  }
  return out;
}

// Every moved series must match one of `allowed` ({service?, method?, route?, code?}, code may be
// a RegExp); answers the moves for further checks.
export function assertOnlyRoutes(moves, allowed, context = '') {
  const ok = (m) => allowed.some((a) => Object.entries(a).every(([k, v]) => (v instanceof RegExp ? v.test(m[k]) : m[k] === v)));
  const extra = moves.filter((m) => !ok(m));
  assert.deepEqual(extra, [], `${context}: requests reached routes they must not: ${JSON.stringify(extra)}`);
  return moves;
}

// Waits until the counters stop moving (follow-up calls after an order, for instance).
export async function settle(srv, { quietMs = 250, timeoutMs = 8000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last = await routeCounters(srv);
  for (;;) {
    await new Promise((r) => setTimeout(r, quietMs));
    const now = await routeCounters(srv);
    if (moved(last, now).length === 0) return now;
    if (Date.now() > deadline) throw new Error('the shop never went quiet');
    last = now;
  }
}

// ---------------------------------------------------------------- data

// Every product with its price and stock, as the public list shows them.
export async function catalogue(srv) {
  const r = await api(srv, 'GET', '/apis/products/?per_page=100', { key: false });
  assert.equal(r.status, 200);
  return r.body.items.map((p) => ({ id: p.id, name: p.name, price: p.price.amount, stock: p.stock })).sort((a, b) => a.id.localeCompare(b.id));
}

// A cart's lines as the cart service shows them (with `token` for a customer's cart).
export async function cartLines(srv, cartId, token) {
  const r = await api(srv, 'GET', `/apis/carts/${cartId}`, { token });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.lines.map((l) => ({ product_id: l.product_id, quantity: l.quantity }));
}

// The claims of an access token (not verified: the tests only read them).
export function claims(token) {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}

// An operator's account with the admin role (POST /apis/auth/credentials takes roles), logged in.
export async function makeAdmin(srv) {
  const email = `staff.${process.pid}.${Date.now()}@rapidtrade.test`;
  const password = 'staff-password-2026';
  const id = `STAFF${Date.now().toString(36).toUpperCase()}`.slice(0, 16);
  const created = await api(srv, 'POST', '/apis/auth/credentials', { body: { customer_id: id, email, password, roles: ['admin'] } });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const t = await api(srv, 'POST', '/apis/auth/token', { key: false, body: { email, password } });
  assert.equal(t.status, 200, JSON.stringify(t.body));
  assert.deepEqual(claims(t.body.access_token).roles, ['admin']);
  return { id, email, password, token: t.body.access_token };
}


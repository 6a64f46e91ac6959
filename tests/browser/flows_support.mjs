// What the browser tests of the orders, customers and self-service flows share: the audit of each
// page met (axe-core, nothing sideways on a phone, a screenshot), the keyboard walk with its focus
// checks, a shop order placed through the pages, the mailbox read as a visitor reads it, and the
// downloads. Kept apart from support.mjs, which the shop's own tests use.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { API_KEY } from '../e2e/server.mjs';
import {
  GUEST, SHOP_WORDS, addFromProductPage, clickAndLoad, fillCheckout, newShopper, path, text, whereAmI,
} from './support.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export const ADMIN = { email: 'admin@example.fr', password: 'EDesign-Admin-2026' };
export const WIDTHS = [1440, 375];
// How a journey runs (issue 17: in both languages): in French at each width, and in English once,
// at 1440 px, its pages also checked and photographed at 375 px, which keeps the suite's time down:
// the journey's steps are the same in both languages, its words and its pages' widths are not.
export const JOURNEY_RUNS = [
  ...WIDTHS.map((width) => ({ language: 'fr', width, alsoAt: [], label: `${width} px` })),
  { language: 'en', width: 1440, alsoAt: [375], label: 'in English, 1440 px, pages also at 375 px' },
];

// Where the page is and what it says: support.mjs's, as for every browser test.
export { path, text } from './support.mjs';

// A port free at this instant, for a server whose own address must be known before it starts
// (PUBLIC_URL, the links in its e-mails).
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// Every page met, at the context's width (and at each of `alsoAt`, the viewport resized there and
// back: a journey run at one width still has its pages checked and photographed at the others):
// axe-core's critical and serious WCAG 2.1 AA violations and a page wider than the screen are
// collected (asserted empty at the end of the test), and a full screenshot is kept. The context
// needs bypassCSP (axe is injected as an inline script).
export function pageChecker(shots, prefix, width, { alsoAt = [] } = {}) {
  const problems = [];
  let count = 0;
  async function checkAt(page, name, at) {
    await page.addScriptTag({ content: AXE });
    const result = await page.evaluate(() => globalThis.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    }));
    for (const v of result.violations.filter((x) => x.impact === 'critical' || x.impact === 'serious'))
      problems.push(`${name} @${at}px: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    if (scrollWidth > at) problems.push(`${name} is ${scrollWidth} px wide at ${at} px`);
    await page.screenshot({ path: join(shots, `${prefix}-${name}-${at}.png`), fullPage: true });
  }
  async function check(page, name) {
    await checkAt(page, name, width);
    if (alsoAt.length > 0) {
      const viewport = page.viewportSize();
      for (const at of alsoAt) {
        await page.setViewportSize({ width: at, height: viewport.height });
        await checkAt(page, name, at);
      }
      await page.setViewportSize(viewport);
    }
    count += 1;
  }
  check.problems = problems;
  check.count = () => count;
  return check;
}

// The keyboard walk (focus visible at every stop) is support.mjs's.
export { focusState, tabTo } from './support.mjs';

// Runs `body(page, context)` in a fresh context `width` px wide (CSP bypassed for axe-core's
// inline script), closed afterwards whatever happens.
export async function inContext(browser, server, width, body) {
  const { context, page } = await newShopper(browser, server.url, { viewport: { width, height: 900 }, bypassCSP: true });
  try {
    return await body(page, context);
  } finally {
    await context.close();
  }
}

// Enter on the focused link or button, and the new page loaded.
export async function enterAndLoad(page) {
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle' }), page.keyboard.press('Enter')]);
  return response;
}

export async function api(server, method, route, { body, key = true, token } = {}) {
  const headers = {};
  if (key) headers['X-Api-Key'] = API_KEY;
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(server.url + route, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const raw = await res.text();
  let json = null;
  try { json = JSON.parse(raw); } catch { /* not JSON */ }
  return { status: res.status, body: json, raw };
}

// A product of the test alone (its stock is the test's to count), made with the API key.
export async function newProduct(server, name, stock) {
  const r = await api(server, 'POST', '/apis/products/', {
    body: { name, description: 'Pour les tests du back-office.', price: { amount: 24900, currency: 'EUR' }, stock },
  });
  assert.equal(r.status, 201, r.raw);
  return { id: r.body.id, name, cents: 24900 };
}

export async function stockOf(server, id) {
  const r = await api(server, 'GET', `/apis/products/${id}`, { key: false });
  assert.equal(r.status, 200, r.raw);
  return r.body.stock;
}

// An order placed through the shop's pages (product page, cart, order form), in the page's
// `language`: a guest's when `who` has an e-mail, else the logged-in customer's. Returns its reference.
export async function orderThroughShop(page, product, quantity, who, check, language = 'fr') {
  const words = SHOP_WORDS[language];
  await addFromProductPage(page, product, quantity, language);
  await clickAndLoad(page, page.getByRole('link', { name: words.placeOrder }));
  assert.equal(path(page), '/commande', await whereAmI(page));
  await fillCheckout(page, { ...GUEST, month: words.cardMonth, ...who }, language);
  if (check) await check(page, 'commande');
  await clickAndLoad(page, page.getByRole('button', { name: words.send }));
  const m = path(page).match(/^\/commande\/(\d{13})$/);
  assert.ok(m, `the confirmation page: ${await whereAmI(page)}`);
  assert.equal(await text(page.getByRole('heading', { level: 1 })), words.thanks);
  return m[1];
}

// The shop's mailbox (demo mode: everyone's mail), reloaded until a message to `to` whose subject
// contains `subject` is listed; opens it (the "To:" line in the page's `language`) and returns its
// text (the <pre> the page shows).
export async function openMail(page, to, subject, { language = 'fr', timeoutMs = 10_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.goto('/boite-mail', { waitUntil: 'networkidle' });
    const row = page.getByRole('row').filter({ hasText: to }).filter({ has: page.getByRole('link', { name: subject }) });
    if (await row.count() > 0) {
      assert.equal(await row.count(), 1, `one e-mail "${subject}" to ${to}`);
      await clickAndLoad(page, row.getByRole('link', { name: subject }));
      const mail = await text(page.locator('main'));
      assert.ok(mail.includes(`${SHOP_WORDS[language].mailTo}${to}`), mail);
      return page.locator('pre.mail').innerText();
    }
    if (Date.now() > deadline) assert.fail(`no e-mail "${subject}" to ${to} in /boite-mail within ${timeoutMs} ms`);
    await sleep(250);
  }
}

// Follows a download link (click, or Enter when `keyboard`) and returns the file's name and JSON.
export async function downloadJson(page, link) {
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const file = await download.path();
  const body = readFileSync(file, 'utf8');
  try {
    return { name: download.suggestedFilename(), json: JSON.parse(body) };
  } catch {
    const main = body.match(/<main[^>]*>([\s\S]*?)<\/main>/)?.[1].replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
    return assert.fail(`${download.suggestedFilename()} is not JSON: ${main ?? body.slice(0, 300)}`);
  }
}

// Whether a form's submission was stopped by the browser (a required box unticked, a field too
// short): the field reports itself invalid, with the browser's own message.
export const validity = (locator) => locator.evaluate((el) => ({ valid: el.validity.valid, message: el.validationMessage }));

// What watch() recorded, less the refusals the test itself asked for: Chromium logs "Failed to load
// resource" for every page answered with an error status, such as a form refused with a 400.
export function unexpected(problems, refusedPaths) {
  return problems.filter((p) => !(p.kind === 'console' && /^Failed to load resource: the server responded with a status of 4\d\d /.test(p.text)
    && refusedPaths.includes(new URL(p.url).pathname)));
}

// Shared pieces of the browser tests: the browser, the shop's test data, page watching and the
// few shopper actions the tests repeat (add to cart, fill the order form, submit a form).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

export const DEMO = { email: 'jean.rault@example.fr', password: 'EDesign-Demo-2026' };
export const SOFA = { id: 'OPUK6V6EV0', name: 'Canapé Moderne en Cuir', cents: 89900 };
export const CORNER_SOFA = { id: '1YMWVN1N4O', name: "Canapé d'Angle Confortable", cents: 109900 };
export const SHIPPING_CENTS = 5000;
// The brief's card (02/2028) and the payment service's always-declined test number.
export const CARD = { number: '4556 4262 6162 8918', cvv: '229', year: '2028', month: '2 - février' };
export const DECLINED_CARD = '4000000000000002';

// French money as the pages write it: U+202F between thousands, U+00A0 before the euro sign.
export function euros(cents) {
  const units = Math.floor(cents / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  return `${units},${String(cents % 100).padStart(2, '0')}\u00a0€`;
}

let counter = 0;
// Short and unique per run (every run has its own DATA_DIR), like a real address.
export const uniqueEmail = (tag) => `${tag}${++counter}.${Date.now().toString(36)}@example.fr`;

export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

// A fresh context (own cookies) with short timeouts: a local shop answers in milliseconds.
export async function newShopper(browser, baseURL, options = {}) {
  const context = await browser.newContext({ baseURL, locale: 'fr-FR', ...options });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  const page = await context.newPage();
  return { context, page };
}

// Runs `body(page, context)` in a fresh browser context (own cookies), always closed afterwards.
export async function withShopper(browser, baseURL, body, options) {
  const { context, page } = await newShopper(browser, baseURL, options);
  try {
    return await body(page, context);
  } finally {
    await context.close();
  }
}

export const path = (page) => new URL(page.url()).pathname;
// What the shopper reads (table cells apart), with the markup's ASCII whitespace collapsed: the
// French U+202F / U+00A0 in prices must stay.
export const text = async (locator) => (await locator.innerText()).replace(/[ \t\r\n]+/g, ' ').trim();
// A row of the totals ("Sous-total", "Total") by its header, and a cart's line by its product.
export const row = (page, label) => page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: label, exact: true }) });
export const cartLine = (page, product) => page.getByRole('row').filter({ hasText: `${product.id} - ${product.name}` });

// Records what a shopper must never meet: script errors, console errors, failed requests.
// A watched page also waits, after every navigation, for the network to go quiet, so that a request
// still running (the favicon, a lazy image) is never cut short by the test's next step and reported.
const watched = new WeakSet();
const settled = (page) => (watched.has(page) ? 'networkidle' : 'load');

export function watch(page) {
  watched.add(page);
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push({ kind: 'console', text: msg.text(), url: msg.location()?.url ?? '' });
  });
  page.on('pageerror', (err) => problems.push({ kind: 'pageerror', text: String(err), url: page.url() }));
  page.on('requestfailed', (req) =>
    problems.push({ kind: 'requestfailed', text: `${req.method()} ${req.url()}: ${req.failure()?.errorText}`, url: req.url() }));
  return problems;
}

// Clicks something that loads a new document (a link, a form's submit button) and waits for it.
export async function clickAndLoad(page, locator) {
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: settled(page) }), locator.click()]);
  return response;
}

// Where the shopper is, for failure messages: the URL, the page heading and any alert.
export async function whereAmI(page) {
  const main = await page.locator('main').innerText().catch(() => '');
  return `${page.url()} — ${main.replace(/\s+/g, ' ').trim().slice(0, 300)}`;
}

// The words of the shop's pages that the helpers below click and read, as each language writes
// them (the journeys run in French and in English, issue 17).
export const SHOP_WORDS = {
  fr: {
    quantity: 'Quantité', addToCart: 'Ajouter au panier', placeOrder: 'Passer la commande', send: 'Envoyer',
    thanks: 'Merci pour votre commande !', email: 'Courriel', password: 'Mot de passe', logIn: 'Se connecter',
    mailTo: 'À : ', cardMonth: CARD.month,
    checkout: {
      email: 'Courriel', fullName: 'Nom complet', street: 'Rue', city: 'Ville', postalCode: 'Code postal',
      cardHolder: 'Titulaire de la carte', cardNumber: 'Numéro de la carte', cvv: 'CCV', year: "Année d'expiration",
      month: "Mois d'expiration", promo: 'Code promo',
    },
  },
  en: {
    quantity: 'Quantity', addToCart: 'Add to cart', placeOrder: 'Place the order', send: 'Send',
    thanks: 'Thank you for your order!', email: 'E-mail', password: 'Password', logIn: 'Log in',
    mailTo: 'To: ', cardMonth: '2 - February',
    checkout: {
      email: 'E-mail', fullName: 'Full name', street: 'Street', city: 'City', postalCode: 'Postal code',
      cardHolder: 'Cardholder', cardNumber: 'Card number', cvv: 'CVV', year: 'Expiry year', month: 'Expiry month',
      promo: 'Promo code',
    },
  },
};

export async function addFromProductPage(page, product, quantity, language = 'fr') {
  const words = SHOP_WORDS[language];
  await page.goto(`/produits/${product.id}`, { waitUntil: settled(page) });
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), product.name);
  await page.getByLabel(words.quantity, { exact: true }).selectOption(String(quantity));
  await clickAndLoad(page, page.getByRole('button', { name: words.addToCart }));
  assert.equal(new URL(page.url()).pathname, '/panier', `adding a product leads to the cart, not ${await whereAmI(page)}`);
}

// Fills the order form through its labels, in the page's `language`; `email` only exists for
// guests; the expiry year and month are chosen by their labels.
export async function fillCheckout(page, f, language = 'fr') {
  for (const [field, label] of Object.entries(SHOP_WORDS[language].checkout)) {
    if (f[field] === undefined) continue;
    if (field === 'year' || field === 'month') await page.getByLabel(label).selectOption({ label: f[field] });
    else await page.getByLabel(label).fill(f[field]);
  }
}

export const GUEST = {
  email: 'camille.martin@example.fr', fullName: 'Camille Martin', street: '12 rue des Lilas', city: 'Lyon',
  postalCode: '69003', cardHolder: 'Camille Martin', cardNumber: CARD.number, cvv: CARD.cvv, year: CARD.year, month: CARD.month,
};

// The log-in form, in the page's `language` (the session's: switch first for English).
export async function logIn(page, { email, password }, language = 'fr') {
  const words = SHOP_WORDS[language];
  await page.goto('/connexion', { waitUntil: settled(page) });
  await page.getByLabel(words.email).fill(email);
  await page.getByLabel(words.password).fill(password);
  await clickAndLoad(page, page.getByRole('button', { name: words.logIn }));
}

// The shop's mailbox, reloaded until the message whose subject contains `text` is listed (the
// confirmation e-mail is queued just after the order).
export async function mailboxLink(page, text, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.goto('/boite-mail', { waitUntil: settled(page) });
    const link = page.getByRole('link', { name: new RegExp(text) });
    if (await link.count() > 0) return link;
    if (Date.now() > deadline) assert.fail(`no e-mail containing ${text} in /boite-mail within ${timeoutMs} ms`);
    await sleep(250);
  }
}

// One folder per run for the screenshots (or SCREENSHOT_DIR).
export function screenshotDir() {
  if (process.env.SCREENSHOT_DIR) {
    mkdirSync(process.env.SCREENSHOT_DIR, { recursive: true });
    return process.env.SCREENSHOT_DIR;
  }
  return mkdtempSync(join(tmpdir(), 'rapidtrade-screenshots-'));
}

// Width and height from a PNG's IHDR chunk.
export function pngSize(buffer) {
  assert.equal(buffer.subarray(1, 4).toString('latin1'), 'PNG', 'a PNG file');
  return { width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20) };
}

// ---------------------------------------------------------------- accessibility

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// axe-core's critical and serious WCAG 2.1 AA violations on the current page.
export async function audit(page, name, width) {
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(() => globalThis.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  }));
  return result.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious')
    .map((v) => `${name} @${width}px: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

// The focused element, and whether a focus ring shows (the shop's 3 px outline, :focus-visible).
export const focusState = (page) => page.evaluate(() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(), id: el.id, text: (el.innerText || el.value || '').trim(),
    visible: el.matches(':focus-visible') && style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
    box: (({ width, height }) => width > 0 && height > 0)(el.getBoundingClientRect()),
  };
});

// Presses Tab until `matches(focus)`; every element met on the way shows its focus.
export async function tabTo(page, matches, what, limit = 60) {
  for (let i = 0; i < limit; i += 1) {
    await page.keyboard.press('Tab');
    const focus = await focusState(page);
    assert.ok(focus.visible && focus.box, `focus visible on ${focus.tag}#${focus.id} "${focus.text}" on the way to ${what}`);
    if (matches(focus)) return focus;
  }
  return assert.fail(`${what} not reached within ${limit} Tab presses`);
}

// The back-office in English (issue 17), in Chromium against the real `rapidtrade serve`: a guest
// orders through the shop's pages (French); the administrator logs in, switches to EN, and the
// dashboard, the orders list (search, status, English money), the order's page (status line, English
// date, history) and a product's page (the English name typed, saved, and said in the history) read
// in English, with no French back-office text left. Every page met is audited (axe-core), fits a
// 375 px screen and is photographed, at 1440 and 375 px. Run:
//   RAPIDTRADE_BIN=build/release/src/rapidtrade node --test tests/browser/back_office_english.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../e2e/server.mjs';
import { clickAndLoad, launchBrowser, logIn, screenshotDir, uniqueEmail, watch, whereAmI, SHIPPING_CENTS } from './support.mjs';
import { ADMIN, WIDTHS, newProduct, orderThroughShop, pageChecker, path, text, unexpected } from './flows_support.mjs';
import { inContext as flowContext } from './flows_support.mjs';

const SHOTS = screenshotDir();
console.log(`screenshots: ${SHOTS}`);

let server;
let browser;
before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const inContext = (width, body) => flowContext(browser, server, width, body);
// English money as the pages write it: "€1,099.00".
const englishMoney = (cents) => `€${Math.floor(cents / 100).toLocaleString('en-GB')}.${String(cents % 100).padStart(2, '0')}`;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November',
  'December'];
const lang = (page) => page.evaluate(() => document.documentElement.lang);
const escaped = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const historyRows = (page) => page.getByRole('region', { name: 'History' }).locator('tbody tr').evaluateAll(
  (rows) => rows.map((tr) => [...tr.cells].map((td) => td.innerText.replace(/\s+/g, ' ').trim())));
// French back-office words that an English page must not show (admin.json's French texts).
const FRENCH = ['Tableau de bord', 'Commandes', 'Produits', 'Rechercher', 'Filtrer', 'Payée', 'Historique', 'passée le',
  'la boutique', 'Enregistrer', 'Nom (anglais)', 'Modifié', 'Envoyer la photo', 'Supprimer', 'Comptes équipe'];

async function assertNoFrench(page, where) {
  const seen = await text(page.locator('body'));
  for (const french of FRENCH) assert.ok(!seen.includes(french), `${where} says "${french}": ${seen.slice(0, 500)}`);
}

for (const width of WIDTHS) {
  test(`a staff member switches the back-office to English: dashboard, orders, an order and a product read in English (${width} px)`, async () => {
    const check = pageChecker(SHOTS, 'admin-en', width);
    const product = await newProduct(server, `Lampe Anglaise ${width} ${Date.now().toString(36)}`, 5);
    const email = uniqueEmail('admin-en');
    const reference = await inContext(width, (page) => orderThroughShop(page, product, 1, { email }));
    const total = product.cents + SHIPPING_CENTS;

    await inContext(width, async (page) => {
      const problems = watch(page);
      await logIn(page, ADMIN);
      assert.equal(path(page), '/admin/', await whereAmI(page));
      assert.equal(await lang(page), 'fr');
      await clickAndLoad(page, page.getByRole('button', { name: 'EN', exact: true }));
      assert.equal(path(page), '/admin/', 'the switch comes back to the dashboard');
      assert.equal(await lang(page), 'en');
      assert.equal(await text(page.getByRole('heading', { level: 1 })), 'Dashboard');
      assert.match(await page.title(), /\| E-Design back office$/);
      await assertNoFrench(page, 'the dashboard');
      await check(page, 'tableau-de-bord');

      // The orders, found by the customer's e-mail, with the status filter's English labels.
      const nav = page.getByRole('navigation', { name: 'Back office' });
      await clickAndLoad(page, nav.getByRole('link', { name: 'Orders' }));
      assert.equal(path(page), '/admin/commandes');
      assert.equal(await text(page.getByRole('heading', { level: 1 })), 'Orders');
      await page.getByLabel('Search').fill(email);
      await page.getByLabel('Status').selectOption({ label: 'Paid' });
      await clickAndLoad(page, page.getByRole('button', { name: 'Filter' }));
      const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: reference }) });
      assert.match(await text(row), new RegExp(`^${reference} .+ ${escaped(email)} ${escaped(englishMoney(total))} Paid$`));
      await assertNoFrench(page, 'the orders list');
      await check(page, 'commandes');

      // The order's page.
      await clickAndLoad(page, page.getByRole('link', { name: reference }));
      assert.equal(path(page), `/admin/commandes/${reference}`);
      assert.equal(await text(page.getByRole('heading', { level: 1 })), `Order ${reference}`);
      const status = await text(page.getByText(/^Status:/));
      assert.match(status, new RegExp(`^Status: Paid — customer: ${escaped(email)} — placed on \\d{1,2} (${MONTHS.join('|')}) \\d{4}$`));
      assert.ok((await text(page.locator('main'))).includes(englishMoney(product.cents)), 'the line in English money');
      const history = await historyRows(page);
      assert.deepEqual(history.map((r) => r.slice(1, 3)), [['Order placed', 'the shop']]);
      assert.match(history[0][0], new RegExp(`^\\d{1,2} (${MONTHS.join('|')}) \\d{4}, \\d{2}:\\d{2}$`), history[0][0]);
      assert.ok(await page.getByRole('button', { name: 'Mark as shipped' }).isVisible());
      await assertNoFrench(page, 'the order page');
      await check(page, 'commande');

      // A product's page: its English name typed and saved; the history says it in English.
      await clickAndLoad(page, nav.getByRole('link', { name: 'Products' }));
      assert.equal(await text(page.getByRole('heading', { level: 1 })), 'Products');
      await page.getByLabel('Search').fill(product.name);
      await clickAndLoad(page, page.getByRole('button', { name: 'Search' }));
      const productRow = page.getByRole('row').filter({ has: page.getByRole('link', { name: product.id }) });
      assert.equal(await text(productRow), `${product.id} ${product.name} ${englishMoney(product.cents)} 4`);
      await clickAndLoad(page, page.getByRole('link', { name: product.id }));
      assert.equal(await text(page.getByRole('heading', { level: 1 })), `Product ${product.id}`);
      assert.equal(await page.getByLabel('Price (€)').inputValue(), '249.00', 'the price as an English speaker writes it');
      const englishName = `English Lamp ${width}`;
      await page.getByLabel('Name (English)').fill(englishName);
      await clickAndLoad(page, page.getByRole('button', { name: 'Save' }));
      assert.equal(await text(page.getByRole('status')), `Product ${product.id} saved.`);
      assert.equal(await page.getByLabel('Name (English)').inputValue(), englishName);
      assert.equal(await page.getByLabel('Price (€)').inputValue(), '249.00', 'the price read back unchanged');
      const newest = (await historyRows(page))[0];
      assert.deepEqual(newest.slice(1), [ADMIN.email, `Changed: English name “${englishName}” added`], newest.join(' | '));

      // A price typed as an English speaker writes it, thousands comma and all; a comma that could
      // be a French decimal mark is refused, not guessed.
      const price = page.getByLabel('Price (€)');
      await price.fill('12,49');
      await clickAndLoad(page, page.getByRole('button', { name: 'Save' }));
      assert.equal(await price.getAttribute('aria-invalid'), 'true');
      assert.ok((await text(page.locator('main'))).includes('Enter a price in euros, for example 1,099.00.'));
      assert.equal((await historyRows(page))[0].join(' | '), newest.join(' | '), 'nothing saved');
      await price.fill('€1,249.50');
      await clickAndLoad(page, page.getByRole('button', { name: 'Save' }));
      assert.equal(await text(page.getByRole('status')), `Product ${product.id} saved.`);
      assert.equal(await price.inputValue(), '1,249.50');
      const repriced = await (await fetch(`${server.url}/apis/products/${product.id}`)).json();
      assert.deepEqual(repriced.price, { amount: 124950, currency: 'EUR' });
      await assertNoFrench(page, 'the product page');
      await check(page, 'produit');
      assert.deepEqual(unexpected(problems, [`/admin/produits/${product.id}`]), [], 'only the refused price');
    });
    assert.deepEqual(check.problems, []);
    assert.equal(check.count(), 4);
  });
}

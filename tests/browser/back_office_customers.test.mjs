// The back-office's customers (/admin/clients) as the staff use them, in Chromium against the real
// `rapidtrade serve`: a customer signs up and orders through the shop's pages; the administrator
// finds them by name and by e-mail (with the keyboard alone, the focus visible), opens their page
// (their order listed), downloads their data (the file holds their profile and their order), then
// erases them once the confirmation box is ticked (unticked, or posted without it: nothing
// happens). Afterwards the customer cannot log in and their order is kept without name, e-mail or
// address. Every page met is audited (axe-core), fits a 375 px screen and is photographed, at 1440
// and 375 px. The journey runs in French, and in English (issue 17): the customer and the
// administrator each switch to EN with the page's switch, and every page met must read in English,
// with no French text of a message whose English differs. Run:
//   cd /work/main && RAPIDTRADE_BIN=build/release/src/rapidtrade node --test tests/browser/back_office_customers.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer } from '../e2e/server.mjs';
import {
  SHIPPING_CENTS, clickAndLoad, euros, launchBrowser, logIn, screenshotDir, uniqueEmail, watch, whereAmI,
} from './support.mjs';
import {
  ADMIN, JOURNEY_RUNS, api, downloadJson, enterAndLoad, focusState, newProduct, orderThroughShop, pageChecker, path,
  tabTo, text, unexpected, validity,
} from './flows_support.mjs';
import { inContext as flowContext } from './flows_support.mjs';
import { englishMoney, frenchOf, noFrenchLeft, speak } from './language_support.mjs';

const SHOTS = screenshotDir();
console.log(`screenshots: ${SHOTS}`);

let server;
let browser;
before(async () => { [server, browser] = await Promise.all([startServer(), launchBrowser()]); });
after(async () => {
  await browser?.close();
  await server?.stop();
});

const inContext = (width, body) => flowContext(browser, server, width, body);

let adminToken;
async function asAdmin(method, route) {
  adminToken ??= (await api(server, 'POST', '/apis/auth/token', { key: false, body: ADMIN })).body.access_token;
  return api(server, method, route, { key: false, token: adminToken });
}

// What the erasure leaves on an order (the checkout service's placeholders).
const ERASED_EMAIL = 'client-efface@anonyme.invalid';

// The table under the page's "Commandes" heading (the page may have other sections).
const ordersTable = (page, heading) => page.locator(`xpath=//h2[normalize-space()="${heading}"]/following-sibling::table[1]`);
const listedCustomers = (page) => page.locator('main tbody tr').evaluateAll(
  (rows) => rows.map((tr) => [...tr.cells].slice(0, 2).map((td) => td.innerText.trim())));

const escaped = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const ENGLISH_DATE = '\\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \\d{4}';

// What the customer and the administrator read and click, in each language.
const WORDS = {
  fr: {
    firstName: 'Prénom', lastName: 'Nom', email: 'Courriel', password: 'Mot de passe', signUp: 'Créer mon compte',
    welcome: (name) => `Bienvenue ${name} ! Votre compte est créé.`,
    customers: 'Clients', nav: 'Administration', search: 'Rechercher', noMatch: 'Aucun client ne correspond.',
    contactStart: /^Courriel :/,
    contact: (email) => new RegExp(`^Courriel : ${escaped(email)} — client depuis le \\d{2}/\\d{2}/\\d{4}$`),
    orders: 'Commandes',
    // The customer's own word for a paid order (order_view's), as in "Mes commandes".
    orderRow: (reference, cents) => new RegExp(`^${reference} \\d{2}/\\d{2}/\\d{4} 1 article ${euros(cents)} Confirmée$`),
    export: 'Exporter ses données (JSON)',
    eraseBox: "Je confirme l'effacement des données de ce client.",
    erase: 'Effacer les données',
    tickTheBox: /Cochez la case de confirmation pour effacer les données du client\./,
    erased: 'Les données du client sont effacées ; ses commandes sont conservées sans ses coordonnées.',
    erasedCustomer: (email) => new RegExp(`client : ${escaped(email)}`),
    wrongLogIn: 'Courriel ou mot de passe incorrect.',
  },
  en: {
    firstName: 'First name', lastName: 'Last name', email: 'E-mail', password: 'Password', signUp: 'Create my account',
    welcome: (name) => `Welcome ${name}! Your account is created.`,
    customers: 'Customers', nav: 'Back office', search: 'Search', noMatch: 'No customers match.',
    contactStart: /^Email:/,
    contact: (email) => new RegExp(`^Email: ${escaped(email)} — customer since ${ENGLISH_DATE}$`),
    orders: 'Orders',
    orderRow: (reference, cents) => new RegExp(`^${reference} ${ENGLISH_DATE} 1 item ${escaped(englishMoney(cents))} Confirmed$`),
    export: 'Export their data (JSON)',
    eraseBox: "I confirm erasing this customer's data.",
    erase: 'Erase the data',
    tickTheBox: /Tick the confirmation box to erase the customer's data\./,
    erased: "The customer's data has been erased; their orders are kept without their contact details.",
    erasedCustomer: (email) => new RegExp(`customer: ${escaped(email)}`),
    wrongLogIn: 'Wrong e-mail or password.',
  },
};
// The back-office's and the shop's French that an English page must not show.
const FRENCH = frenchOf('admin', 'shop', 'common');
// The answer's HTML as read: the apostrophes the page escapes, put back.
const readableHtml = async (response) => (await response.text()).replace(/&#39;|&#x27;|&apos;/g, "'");

for (const { language, width, alsoAt, label } of JOURNEY_RUNS) {
  const w = WORDS[language];
  test(`staff find a customer, export their data, then erase them after the confirmation (${label})`, async () => {
    const tag = Date.now().toString(36);
    const customer = { firstName: 'Héloïse', lastName: `Fontaine${tag}`, email: uniqueEmail('heloise'), password: 'Fauteuil-Velours-2026' };
    const address = { fullName: `Héloïse Fontaine${tag}`, street: `7 impasse des Tilleuls ${tag}`, city: 'Rennes', postalCode: '35000' };
    const product = await newProduct(server, `Pouf Client ${width} ${tag}`, 4);
    // The customer's name and address, and the product's name (French: it has no English one), are
    // data, not text to translate.
    const check = noFrenchLeft(pageChecker(SHOTS, language === 'fr' ? 'clients' : `${language}-clients`, width, { alsoAt }),
      language, FRENCH, [product.name, address.fullName, address.street, address.city, customer.firstName, customer.lastName]);

    // The customer signs up and orders through the shop.
    const reference = await inContext(width, async (page) => {
      await page.goto('/inscription');
      await speak(page, language);
      await page.getByLabel(w.firstName).fill(customer.firstName);
      await page.getByLabel(w.lastName, { exact: true }).fill(customer.lastName);
      await page.getByLabel(w.email).fill(customer.email);
      await page.getByLabel(w.password).fill(customer.password);
      await clickAndLoad(page, page.getByRole('button', { name: w.signUp }));
      assert.equal(await text(page.getByRole('status')), w.welcome(customer.firstName));
      return orderThroughShop(page, product, 1, { ...address, cardHolder: address.fullName, email: undefined }, undefined, language);
    });
    const found = await asAdmin('GET', `/apis/customers/?q=${encodeURIComponent(customer.email)}`);
    assert.equal(found.body.total, 1, found.raw);
    const id = found.body.items[0].id;
    const fullName = `${customer.firstName} ${customer.lastName}`;

    await inContext(width, async (page, context) => {
      const problems = watch(page);
      await page.goto('/connexion', { waitUntil: 'networkidle' });  // watched: nothing left loading
      await speak(page, language);
      await logIn(page, ADMIN, language);
      assert.equal(path(page), '/admin/', await whereAmI(page));

      // "Clients", the search by name typed with the keyboard.
      await tabTo(page, (f) => f.tag === 'a' && f.text === w.customers, `the "${w.customers}" link`);
      await enterAndLoad(page);
      assert.equal(path(page), '/admin/clients');
      assert.equal(await text(page.getByRole('heading', { level: 1 })), w.customers);
      assert.equal(await page.getByRole('navigation', { name: w.nav }).getByRole('link', { name: w.customers }).getAttribute('aria-current'), 'page');
      await check(page, 'liste');
      await tabTo(page, (f) => f.id === 'q', 'the search field');
      await page.keyboard.type(customer.lastName);
      await page.keyboard.press('Tab');
      const button = await focusState(page);
      assert.equal(button.text, w.search);
      assert.ok(button.visible, `focus visible on "${w.search}"`);
      await enterAndLoad(page);
      assert.equal(new URL(page.url()).searchParams.get('q'), customer.lastName);
      assert.deepEqual(await listedCustomers(page), [[fullName, customer.email]]);
      await check(page, 'recherche-nom');

      // By e-mail, and a search that matches no one.
      await page.getByLabel(w.search).fill(customer.email);
      await clickAndLoad(page, page.getByRole('button', { name: w.search }));
      assert.deepEqual(await listedCustomers(page), [[fullName, customer.email]]);
      await page.getByLabel(w.search).fill(`personne-${tag}@example.fr`);
      await clickAndLoad(page, page.getByRole('button', { name: w.search }));
      assert.deepEqual(await listedCustomers(page), []);
      assert.equal(await page.getByText(w.noMatch).count(), 1);
      await check(page, 'recherche-vide');

      // The customer's page, opened with the keyboard: profile and orders.
      await page.getByLabel(w.search).fill(customer.email);
      await clickAndLoad(page, page.getByRole('button', { name: w.search }));
      await tabTo(page, (f) => f.tag === 'a' && f.text === fullName, `the link to ${fullName}`);
      await enterAndLoad(page);
      assert.equal(path(page), `/admin/clients/${id}`);
      assert.equal(await text(page.getByRole('heading', { level: 1 })), fullName);
      assert.match(await text(page.getByText(w.contactStart)), w.contact(customer.email));
      const orderRow = ordersTable(page, w.orders).getByRole('row').filter({ has: page.getByRole('link', { name: reference }) });
      assert.equal(await orderRow.count(), 1, `order ${reference} listed: ${await whereAmI(page)}`);
      assert.match(await text(orderRow), w.orderRow(reference, product.cents + SHIPPING_CENTS));
      await check(page, 'fiche');

      // The export: a JSON file with the profile and the order.
      const exported = await downloadJson(page, page.getByRole('link', { name: w.export }));
      assert.equal(exported.name, `client-${id}.json`);
      assert.equal(exported.json.customer.id, id);
      assert.equal(exported.json.customer.email, customer.email);
      assert.equal(exported.json.customer.first_name, customer.firstName);
      assert.equal(exported.json.customer.last_name, customer.lastName);
      assert.deepEqual(exported.json.orders.map((o) => o.reference), [reference]);
      assert.equal(exported.json.orders[0].shipping_address.street, address.street);
      assert.equal(path(page), `/admin/clients/${id}`, 'the download leaves the page where it is');

      // Erasure with the box unticked: the browser keeps the form, nothing is erased.
      const box = page.getByLabel(w.eraseBox);
      await page.getByRole('button', { name: w.erase }).click();
      await page.waitForLoadState('networkidle');
      assert.equal(path(page), `/admin/clients/${id}`);
      const unticked = await validity(box);
      assert.equal(unticked.valid, false, 'the unticked box stops the form');
      assert.notEqual(unticked.message, '');
      assert.equal((await asAdmin('GET', `/apis/customers/${id}`)).status, 200, 'nothing erased');
      // Posted without the box: refused in the page's language, nothing erased.
      const csrf = await page.locator('input[name="csrf"]').first().inputValue();
      const skipped = await context.request.post(`/admin/clients/${id}/effacement`, { form: { csrf }, maxRedirects: 0, failOnStatusCode: false });
      assert.equal(skipped.status(), 400);
      assert.match(await readableHtml(skipped), w.tickTheBox);
      assert.equal((await asAdmin('GET', `/apis/customers/${id}`)).status, 200, 'nothing erased');
      assert.equal((await api(server, 'POST', '/apis/auth/token', { key: false, body: customer })).status, 200, 'the customer still logs in');

      // Ticked: erased.
      await box.check();
      await clickAndLoad(page, page.getByRole('button', { name: w.erase }));
      assert.equal(path(page), '/admin/clients');
      assert.equal(await text(page.getByRole('status')), w.erased);
      await check(page, 'efface');
      await page.getByLabel(w.search).fill(customer.email);
      await clickAndLoad(page, page.getByRole('button', { name: w.search }));
      assert.deepEqual(await listedCustomers(page), [], 'no longer found');
      const gone = await page.goto(`/admin/clients/${id}`, { waitUntil: 'networkidle' });
      assert.equal(gone.status(), 404);

      // The order stays, without name, e-mail or address.
      await page.goto(`/admin/commandes/${reference}`, { waitUntil: 'networkidle' });
      const shown = await text(page.locator('main'));
      assert.match(shown, w.erasedCustomer(ERASED_EMAIL));
      for (const personal of [customer.email, customer.lastName, address.street, address.fullName])
        assert.ok(!shown.includes(personal), `the order page still shows ${personal}`);
      assert.ok(shown.includes(`${product.id} - ${product.name}`), 'the lines stay for the accounts');
      await check(page, 'commande-anonyme');
      assert.deepEqual(unexpected(problems, [`/admin/clients/${id}`]), []);
    });

    // The customer cannot log in any more.
    await inContext(width, async (page) => {
      await page.goto('/connexion');
      await speak(page, language);
      await logIn(page, customer, language);
      assert.equal(path(page), '/connexion');
      assert.equal(await text(page.getByRole('alert')), w.wrongLogIn);
      await check(page, 'connexion-refusee');
    });
    // The erasure finishes in every service (the mails lose the address too).
    for (let i = 0; ; i += 1) {
      const e = await asAdmin('GET', `/apis/customers/${id}/erasure`);
      if (e.body?.status === 'finished') break;
      assert.ok(i < 40, `the erasure finishes: ${e.raw}`);
      await sleep(250);
    }
    const o = await asAdmin('GET', `/apis/orders/${reference}`);
    assert.equal(o.body.email, ERASED_EMAIL);
    assert.ok(!o.raw.includes(address.street) && !o.raw.includes(customer.lastName), o.raw);
    assert.deepEqual(check.problems, []);
    assert.equal(check.count(), 7);
  });
}

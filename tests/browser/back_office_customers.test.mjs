// The back-office's customers (/admin/clients) as the staff use them, in Chromium against the real
// `rapidtrade serve`: a customer signs up and orders through the shop's pages; the administrator
// finds them by name and by e-mail (with the keyboard alone, the focus visible), opens their page
// (their order listed), downloads their data (the file holds their profile and their order), then
// erases them once the confirmation box is ticked (unticked, or posted without it: nothing
// happens). Afterwards the customer cannot log in and their order is kept without name, e-mail or
// address. Every page met is audited (axe-core), fits a 375 px screen and is photographed, at 1440
// and 375 px. Run:
//   cd /work/main && RAPIDTRADE_BIN=build/release/src/rapidtrade node --test tests/browser/back_office_customers.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer } from '../e2e/server.mjs';
import {
  SHIPPING_CENTS, clickAndLoad, euros, launchBrowser, logIn, screenshotDir, uniqueEmail, watch, whereAmI,
} from './support.mjs';
import {
  ADMIN, WIDTHS, api, downloadJson, enterAndLoad, focusState, newProduct, orderThroughShop, pageChecker, path, tabTo,
  text, unexpected, validity,
} from './flows_support.mjs';
import { inContext as flowContext } from './flows_support.mjs';

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
const ordersTable = (page) => page.locator('xpath=//h2[normalize-space()="Commandes"]/following-sibling::table[1]');
const listedCustomers = (page) => page.locator('main tbody tr').evaluateAll(
  (rows) => rows.map((tr) => [...tr.cells].slice(0, 2).map((td) => td.innerText.trim())));

for (const width of WIDTHS) {
  test(`staff find a customer, export their data, then erase them after the confirmation (${width} px)`, async () => {
    const check = pageChecker(SHOTS, 'clients', width);
    const tag = Date.now().toString(36);
    const customer = { firstName: 'Héloïse', lastName: `Fontaine${tag}`, email: uniqueEmail('heloise'), password: 'Fauteuil-Velours-2026' };
    const address = { fullName: `Héloïse Fontaine${tag}`, street: `7 impasse des Tilleuls ${tag}`, city: 'Rennes', postalCode: '35000' };
    const product = await newProduct(server, `Pouf Client ${width} ${tag}`, 4);

    // The customer signs up and orders through the shop.
    const reference = await inContext(width, async (page) => {
      await page.goto('/inscription');
      await page.getByLabel('Prénom').fill(customer.firstName);
      await page.getByLabel('Nom', { exact: true }).fill(customer.lastName);
      await page.getByLabel('Courriel').fill(customer.email);
      await page.getByLabel('Mot de passe').fill(customer.password);
      await clickAndLoad(page, page.getByRole('button', { name: 'Créer mon compte' }));
      assert.equal(await text(page.getByRole('status')), `Bienvenue ${customer.firstName} ! Votre compte est créé.`);
      return orderThroughShop(page, product, 1, { ...address, cardHolder: address.fullName, email: undefined });
    });
    const found = await asAdmin('GET', `/apis/customers/?q=${encodeURIComponent(customer.email)}`);
    assert.equal(found.body.total, 1, found.raw);
    const id = found.body.items[0].id;
    const fullName = `${customer.firstName} ${customer.lastName}`;

    await inContext(width, async (page, context) => {
      const problems = watch(page);
      await logIn(page, ADMIN);
      assert.equal(path(page), '/admin/', await whereAmI(page));

      // "Clients", the search by name typed with the keyboard.
      await tabTo(page, (f) => f.tag === 'a' && f.text === 'Clients', 'the "Clients" link');
      await enterAndLoad(page);
      assert.equal(path(page), '/admin/clients');
      assert.equal(await text(page.getByRole('heading', { level: 1 })), 'Clients');
      assert.equal(await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Clients' }).getAttribute('aria-current'), 'page');
      await check(page, 'liste');
      await tabTo(page, (f) => f.id === 'q', 'the search field');
      await page.keyboard.type(customer.lastName);
      await page.keyboard.press('Tab');
      const button = await focusState(page);
      assert.equal(button.text, 'Rechercher');
      assert.ok(button.visible, 'focus visible on "Rechercher"');
      await enterAndLoad(page);
      assert.equal(new URL(page.url()).searchParams.get('q'), customer.lastName);
      assert.deepEqual(await listedCustomers(page), [[fullName, customer.email]]);
      await check(page, 'recherche-nom');

      // By e-mail, and a search that matches no one.
      await page.getByLabel('Rechercher').fill(customer.email);
      await clickAndLoad(page, page.getByRole('button', { name: 'Rechercher' }));
      assert.deepEqual(await listedCustomers(page), [[fullName, customer.email]]);
      await page.getByLabel('Rechercher').fill(`personne-${tag}@example.fr`);
      await clickAndLoad(page, page.getByRole('button', { name: 'Rechercher' }));
      assert.deepEqual(await listedCustomers(page), []);
      assert.equal(await page.getByText('Aucun client ne correspond.').count(), 1);
      await check(page, 'recherche-vide');

      // The customer's page, opened with the keyboard: profile and orders.
      await page.getByLabel('Rechercher').fill(customer.email);
      await clickAndLoad(page, page.getByRole('button', { name: 'Rechercher' }));
      await tabTo(page, (f) => f.tag === 'a' && f.text === fullName, `the link to ${fullName}`);
      await enterAndLoad(page);
      assert.equal(path(page), `/admin/clients/${id}`);
      assert.equal(await text(page.getByRole('heading', { level: 1 })), fullName);
      assert.match(await text(page.getByText(/^Courriel :/)), new RegExp(`^Courriel : ${customer.email.replace(/\./g, '\\.')} — client depuis le \\d{2}/\\d{2}/\\d{4}$`));
      const orderRow = ordersTable(page).getByRole('row').filter({ has: page.getByRole('link', { name: reference }) });
      assert.equal(await orderRow.count(), 1, `order ${reference} listed: ${await whereAmI(page)}`);
      // The customer's own word for a paid order (order_view's), as in "Mes commandes".
      assert.match(await text(orderRow), new RegExp(`^${reference} \\d{2}/\\d{2}/\\d{4} 1 article ${euros(product.cents + SHIPPING_CENTS)} Confirmée$`));
      await check(page, 'fiche');

      // The export: a JSON file with the profile and the order.
      const exported = await downloadJson(page, page.getByRole('link', { name: 'Exporter ses données (JSON)' }));
      assert.equal(exported.name, `client-${id}.json`);
      assert.equal(exported.json.customer.id, id);
      assert.equal(exported.json.customer.email, customer.email);
      assert.equal(exported.json.customer.first_name, customer.firstName);
      assert.equal(exported.json.customer.last_name, customer.lastName);
      assert.deepEqual(exported.json.orders.map((o) => o.reference), [reference]);
      assert.equal(exported.json.orders[0].shipping_address.street, address.street);
      assert.equal(path(page), `/admin/clients/${id}`, 'the download leaves the page where it is');

      // Erasure with the box unticked: the browser keeps the form, nothing is erased.
      const box = page.getByLabel("Je confirme l'effacement des données de ce client.");
      await page.getByRole('button', { name: 'Effacer les données' }).click();
      await page.waitForLoadState('networkidle');
      assert.equal(path(page), `/admin/clients/${id}`);
      const unticked = await validity(box);
      assert.equal(unticked.valid, false, 'the unticked box stops the form');
      assert.notEqual(unticked.message, '');
      assert.equal((await asAdmin('GET', `/apis/customers/${id}`)).status, 200, 'nothing erased');
      // Posted without the box: refused in French, nothing erased.
      const csrf = await page.locator('input[name="csrf"]').first().inputValue();
      const skipped = await context.request.post(`/admin/clients/${id}/effacement`, { form: { csrf }, maxRedirects: 0, failOnStatusCode: false });
      assert.equal(skipped.status(), 400);
      assert.match(await skipped.text(), /Cochez la case de confirmation pour effacer les données du client\./);
      assert.equal((await asAdmin('GET', `/apis/customers/${id}`)).status, 200, 'nothing erased');
      assert.equal((await api(server, 'POST', '/apis/auth/token', { key: false, body: customer })).status, 200, 'the customer still logs in');

      // Ticked: erased.
      await box.check();
      await clickAndLoad(page, page.getByRole('button', { name: 'Effacer les données' }));
      assert.equal(path(page), '/admin/clients');
      assert.equal(await text(page.getByRole('status')), 'Les données du client sont effacées ; ses commandes sont conservées sans ses coordonnées.');
      await check(page, 'efface');
      await page.getByLabel('Rechercher').fill(customer.email);
      await clickAndLoad(page, page.getByRole('button', { name: 'Rechercher' }));
      assert.deepEqual(await listedCustomers(page), [], 'no longer found');
      const gone = await page.goto(`/admin/clients/${id}`, { waitUntil: 'networkidle' });
      assert.equal(gone.status(), 404);

      // The order stays, without name, e-mail or address.
      await page.goto(`/admin/commandes/${reference}`, { waitUntil: 'networkidle' });
      const shown = await text(page.locator('main'));
      assert.match(shown, new RegExp(`client : ${ERASED_EMAIL.replace(/\./g, '\\.')}`));
      for (const personal of [customer.email, customer.lastName, address.street, address.fullName])
        assert.ok(!shown.includes(personal), `the order page still shows ${personal}`);
      assert.ok(shown.includes(`${product.id} - ${product.name}`), 'the lines stay for the accounts');
      await check(page, 'commande-anonyme');
      assert.deepEqual(unexpected(problems, [`/admin/clients/${id}`]), []);
    });

    // The customer cannot log in any more.
    await inContext(width, async (page) => {
      await logIn(page, customer);
      assert.equal(path(page), '/connexion');
      assert.equal(await text(page.getByRole('alert')), 'Courriel ou mot de passe incorrect.');
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

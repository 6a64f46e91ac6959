// The back-office's orders (/admin/commandes) as the staff use them, in Chromium against the real
// `rapidtrade serve`: a guest orders through the shop's pages; the administrator finds the order
// with the search and the status filter, opens it, marks it shipped (carrier, tracking) and then
// delivered with the keyboard alone, the focus visible at every stop; another order is cancelled
// with a reason once the confirmation box is ticked (unticked, or posted without it: nothing
// happens). The order's history names who did what, in French; the customer's e-mails (tracking,
// refund) reach the shop's mailbox; a cancelled order's stock is back. Every page met is audited
// (axe-core), fits a 375 px screen and is photographed, at 1440 and 375 px. Run:
//   cd /work/main && RAPIDTRADE_BIN=build/release/src/rapidtrade node --test tests/browser/back_office_orders.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../e2e/server.mjs';
import {
  clickAndLoad, euros, launchBrowser, logIn, screenshotDir, uniqueEmail, watch, whereAmI, SHIPPING_CENTS,
} from './support.mjs';
import {
  ADMIN, WIDTHS, api, enterAndLoad, focusState, newProduct, openMail, orderThroughShop, pageChecker, path, stockOf,
  tabTo, text, validity,
} from './flows_support.mjs';
import { inContext as flowContext } from './flows_support.mjs';

const SHOTS = screenshotDir();
console.log(`screenshots: ${SHOTS}`);

let server;
let browser;
before(async () => {
  [server, browser] = await Promise.all([startServer({ env: { MAILBOX_SHOW_ALL: 'true' } }), launchBrowser()]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const inContext = (width, body) => flowContext(browser, server, width, body);

let adminToken;
async function order(reference) {
  adminToken ??= (await api(server, 'POST', '/apis/auth/token', { key: false, body: ADMIN })).body.access_token;
  const r = await api(server, 'GET', `/apis/orders/${reference}`, { key: false, token: adminToken });
  assert.equal(r.status, 200, r.raw);
  return r.body;
}

// The rows of the order's "Historique" table, as the page shows them.
const historyRows = (page) => page.getByRole('region', { name: 'Historique' }).locator('tbody tr').evaluateAll(
  (rows) => rows.map((tr) => [...tr.cells].map((td) => td.innerText.replace(/\s+/g, ' ').trim())));

const listedReferences = (page) => page.locator('main tbody a').evaluateAll((links) => links.map((a) => a.textContent.trim()));

for (const width of WIDTHS) {
  test(`staff find a shop order with the filters and ship then deliver it with the keyboard alone (${width} px)`, async () => {
    const check = pageChecker(SHOTS, 'commandes-expedition', width);
    const product = await newProduct(server, `Lampe Expédition ${width} ${Date.now().toString(36)}`, 5);
    const email = uniqueEmail('expedition');
    const reference = await inContext(width, async (page) => {
      const problems = watch(page);
      const ref = await orderThroughShop(page, product, 1, { email }, check);
      await check(page, 'confirmation');
      assert.deepEqual(problems, []);
      return ref;
    });
    const total = product.cents + SHIPPING_CENTS;
    assert.equal(await stockOf(server, product.id), 4, 'the order took one from the stock');
    const tracking = `8R${Date.now().toString().slice(-11)}`;

    await inContext(width, async (page) => {
      const problems = watch(page);
      await logIn(page, ADMIN);
      assert.equal(path(page), '/admin/', await whereAmI(page));
      await clickAndLoad(page, page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Commandes' }));
      assert.equal(path(page), '/admin/commandes');
      assert.equal(await text(page.getByRole('heading', { level: 1 })), 'Commandes');
      await check(page, 'liste');

      // The search and the status filter, with the keyboard: the customer's e-mail, "Payée".
      await tabTo(page, (f) => f.id === 'q', 'the search field');
      await page.keyboard.type(email);
      await page.keyboard.press('Tab');
      let focus = await focusState(page);
      assert.equal(focus.id, 'statut', 'from the search to the status filter');
      assert.ok(focus.visible, 'focus visible on the status filter');
      await page.keyboard.press('ArrowDown');  // "Tous" → "Payée"
      assert.equal(await page.getByLabel('État').inputValue(), 'paid');
      await page.keyboard.press('Tab');
      focus = await focusState(page);
      assert.equal(focus.text, 'Filtrer');
      assert.ok(focus.visible, 'focus visible on "Filtrer"');
      await enterAndLoad(page);
      const url = new URL(page.url());
      assert.equal(url.searchParams.get('q'), email);
      assert.equal(url.searchParams.get('statut'), 'paid');
      assert.deepEqual(await listedReferences(page), [reference], 'the one order of this customer');
      const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: reference }) });
      assert.match(await text(row), new RegExp(`^${reference} .+ ${email.replace(/\./g, '\\.')} ${euros(total)} Payée$`));
      assert.equal(await page.getByLabel('Rechercher').inputValue(), email, 'the search stays in its field');
      await check(page, 'liste-filtree');

      // The same customer among the shipped orders: none yet.
      await page.getByLabel('État').selectOption({ label: 'Expédiée' });
      await clickAndLoad(page, page.getByRole('button', { name: 'Filtrer' }));
      assert.deepEqual(await listedReferences(page), []);
      assert.equal(await text(page.locator('main p').last()), 'Aucune commande ne correspond.');
      await check(page, 'liste-vide');
      // By its reference, among all states.
      await page.getByLabel('État').selectOption({ label: 'Tous' });
      await page.getByLabel('Rechercher').fill(reference);
      await clickAndLoad(page, page.getByRole('button', { name: 'Filtrer' }));
      assert.deepEqual(await listedReferences(page), [reference]);

      // Open it with the keyboard.
      await tabTo(page, (f) => f.tag === 'a' && f.text === reference, `the link to ${reference}`);
      await enterAndLoad(page);
      assert.equal(path(page), `/admin/commandes/${reference}`);
      assert.equal(await text(page.getByRole('heading', { level: 1 })), `Commande ${reference}`);
      assert.match(await text(page.getByText(/^État :/)), new RegExp(`^État : Payée — client : ${email.replace(/\./g, '\\.')} — passée le `));
      assert.ok((await text(page.locator('main'))).includes(`${product.id} - ${product.name} 1 ${euros(product.cents)}`), 'the line');
      assert.deepEqual((await historyRows(page)).map((r) => r.slice(1, 3)), [['Commande passée', 'la boutique']]);
      await check(page, 'commande-payee');

      // Carrier, tracking, "Marquer comme expédiée": Tab from field to field, Enter.
      await tabTo(page, (f) => f.id === 'carrier', 'the carrier field');
      await page.keyboard.type('Colissimo');
      await page.keyboard.press('Tab');
      focus = await focusState(page);
      assert.equal(focus.id, 'tracking');
      assert.ok(focus.visible, 'focus visible on the tracking field');
      await page.keyboard.type(tracking);
      await page.keyboard.press('Tab');
      focus = await focusState(page);
      assert.equal(focus.text, 'Marquer comme expédiée');
      assert.ok(focus.visible, 'focus visible on the ship button');
      await enterAndLoad(page);
      assert.equal(path(page), `/admin/commandes/${reference}`);
      assert.equal(await text(page.getByRole('status')), 'Commande marquée comme expédiée ; le client est prévenu par courriel.');
      assert.match(await text(page.getByText(/^État :/)), /^État : Expédiée — /);
      assert.equal(await page.getByRole('heading', { name: 'Expédier' }).count(), 0, 'no second shipment');
      assert.equal(await page.getByRole('heading', { name: 'Annuler et rembourser' }).count(), 0, 'a shipped order is not cancelled here');
      assert.deepEqual((await historyRows(page)).map((r) => r.slice(1)), [
        ['Commande passée', 'la boutique', ''],
        ['Expédiée', ADMIN.email, `transporteur : Colissimo, suivi : ${tracking}`],
      ]);
      const shipped = await order(reference);
      assert.equal(shipped.status, 'shipped');
      await check(page, 'commande-expediee');

      // "Marquer comme livrée", with the keyboard.
      await tabTo(page, (f) => f.tag === 'button' && f.text === 'Marquer comme livrée', 'the deliver button');
      await enterAndLoad(page);
      assert.equal(await text(page.getByRole('status')), 'Commande marquée comme livrée.');
      assert.match(await text(page.getByText(/^État :/)), /^État : Livrée — /);
      assert.equal(await page.getByRole('button', { name: 'Marquer comme livrée' }).count(), 0);
      const history = await historyRows(page);
      assert.deepEqual(history.map((r) => r.slice(1, 3)), [
        ['Commande passée', 'la boutique'], ['Expédiée', ADMIN.email], ['Livrée', ADMIN.email]]);
      for (const [when] of history) assert.match(when, /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/, `a French date and time: ${when}`);
      assert.equal((await order(reference)).status, 'delivered');
      await check(page, 'commande-livree');

      // Among the delivered orders now.
      await page.goto(`/admin/commandes?statut=delivered&q=${encodeURIComponent(email)}`, { waitUntil: 'networkidle' });
      assert.deepEqual(await listedReferences(page), [reference]);
      assert.equal(await page.getByLabel('État').inputValue(), 'delivered');

      // The customer's e-mails, in the shop's mailbox: shipped with the tracking, then delivered.
      const shippedMail = await openMail(page, email, `Votre commande ${reference} a été expédiée`);
      assert.match(shippedMail, /Transporteur : Colissimo/);
      assert.match(shippedMail, new RegExp(`Numéro de suivi : ${tracking}`));
      assert.match(shippedMail, new RegExp(`Bonne nouvelle : votre commande ${reference} du .+ a été expédiée\\.`));
      await check(page, 'courriel-expedition');
      await openMail(page, email, `Votre commande ${reference} a été livrée`);
      assert.deepEqual(problems, []);
    });
    assert.equal(await stockOf(server, product.id), 4, 'a delivered order keeps its stock taken');
    assert.deepEqual(check.problems, []);
    assert.equal(check.count(), 9);
  });

  test(`staff cancel an order with a reason after the confirmation; refund e-mail, stock back (${width} px)`, async () => {
    const check = pageChecker(SHOTS, 'commandes-annulation', width);
    const product = await newProduct(server, `Fauteuil Annulé ${width} ${Date.now().toString(36)}`, 3);
    const email = uniqueEmail('annulation');
    const reference = await inContext(width, (page) => orderThroughShop(page, product, 2, { email }));
    const total = 2 * product.cents + SHIPPING_CENTS;
    assert.equal(await stockOf(server, product.id), 1, 'two taken from the stock');
    const reason = "Rupture chez le fabricant : l'article ne sera pas livré à temps.";

    await inContext(width, async (page, context) => {
      const problems = watch(page);
      await logIn(page, ADMIN);
      await page.goto(`/admin/commandes?q=${encodeURIComponent(email)}`, { waitUntil: 'networkidle' });
      await clickAndLoad(page, page.getByRole('link', { name: reference }));
      assert.equal(await text(page.getByRole('heading', { name: 'Annuler et rembourser' })), 'Annuler et rembourser');

      // The reason typed, the box left unticked: the browser keeps the form, nothing is sent.
      await page.getByLabel('Motif').fill(reason);
      const box = page.getByLabel("Je confirme l'annulation : le paiement sera remboursé et le stock rendu.");
      await page.getByRole('button', { name: 'Annuler la commande' }).click();
      await page.waitForLoadState('networkidle');
      assert.equal(path(page), `/admin/commandes/${reference}`);
      const unticked = await validity(box);
      assert.equal(unticked.valid, false, 'the unticked box stops the form');
      assert.notEqual(unticked.message, '', 'the browser says why');
      assert.equal(await page.getByRole('status').count(), 0, 'no message: nothing was done');
      assert.match(await text(page.getByText(/^État :/)), /^État : Payée — /);
      assert.equal((await order(reference)).status, 'paid');
      assert.equal(await stockOf(server, product.id), 1);

      // Posted without the box (the browser's check bypassed): refused in French, nothing done.
      const csrf = await page.locator('input[name="csrf"]').first().inputValue();
      const skipped = await context.request.post(`/admin/commandes/${reference}/annulation`,
        { form: { csrf, reason }, maxRedirects: 0, failOnStatusCode: false });
      assert.equal(skipped.status(), 400);
      assert.match(await skipped.text(), /Cochez la case de confirmation pour annuler la commande\./);
      assert.equal((await order(reference)).status, 'paid');
      assert.equal(await stockOf(server, product.id), 1);
      await check(page, 'commande-a-annuler');

      await box.check();
      await clickAndLoad(page, page.getByRole('button', { name: 'Annuler la commande' }));
      assert.equal(path(page), `/admin/commandes/${reference}`);
      assert.equal(await text(page.getByRole('status')),
        'Commande annulée : le paiement est remboursé et le stock rendu ; le client est prévenu.');
      assert.match(await text(page.getByText(/^État :/)), /^État : Annulée — /);
      assert.equal(await page.getByRole('button', { name: 'Annuler la commande' }).count(), 0, 'no second cancellation');
      assert.equal(await page.getByRole('button', { name: 'Marquer comme expédiée' }).count(), 0, 'a cancelled order is not shipped');
      const history = (await historyRows(page)).map((r) => r.slice(1));
      assert.deepEqual(history[0], ['Commande passée', 'la boutique', '']);
      assert.deepEqual(history.find((r) => r[0] === 'Annulée'), ['Annulée', ADMIN.email, `motif : ${reason}`]);
      for (const step of ['Remboursée', 'Stock rendu']) assert.ok(history.some((r) => r[0] === step), `${step} in ${JSON.stringify(history)}`);
      await check(page, 'commande-annulee');

      const cancelled = await order(reference);
      assert.equal(cancelled.status, 'cancelled');
      assert.equal(await stockOf(server, product.id), 3, "the order's two articles are back in stock");

      // Listed among the cancelled orders.
      await page.goto('/admin/commandes', { waitUntil: 'networkidle' });
      await page.getByLabel('Rechercher').fill(email);
      await page.getByLabel('État').selectOption({ label: 'Annulée' });
      await clickAndLoad(page, page.getByRole('button', { name: 'Filtrer' }));
      assert.deepEqual(await listedReferences(page), [reference]);
      assert.match(await text(page.getByRole('row').filter({ hasText: reference })), / Annulée$/);
      await check(page, 'liste-annulees');

      // The customer's e-mail: the reason and the refund of the whole order.
      const mail = await openMail(page, email, `Annulation de votre commande ${reference}`);
      assert.match(mail, new RegExp(`Votre commande ${reference} du .+ a été annulée\\.`));
      assert.ok(mail.includes(`Motif : ${reason}`), mail);
      assert.ok(mail.includes(`Nous vous avons remboursé ${euros(total)} sur votre carte`), mail);
      assert.match(mail, /se terminant par 8918/);
      await check(page, 'courriel-annulation');
      assert.deepEqual(problems, []);
    });
    // The stock given back is sold again through the shop.
    await inContext(width, (page) => orderThroughShop(page, product, 3, { email: uniqueEmail('reprise') }));
    assert.equal(await stockOf(server, product.id), 0);
    assert.deepEqual(check.problems, []);
    assert.equal(check.count(), 4);
  });
}

test('a shipment without carrier or tracking is kept by the browser, and refused in French when posted', async () => {
  const product = await newProduct(server, `Table Sans Suivi ${Date.now().toString(36)}`, 2);
  const email = uniqueEmail('sanssuivi');
  const reference = await inContext(1440, (page) => orderThroughShop(page, product, 1, { email }));
  await inContext(1440, async (page, context) => {
    await logIn(page, ADMIN);
    await page.goto(`/admin/commandes/${reference}`, { waitUntil: 'networkidle' });
    await page.getByLabel('Transporteur').fill('Colissimo');
    await page.getByRole('button', { name: 'Marquer comme expédiée' }).click();
    await page.waitForLoadState('networkidle');
    assert.equal((await validity(page.getByLabel('Numéro de suivi'))).valid, false, 'the empty tracking stops the form');
    assert.equal(await page.getByRole('status').count(), 0);
    const csrf = await page.locator('input[name="csrf"]').first().inputValue();
    const r = await context.request.post(`/admin/commandes/${reference}/expedition`,
      { form: { csrf, carrier: 'Colissimo', tracking: '' }, maxRedirects: 0 });
    assert.equal(r.status(), 303);
    assert.equal(r.headers().location, `/admin/commandes/${reference}`, 'back to the order');
    // The refusal is said on the order's page (the redirect's message); nothing changed.
    await page.reload({ waitUntil: 'networkidle' });
    assert.match(await text(page.getByRole('status')), /^L'action a été refusée : /);
    assert.match(await text(page.getByText(/^État :/)), /^État : Payée — /);
    assert.equal((await order(reference)).status, 'paid');
    assert.deepEqual((await historyRows(page)).map((row) => row[1]), ['Commande passée']);
  });
});

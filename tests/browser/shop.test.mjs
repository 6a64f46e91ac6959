// The E-Design shop as a shopper sees it, in Chromium, against the real `rapidtrade serve`
// (mails go to the shop's own mailbox page, /boite-mail). Run:
//   cd /work/main && RAPIDTRADE_BIN=build/release/src/rapidtrade node --test tests/browser/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { startServer, API_KEY } from '../e2e/server.mjs';
import {
  CARD, CORNER_SOFA, DECLINED_CARD, DEMO, GUEST, SHIPPING_CENTS, SOFA,
  addFromProductPage, cartLine, clickAndLoad, euros, fillCheckout, launchBrowser, logIn, mailboxLink,
  path, pngSize, row, screenshotDir, text, uniqueEmail, watch, whereAmI, withShopper,
} from './support.mjs';

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

const asShopper = (body, options) => withShopper(browser, server.url, body, options);

test('a guest buys two products and finds the confirmation e-mail in the mailbox', async () => {
  await asShopper(async (page) => {
    const email = uniqueEmail('camille');
    await addFromProductPage(page, SOFA, 2);
    await addFromProductPage(page, CORNER_SOFA, 1);

    // The cart: both lines, then Sous-total, the 50,00 € delivery and the Total.
    assert.equal(await text(page.getByRole('heading', { level: 1 })), "Panier d'achat");
    assert.equal(await text(page.getByLabel('articles dans le panier')), '3');
    const sofaLine = cartLine(page, SOFA);
    assert.equal(await sofaLine.count(), 1, 'the sofa is listed once');
    assert.equal(await page.getByLabel(`Quantité de ${SOFA.name}`).inputValue(), '2');
    assert.ok((await text(sofaLine)).includes(euros(2 * SOFA.cents)), `line total of 2 sofas: ${await text(sofaLine)}`);
    assert.equal(await cartLine(page, CORNER_SOFA).count(), 1, 'the corner sofa is listed');
    assert.equal(await page.getByLabel(`Quantité de ${CORNER_SOFA.name}`).inputValue(), '1');
    const subtotal = 2 * SOFA.cents + CORNER_SOFA.cents;
    assert.equal(await text(row(page, 'Sous-total')), `Sous-total ${euros(subtotal)}`);
    assert.equal(await text(row(page, 'Frais de livraison')), `Frais de livraison ${euros(SHIPPING_CENTS)}`);
    assert.equal(await text(row(page, 'Total')), `Total ${euros(subtotal + SHIPPING_CENTS)}`);
    assert.equal(euros(subtotal + SHIPPING_CENTS), '2\u202f947,00\u00a0€');

    // "Passer la commande" → the order form → "Envoyer".
    await clickAndLoad(page, page.getByRole('link', { name: 'Passer la commande' }));
    assert.equal(path(page), '/commande');
    assert.equal(await text(page.getByRole('heading', { level: 1 })), 'Valider votre commande');
    // Where the shop delivers and for how much (GET /apis/shipping/countries: the default rules).
    assert.equal(await text(row(page, 'France')), `France ${euros(SHIPPING_CENTS)}`);
    assert.equal(await text(row(page, 'Belgique')), `Belgique ${euros(6500)}`);
    await fillCheckout(page, { ...GUEST, email });
    await clickAndLoad(page, page.getByRole('button', { name: 'Envoyer' }));

    // The confirmation, with a 13-digit reference.
    const m = path(page).match(/^\/commande\/(\d{13})$/);
    assert.ok(m, `confirmation URL with a 13-digit reference, got ${await whereAmI(page)}`);
    const reference = m[1];
    assert.equal(await text(page.getByRole('heading', { level: 1 })), 'Merci pour votre commande !');
    const intro = await text(page.getByText(/^Votre commande \d+/));
    assert.match(intro, new RegExp(`^Votre commande ${reference} du .+ est confirmée\\. Un courriel de confirmation a été envoyé à ${email.replace(/\./g, '\\.')}\\.$`));
    assert.equal(await text(row(page, 'Total')), `Total ${euros(subtotal + SHIPPING_CENTS)}`);
    assert.ok((await text(page.locator('main'))).includes(`${GUEST.postalCode} ${GUEST.city}`), 'delivery address shown');
    assert.equal(await text(page.getByLabel('articles dans le panier')), '0', 'the cart is empty after the order');

    // The mailbox lists the confirmation e-mail; it opens with the order in it.
    await clickAndLoad(page, page.getByRole('link', { name: 'Voir le courriel dans la boîte mail de la boutique' }));
    assert.equal(path(page), '/boite-mail');
    const link = await mailboxLink(page, reference);
    assert.equal(await link.count(), 1, 'one e-mail for the order');
    assert.ok((await text(page.getByRole('row').filter({ has: link }))).includes(email), 'sent to the shopper');
    await clickAndLoad(page, link);
    const subject = await text(page.getByRole('heading', { level: 1 }));
    assert.ok(subject.includes(reference), `subject names the order: ${subject}`);
    const mail = await text(page.locator('main'));
    assert.ok(mail.includes(`À : ${email}`), mail);
    assert.ok(mail.includes(`Référence de commande : ${reference}`), mail);
    assert.ok(mail.includes(`Total : ${euros(subtotal + SHIPPING_CENTS)}`), mail);
  });
});

test('a new customer signs up, orders with ViveLeDesign and finds the order in "Mes commandes"', async () => {
  await asShopper(async (page) => {
    const email = uniqueEmail('lea');
    await page.goto('/inscription');
    assert.equal(await page.getByText('Pour les personnes connectées: -30%').count(), 0, 'no banner for guests');
    await page.getByLabel('Prénom').fill('Léa');
    await page.getByLabel('Nom', { exact: true }).fill('Dubois');
    await page.getByLabel('Courriel').fill(email);
    await page.getByLabel('Mot de passe').fill('Canape-Cuir-2026');
    await clickAndLoad(page, page.getByRole('button', { name: 'Créer mon compte' }));

    // Logged in: welcome message, the -30 % banner, "Mes commandes" in the menu.
    assert.equal(path(page), '/', `signing up leads home, not ${await whereAmI(page)}`);
    assert.equal(await text(page.getByRole('status')), 'Bienvenue Léa ! Votre compte est créé.');
    assert.ok(await page.getByText('Pour les personnes connectées: -30% avec le code ViveLeDesign').isVisible(), 'the -30 % banner');
    assert.ok(await page.getByRole('link', { name: 'Mes commandes' }).isVisible());
    assert.equal(await page.getByRole('link', { name: 'Me connecter' }).count(), 0);

    await addFromProductPage(page, SOFA, 1);
    await clickAndLoad(page, page.getByRole('link', { name: 'Passer la commande' }));
    assert.equal(await page.getByLabel('Courriel').count(), 0, 'a customer is not asked for the e-mail');
    assert.equal(await page.getByLabel('Nom complet').inputValue(), 'Léa Dubois', 'name prefilled from the account');
    await fillCheckout(page, {
      street: '3 place de la Comédie', city: 'Montpellier', postalCode: '34000', cardHolder: 'Léa Dubois',
      cardNumber: CARD.number, cvv: CARD.cvv, year: CARD.year, month: CARD.month, promo: 'ViveLeDesign',
    });
    await clickAndLoad(page, page.getByRole('button', { name: 'Envoyer' }));

    const m = path(page).match(/^\/commande\/(\d{13})$/);
    assert.ok(m, `confirmation expected, got ${await whereAmI(page)}`);
    const reference = m[1];
    const discount = Math.round(SOFA.cents * 0.3);
    const total = SOFA.cents - discount + SHIPPING_CENTS;
    assert.equal(await text(row(page, 'Sous-total')), `Sous-total ${euros(SOFA.cents)}`);
    assert.equal(await text(row(page, 'Remise ViveLeDesign')), `Remise ViveLeDesign -${euros(discount)}`);
    assert.equal(await text(row(page, 'Frais de livraison')), `Frais de livraison ${euros(SHIPPING_CENTS)}`);
    assert.equal(await text(row(page, 'Total')), `Total ${euros(total)}`);

    await clickAndLoad(page, page.getByRole('link', { name: 'Mes commandes' }));
    assert.equal(path(page), '/mes-commandes');
    assert.equal(await text(page.getByRole('heading', { level: 1 })), 'Mes commandes');
    const orderLink = page.getByRole('link', { name: reference, exact: true });
    assert.equal(await orderLink.count(), 1, 'the order is listed');
    assert.ok((await text(page.getByRole('row').filter({ has: orderLink }))).includes(euros(total)), 'with its total');
    await clickAndLoad(page, orderLink);
    assert.equal(await text(page.getByRole('heading', { level: 1 })), `Commande ${reference}`);
  });
});

test('a declined card shows "Paiement refusé", keeps the cart and the typed address but not the card number', async () => {
  await asShopper(async (page) => {
    const fields = { ...GUEST, email: uniqueEmail('refus'), cardNumber: DECLINED_CARD };
    await addFromProductPage(page, SOFA, 1);
    await clickAndLoad(page, page.getByRole('link', { name: 'Passer la commande' }));
    await fillCheckout(page, fields);
    const response = await clickAndLoad(page, page.getByRole('button', { name: 'Envoyer' }));

    assert.equal(path(page), '/commande', 'the shopper stays on the order form');
    assert.equal(await text(page.getByRole('heading', { level: 1 })), 'Valider votre commande', await whereAmI(page));
    assert.match(await text(page.getByRole('alert')), /^Paiement refusé/);
    assert.equal(response.status(), 402);
    assert.equal(await page.getByLabel('Numéro de la carte').inputValue(), '', 'card number not written back');
    assert.equal(await page.getByLabel('CCV').inputValue(), '', 'CCV not written back');
    assert.equal(await page.getByLabel('Courriel').inputValue(), fields.email);
    assert.equal(await page.getByLabel('Nom complet').inputValue(), fields.fullName);
    assert.equal(await page.getByLabel('Rue').inputValue(), fields.street);
    assert.equal(await page.getByLabel('Ville').inputValue(), fields.city);
    assert.equal(await page.getByLabel('Code postal').inputValue(), fields.postalCode);
    assert.equal(await page.getByLabel('Titulaire de la carte').inputValue(), fields.cardHolder);

    await clickAndLoad(page, page.getByRole('link', { name: /^Panier/ }));
    assert.equal(path(page), '/panier');
    assert.equal(await cartLine(page, SOFA).count(), 1, 'the cart still lists the sofa');
    assert.equal(await text(page.getByLabel('articles dans le panier')), '1');
  });
});

test('a wrong password shows "Courriel ou mot de passe incorrect." and keeps the e-mail', async () => {
  await asShopper(async (page) => {
    await logIn(page, { email: DEMO.email, password: 'pas-le-bon-mot-de-passe' });
    assert.equal(path(page), '/connexion', await whereAmI(page));
    assert.equal(await text(page.getByRole('alert')), 'Courriel ou mot de passe incorrect.');
    assert.equal(await page.getByLabel('Courriel').inputValue(), DEMO.email);
    assert.equal(await page.getByLabel('Mot de passe').inputValue(), '');
    assert.ok(await page.getByRole('link', { name: 'Me connecter' }).isVisible(), 'still logged out');
  });
});

test('a 4-digit postal code shows "5 chiffres" next to Code postal', async () => {
  await asShopper(async (page) => {
    await addFromProductPage(page, SOFA, 1);
    await clickAndLoad(page, page.getByRole('link', { name: 'Passer la commande' }));
    await fillCheckout(page, { ...GUEST, email: uniqueEmail('cp'), postalCode: '8900' });
    await clickAndLoad(page, page.getByRole('button', { name: 'Envoyer' }));

    assert.equal(path(page), '/commande', 'no order with a bad postal code');
    assert.equal(await text(page.getByRole('heading', { level: 1 })), 'Valider votre commande', await whereAmI(page));
    const postal = page.getByLabel('Code postal');
    assert.equal(await postal.inputValue(), '8900', 'the typed value is kept');
    const describedBy = await postal.getAttribute('aria-describedby');
    assert.ok(describedBy, 'the field points at its message');
    const message = await text(page.locator(`[id="${describedBy}"]`));
    assert.match(message, /5 chiffres/);
    assert.match(await postal.evaluate((el) => el.nextElementSibling?.textContent ?? ''), /5 chiffres/, 'message right after the field');
    assert.equal(await postal.getAttribute('aria-invalid'), 'true', 'announced as invalid to assistive technology');
    // Only that field is flagged.
    for (const label of ['Nom complet', 'Rue', 'Ville']) {
      const id = await page.getByLabel(label).getAttribute('aria-describedby');
      assert.equal(await text(page.locator(`[id="${id}"]`)), '', `no message next to ${label}`);
      assert.equal(await page.getByLabel(label).getAttribute('aria-invalid'), null, `${label} not marked invalid`);
    }
  });
});

// ---------------------------------------------------------------- every page

// Walks every page of the shop as one shopper would; `visit(name, response)` is called on each.
async function everyPage(page, visit) {
  const go = async (name, url) => visit(name, await page.goto(url, { waitUntil: 'networkidle' }));
  await go('accueil', '/');
  await go('produits', '/produits');
  await go('produit', `/produits/${SOFA.id}`);
  await go('panier-vide', '/panier');
  await go('connexion', '/connexion');
  await go('inscription', '/inscription');
  await go('a-propos', '/a-propos');
  await go('contact', '/contact');
  await go('404', '/nexiste-pas');
  await addFromProductPage(page, SOFA, 1);
  await go('panier-rempli', '/panier');
  await go('commande', '/commande');
  await fillCheckout(page, { ...GUEST, email: uniqueEmail('visite') });
  const confirmation = await clickAndLoad(page, page.getByRole('button', { name: 'Envoyer' }));
  assert.match(path(page), /^\/commande\/\d{13}$/, `the order went through: ${await whereAmI(page)}`);
  const reference = path(page).split('/').pop();
  await visit('confirmation', confirmation);
  await mailboxLink(page, reference);
  await go('boite-mail', '/boite-mail');
  const mail = await clickAndLoad(page, page.getByRole('link', { name: new RegExp(reference) }));
  await visit('courriel', mail);
  await logIn(page, DEMO);
  await go('mes-commandes', '/mes-commandes');
}

test('every page answers without console errors or failed requests, has a title, and 404 is in the layout', async () => {
  await asShopper(async (page) => {
    const problems = watch(page);
    const visited = [];
    await everyPage(page, async (name, response) => {
      visited.push(name);
      const url = page.url();
      // The 404 page's own status is reported by Chromium as a console error; that one is expected.
      const unexpected = problems.splice(0).filter((p) =>
        !(name === '404' && p.kind === 'console' && p.url === url && /status of 404/.test(p.text)));
      assert.deepEqual(unexpected, [], `${name} (${url})`);
      assert.ok((await page.title()).trim().length > 0, `${name} has a <title>`);
      if (name === '404') {
        assert.equal(response.status(), 404);
        assert.equal(await text(page.getByRole('heading', { level: 1 })), 'Page introuvable');
        assert.match(await page.title(), /Page introuvable/);
        assert.ok(await page.getByRole('navigation', { name: 'Menu principal' }).isVisible(), '404 inside the menu layout');
        assert.ok(await page.getByRole('contentinfo').isVisible(), '404 with the footer');
        assert.ok(await page.getByRole('link', { name: 'Aller au contenu' }).count() === 1, '404 with the skip link');
        const styled = await page.evaluate(() => [...document.styleSheets].some((s) => s.href && s.cssRules.length > 0));
        assert.ok(styled, '404 with the shop stylesheet');
      } else {
        assert.equal(response.status(), 200, `${name} (${url}) answers 200`);
      }
    });
    assert.equal(visited.length, 15);
  });
});

// WCAG 2.1 AA with axe-core (npm), on every page at both widths: no critical or serious violation.
// The audit script is added by the test, so the context bypasses the page's CSP (script-src 'self')
// for that alone; the shop's own headers are checked by the security test below.
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

test('axe-core finds no critical or serious WCAG 2.1 AA violation on any page, at 375 and 1440 px', async () => {
  const found = [];
  let audited = 0;
  for (const width of [375, 1440]) {
    await asShopper(async (page) => {
      await everyPage(page, async (name) => {
        await page.addScriptTag({ content: AXE });
        const result = await page.evaluate(() => globalThis.axe.run(document, {
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
        }));
        audited += 1;
        for (const v of result.violations.filter((x) => x.impact === 'critical' || x.impact === 'serious'))
          found.push(`${name} @${width}px: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      });
    }, { viewport: { width, height: 900 }, bypassCSP: true });
  }
  assert.equal(audited, 30);
  assert.deepEqual(found, []);
});

// The back-office and the account pages, as a member of the staff and a customer see them: axe-core
// finds nothing critical or serious, nothing scrolls sideways on a phone, a screenshot of each.
test('back-office and account pages: axe-core clean, no sideways scroll at 375 px, screenshots at 375 and 1440 px', async () => {
  const email = uniqueEmail('equipe');
  const password = 'staff-password-2026';
  const created = await fetch(`${server.url}/apis/auth/credentials`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Api-Key': API_KEY },
    body: JSON.stringify({ customer_id: `STAFF${Date.now().toString(36).toUpperCase()}`.slice(0, 16), email, password, roles: ['admin'] }),
  });
  assert.equal(created.status, 201);
  const pages = [
    ['admin-tableau-de-bord', '/admin/'], ['admin-commandes', '/admin/commandes'],
    ['admin-produits', '/admin/produits'], ['admin-produit', `/admin/produits/${SOFA.id}`],
    ['admin-clients', '/admin/clients'], ['admin-client', '/admin/clients/JEANRAULT0000001'],
  ];
  const found = [];
  const overflowing = [];
  let shots = 0;
  for (const width of [375, 1440]) {
    for (const [who, account, list] of [['equipe', { email, password }, pages],
      ['client', DEMO, [['mon-compte', '/mon-compte'], ['mot-de-passe-oublie', '/mot-de-passe/oublie']]]]) {
      await asShopper(async (page) => {
        await logIn(page, account);
        for (const [name, url] of list) {
          const response = await page.goto(url, { waitUntil: 'networkidle' });
          assert.equal(response.status(), 200, `${who} ${url}`);
          await page.addScriptTag({ content: AXE });
          const result = await page.evaluate(() => globalThis.axe.run(document, {
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
          }));
          for (const v of result.violations.filter((x) => x.impact === 'critical' || x.impact === 'serious'))
            found.push(`${name} @${width}px: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
          const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
          if (scrollWidth > width) overflowing.push(`${url} is ${scrollWidth} px wide at ${width} px`);
          await page.screenshot({ path: join(SHOTS, `admin-${name}-${width}.png`), fullPage: true });
          shots += 1;
        }
      }, { viewport: { width, height: 900 }, bypassCSP: true });
    }
  }
  assert.equal(shots, 16);
  assert.deepEqual(found, []);
  assert.deepEqual(overflowing, []);
});

// Issue 15: every staff action is shown on the object's page. A member of the staff exports a
// customer's data from the customer's page; back on it, the "Historique" table names the export,
// who made it (their e-mail) and when.
test('the customer page shows the export in its "Historique": date, who, what', async () => {
  const email = uniqueEmail('historique');
  const password = 'staff-password-2026';
  const api = (method, url, body) => fetch(`${server.url}${url}`, {
    method, headers: { 'Content-Type': 'application/json', 'X-Api-Key': API_KEY }, body: JSON.stringify(body) });
  assert.equal((await api('POST', '/apis/auth/credentials', { customer_id: `HISTO${Date.now().toString(36).toUpperCase()}`.padEnd(16, '0').slice(0, 16), email, password, roles: ['staff'] })).status, 201);
  const customer = await api('POST', '/apis/customers/', { email: uniqueEmail('cliente'), password: 'mot-de-passe-Ines-1', first_name: 'Inès', last_name: 'Historique' });
  assert.equal(customer.status, 201);
  const { id } = await customer.json();
  await asShopper(async (page) => {
    const problems = watch(page);
    await logIn(page, { email, password });
    await page.goto(`/admin/clients/${id}`, { waitUntil: 'networkidle' });
    const history = page.getByRole('region', { name: 'Historique' });
    assert.match(await text(history), /Aucune action de l'équipe sur ce client\./, await whereAmI(page));
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Exporter ses données (JSON)' }).click()]);
    assert.equal(download.suggestedFilename(), `client-${id}.json`);
    await page.reload({ waitUntil: 'networkidle' });
    const rows = history.getByRole('row');
    assert.deepEqual(await rows.first().getByRole('columnheader').allInnerTexts(), ['Date', 'Qui', 'Quoi']);
    assert.equal(await rows.count(), 2, 'one line for the one export');
    const cells = (await rows.nth(1).getByRole('cell').allInnerTexts()).map((c) => c.trim());
    const now = new Date();
    const today = `${String(now.getUTCDate()).padStart(2, '0')}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${now.getUTCFullYear()}`;
    assert.match(cells[0], new RegExp(`^${today.replaceAll('/', '\\/')} \\d\\d:\\d\\d$`), cells[0]);
    assert.deepEqual(cells.slice(1), [email, 'Données exportées (0 commande)']);
    assert.deepEqual(problems, []);
  }, { acceptDownloads: true });
});

test('screenshots of every page at 375 px and 1440 px, none wider than the screen', async () => {
  const written = [];
  const overflowing = [];
  for (const width of [375, 1440]) {
    await asShopper(async (page) => {
      await everyPage(page, async (name) => {
        const file = join(SHOTS, `${String(written.length).padStart(2, '0')}-${name}-${width}.png`);
        await page.screenshot({ path: file, fullPage: true });
        written.push({ file, width, name });
        const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        if (scrollWidth > width) overflowing.push(`${page.url()} is ${scrollWidth} px wide at ${width} px (${file})`);
      });
    }, { viewport: { width, height: 900 } });
  }
  assert.equal(written.length, 30);
  for (const { file, width } of written) {
    assert.ok(existsSync(file), file);
    const size = pngSize(readFileSync(file));
    assert.ok(size.width >= width && size.height >= 900, `${file}: ${JSON.stringify(size)}`);
  }
  // A phone-sized page must not scroll sideways.
  assert.deepEqual(overflowing, []);
});

// ---------------------------------------------------------------- security and keyboard

test('pages carry the security headers and the session cookie is HttpOnly, SameSite=Lax', async () => {
  await asShopper(async (page, context) => {
    const response = await page.goto('/panier');
    const headers = await response.allHeaders();
    const csp = headers['content-security-policy'];
    assert.ok(csp, 'Content-Security-Policy present');
    assert.ok(!csp.includes('unsafe-inline'), `no 'unsafe-inline': ${csp}`);
    assert.ok(!csp.includes('unsafe-eval'), `no 'unsafe-eval': ${csp}`);
    assert.match(csp, /(^|;)\s*(script-src|default-src) [^;]*'self'/);
    assert.equal(headers['x-content-type-options'], 'nosniff');
    assert.ok(headers['referrer-policy'], 'Referrer-Policy present');
    assert.notEqual(headers['referrer-policy'], 'unsafe-url');

    const session = (await context.cookies()).find((c) => c.name === 'rt_session');
    assert.ok(session, 'rt_session cookie set');
    assert.equal(session.httpOnly, true, 'HttpOnly');
    assert.equal(session.sameSite, 'Lax', 'SameSite=Lax');
    assert.equal(session.path, '/');
    assert.ok(!(await page.evaluate(() => document.cookie)).includes('rt_session'), 'scripts cannot read the session');
  });
});

test('the first Tab reaches the "Aller au contenu" skip link, which shows and leads to the content', async () => {
  await asShopper(async (page) => {
    await page.goto('/');
    await page.keyboard.press('Tab');
    const focused = page.locator(':focus');
    assert.equal(await text(focused), 'Aller au contenu');
    assert.equal(await focused.getAttribute('href'), '#contenu');
    const box = await focused.boundingBox();
    const viewport = page.viewportSize();
    assert.ok(box && box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width, `visible when focused: ${JSON.stringify(box)}`);
    await page.keyboard.press('Enter');
    assert.equal(new URL(page.url()).hash, '#contenu');
    assert.equal(await page.locator('#contenu').evaluate((el) => el.tagName), 'MAIN');
  });
});

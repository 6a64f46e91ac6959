// The E-Design shop in English (issue 17), in Chromium against the real `rapidtrade serve`: a
// French browser switches to EN, shops and checks out as a guest in English (screenshots of each
// step, like the French journey's), and back to FR keeps the cart; then every page of the shop,
// rendered in English, must not show the French text of any shop message whose English differs.
// Run: RAPIDTRADE_BIN=build/release/src/rapidtrade node --test tests/browser/shop_english.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer } from '../e2e/server.mjs';
import {
  GUEST, SHIPPING_CENTS, SHOP_WORDS, SOFA, CORNER_SOFA, cartLine, clickAndLoad, fillCheckout, launchBrowser, path, row,
  screenshotDir, text, uniqueEmail, watch, whereAmI, withShopper,
} from './support.mjs';
import { englishMoney, frenchIn, frenchOf, pageLanguage, readable, switchTo } from './language_support.mjs';

const SHOTS = screenshotDir();
console.log(`screenshots: ${SHOTS}`);
const WIDTHS = [375, 1440];

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

async function shoot(page, name) {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: join(SHOTS, `en-${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

// The English order form, through its labels (the card's month as the English form names it).
const fillCheckoutInEnglish = (page, f) => fillCheckout(page, { ...f, month: SHOP_WORDS.en.cardMonth }, 'en');

test('a French browser switches to EN, shops and checks out as a guest in English; FR again keeps the cart', async () => {
  await asShopper(async (page) => {
    const problems = watch(page);
    await page.goto('/');
    assert.equal(await pageLanguage(page), 'fr', 'a fr-FR browser starts in French');
    assert.equal(await text(page.getByRole('heading', { level: 1 })), 'Le meilleur site E-Design');

    // EN: the same page, in English.
    await switchTo(page, 'EN');
    assert.equal(path(page), '/');
    assert.equal(await pageLanguage(page), 'en');
    assert.equal(await text(page.getByRole('heading', { level: 1 })), 'The best E-Design shop');
    assert.ok(await page.getByRole('navigation', { name: 'Main menu' }).isVisible());
    assert.equal(await page.getByRole('button', { name: 'EN', exact: true }).count(), 0, 'the current language is not a button');
    await shoot(page, '01-home');

    // Browse: the list, then the product page.
    await clickAndLoad(page, page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Products' }));
    assert.equal(path(page), '/produits', 'URLs stay the same');
    assert.equal(await text(page.getByRole('heading', { level: 1 })), 'All our products');
    assert.match(await text(page.locator('.count')), /^\d+ products$/);
    await shoot(page, '02-products');
    await page.goto(`/produits/${SOFA.id}`);
    assert.equal(await text(page.locator('.price.big')), englishMoney(SOFA.cents));
    await page.getByLabel('Quantity', { exact: true }).selectOption('2');
    await shoot(page, '03-product');
    await clickAndLoad(page, page.getByRole('button', { name: 'Add to cart' }));
    assert.equal(path(page), '/panier');
    assert.equal(await text(page.getByRole('status')), 'Product added to the cart.');
    await page.goto(`/produits/${CORNER_SOFA.id}`);
    await clickAndLoad(page, page.getByRole('button', { name: 'Add to cart' }));

    // The cart, in English money.
    const subtotal = 2 * SOFA.cents + CORNER_SOFA.cents;
    assert.equal(await text(page.getByRole('heading', { level: 1 })), 'Shopping cart');
    assert.equal(await text(page.getByLabel('items in the cart')), '3');
    assert.equal(await page.getByLabel(`Quantity of ${SOFA.name}`).inputValue(), '2');
    assert.equal(await text(row(page, 'Subtotal')), `Subtotal ${englishMoney(subtotal)}`);
    assert.equal(await text(row(page, 'Delivery')), `Delivery ${englishMoney(SHIPPING_CENTS)}`);
    assert.equal(await text(row(page, 'Total')), `Total ${englishMoney(subtotal + SHIPPING_CENTS)}`);
    assert.equal(englishMoney(subtotal + SHIPPING_CENTS), '€2,947.00');
    await shoot(page, '04-cart');

    // FR and back: the same cart, the same session.
    await switchTo(page, 'FR');
    assert.equal(path(page), '/panier');
    assert.equal(await pageLanguage(page), 'fr');
    assert.equal(await text(page.getByRole('heading', { level: 1 })), "Panier d'achat");
    assert.equal(await text(page.getByLabel('articles dans le panier')), '3');
    assert.equal(await cartLine(page, SOFA).count(), 1);
    assert.equal(await page.getByLabel(`Quantité de ${SOFA.name}`).inputValue(), '2');
    await switchTo(page, 'EN');
    assert.equal(await text(page.getByLabel('items in the cart')), '3');

    // Checkout as a guest, in English.
    await clickAndLoad(page, page.getByRole('link', { name: 'Place the order' }));
    assert.equal(path(page), '/commande');
    assert.equal(await text(page.getByRole('heading', { level: 1 })), 'Confirm your order');
    const email = uniqueEmail('ann');
    await fillCheckoutInEnglish(page, { ...GUEST, email, postalCode: '6900' });
    await clickAndLoad(page, page.getByRole('button', { name: 'Send' }));
    // A field error in English, next to the field.
    assert.equal(await text(page.getByRole('alert')), 'Check the fields marked.');
    const postal = page.getByLabel('Postal code');
    assert.equal(await text(page.locator(`[id="${await postal.getAttribute('aria-describedby')}"]`)),
      'A French postal code has 5 digits, for example 89000.');
    await shoot(page, '05-checkout-error');
    await fillCheckoutInEnglish(page, { ...GUEST, email });
    await shoot(page, '06-checkout');
    await clickAndLoad(page, page.getByRole('button', { name: 'Send' }));

    // The confirmation in English, English money and date.
    const m = path(page).match(/^\/commande\/(\d{13})$/);
    assert.ok(m, `confirmation expected, got ${await whereAmI(page)}`);
    const reference = m[1];
    assert.equal(await text(page.getByRole('heading', { level: 1 })), 'Thank you for your order!');
    const intro = await text(page.getByText(/^Your order \d+/));
    assert.match(intro, new RegExp(`^Your order ${reference} of \\d{1,2} [A-Z][a-z]+ \\d{4} is confirmed\\. A confirmation e-mail has been sent to ${email.replace(/\./g, '\\.')}\\.$`));
    assert.equal(await text(row(page, 'Subtotal')), `Subtotal ${englishMoney(subtotal)}`);
    assert.equal(await text(row(page, 'Total')), `Total ${englishMoney(subtotal + SHIPPING_CENTS)}`);
    assert.ok((await text(page.locator('main'))).includes(`Payment: card`), 'payment line in English');
    assert.equal(await text(page.getByLabel('items in the cart')), '0');
    await shoot(page, '07-confirmation');

    // Back to French: the confirmation page reads in French again.
    await switchTo(page, 'FR');
    assert.equal(await text(page.getByRole('heading', { level: 1 })), 'Merci pour votre commande !');
    // The refused postal code's page answers 400 on purpose, which Chromium reports.
    const unexpected = problems.filter((p) => !(p.kind === 'console' && /status of 400/.test(p.text) && p.url.endsWith('/commande')));
    assert.deepEqual(unexpected, []);
  });
});

// ---------------------------------------------------------------- no French left in English

// Every shop message whose English differs from its French: its French pieces (language_support.mjs).
const FRENCH = frenchOf('shop');

async function catalogueTexts() {
  const products = await (await fetch(`${server.url}/apis/products/?per_page=100`)).json();
  const countries = await (await fetch(`${server.url}/apis/shipping/countries`)).json();
  const out = [];
  for (const p of products.items) {
    out.push(p.name, p.description, ...p.categories.map((c) => c.name));
  }
  for (const c of countries.items) out.push(c.name);
  // The longest first, so that a name inside a description goes with it.
  return [...new Set(out.filter(Boolean))].sort((a, b) => b.length - a.length);
}

test('no page of the shop rendered in English shows the French text of a shop message', async () => {
  assert.ok(FRENCH.length > 150, `the catalogue has its messages (${FRENCH.length})`);
  const data = await catalogueTexts();
  const found = [];
  let pages = 0;
  await asShopper(async (page) => {
    const check = async (name) => {
      pages += 1;
      assert.equal(await pageLanguage(page), 'en', `${name} is in English`);
      found.push(...frenchIn(await readable(page, data), FRENCH, name));
    };
    const go = async (name, url) => {
      await page.goto(url);
      await check(name);
    };
    await page.goto('/');
    await switchTo(page, 'EN');
    await go('home', '/');
    await go('products', '/produits');
    await go('products-search', '/produits?q=zzzz-nothing');
    await go('category', '/produits?categorie=canapes&tri=price_desc');
    await go('product', `/produits/${SOFA.id}`);
    await go('cart-empty', '/panier');
    await go('login', '/connexion');
    await go('signup', '/inscription');
    await go('about', '/a-propos');
    await go('contact', '/contact');
    await go('404', '/nexiste-pas');
    await go('forgot', '/mot-de-passe/oublie');
    await go('new-password-bad-link', '/mot-de-passe/nouveau?token=abc');
    await go('mailbox', '/boite-mail');
    // Log-in errors.
    await page.goto('/connexion');
    await page.getByLabel('E-mail').fill('nobody@example.fr');
    await page.getByLabel('Password').fill('wrong-password-1');
    await clickAndLoad(page, page.getByRole('button', { name: 'Log in' }));
    await check('login-error');
    // Sign-up errors, then an account (English, from this session).
    await page.goto('/inscription');
    await page.getByLabel('First name').fill('Ann');
    await page.getByLabel('Last name').fill('Smith');
    await page.getByLabel('E-mail').fill('ann@example');
    await page.getByLabel('Password (at least 8 characters)').fill('Canape-Cuir-2026');
    await clickAndLoad(page, page.getByRole('button', { name: 'Create my account' }));
    assert.equal(await text(page.getByRole('alert')), 'Check the fields marked.');
    await check('signup-errors');
    // The cart, the order form and its errors, the confirmation.
    await page.goto(`/produits/${SOFA.id}`);
    await clickAndLoad(page, page.getByRole('button', { name: 'Add to cart' }));
    await check('cart');
    await go('checkout', '/commande');
    await clickAndLoad(page, page.getByRole('button', { name: 'Send' }));
    await check('checkout-errors');
    await fillCheckoutInEnglish(page, { ...GUEST, email: uniqueEmail('check') });
    await clickAndLoad(page, page.getByRole('button', { name: 'Send' }));
    assert.match(path(page), /^\/commande\/\d{13}$/, await whereAmI(page));
    await check('confirmation');
    // A customer's own pages.
    await page.goto('/inscription');
    await page.getByLabel('First name').fill('Ann');
    await page.getByLabel('Last name').fill('Smith');
    await page.getByLabel('E-mail').fill(uniqueEmail('ann'));
    await page.getByLabel('Password (at least 8 characters)').fill('Canape-Cuir-2026');
    await clickAndLoad(page, page.getByRole('button', { name: 'Create my account' }));
    await check('welcome');
    await go('orders-empty', '/mes-commandes');
    await go('account', '/mon-compte');
    await page.getByLabel('Current password').fill('not-the-password-1');
    await page.getByLabel('New password (at least 8 characters)').fill('Another-Pass-2026');
    await clickAndLoad(page, page.getByRole('button', { name: 'Change the password' }));
    assert.equal(await text(page.getByRole('alert')), 'The current password is wrong.');
    await check('account-error');
    await page.goto(`/produits/${SOFA.id}`);
    await clickAndLoad(page, page.getByRole('button', { name: 'Add to cart' }));
    await page.goto('/commande');
    await fillCheckoutInEnglish(page, { ...GUEST, email: undefined });
    await clickAndLoad(page, page.getByRole('button', { name: 'Send' }));
    const reference = path(page).split('/').pop();
    await go('orders', '/mes-commandes');
    await go('order', `/mes-commandes/${reference}`);
    await clickAndLoad(page, page.getByRole('button', { name: 'Log out' }));
    await check('logged-out');
  });
  assert.equal(pages, 27, "every page above was checked");
  assert.deepEqual(found, []);
});

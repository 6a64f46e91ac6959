// The language of an order and of the e-mails (issue 17), through the real binary and a real SMTP
// sink (smtp_sink.mjs): an English guest's order is stored and answered in English and its
// confirmation arrives in English (reference, lines, totals in English money, address); a French
// one as before; the staff's shipped and cancelled e-mails in the order's language; the password
// reset e-mail in the language asked for; and hostile `language` values refused, naming the field,
// with nothing ordered, reserved, charged or sent.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer } from './server.mjs';
import {
  api, expectProblem, uniqueEmail, SOFA, CORNER_SOFA, ADDRESS, stockOf, setStock, newCart, addLine, order, placedOrder,
  newCustomer,
} from './commerce_support.mjs';
import { start as startSink } from './smtp_sink.mjs';
import { makeAdmin } from '../security/support.mjs';

let sink;
let server;
let staff;

before(async () => {
  sink = await startSink();
  server = await startServer({
    env: { SMTP_URL: `smtp://127.0.0.1:${sink.port}`, SMTP_TLS: 'none', EMAIL_RETRY_BASE_MS: '200', EMAIL_POLL_MS: '100',
      CHECKOUT_FOLLOWUP_MS: '300', PASSWORD_RESET_MAX_PER_ADDRESS: '1000', ACCESS_LOG: 'false' },
  });
  staff = await makeAdmin(server);
});
after(async () => {
  await server?.stop();
  await sink?.stop();
});

// Money as each language writes it (platform/i18n/format.hpp).
const englishMoney = (cents) => `€${Math.floor(cents / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${String(cents % 100).padStart(2, '0')}`;
const frenchMoney = (cents) =>
  `${Math.floor(cents / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f')},${String(cents % 100).padStart(2, '0')}\u00a0€`;
const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const englishDate = (iso) => `${Number(iso.slice(8, 10))} ${months[Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;

// Text of an HTML part with the entities the e-mails use decoded.
const htmlText = (html) => html.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>')
  .replace(/&amp;/g, '&');

const mailsTo = (address) => sink.messages.filter((m) => m.to.includes(address));
const asStaff = (method, path, body) => api(server, method, path, { key: false, token: staff.token, body });

// A guest's order of one sofa and two corner sofas in `language` (absent when undefined).
async function guestOrder(language, extra = {}) {
  const email = uniqueEmail(`guest-${language ?? 'none'}`);
  const cart = await newCart(server);
  await addLine(server, cart.id, SOFA, 1);
  await addLine(server, cart.id, CORNER_SOFA, 2);
  const r = await order(server, { cart_id: cart.id, email, ...(language === undefined ? {} : { language }), ...extra });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const mail = await sink.waitFor((m) => m.to.includes(email) && m.text.includes(r.body.reference), 10000);
  return { email, placed: r.body, mail };
}

test('an English guest order: stored and answered in English, its confirmation in English', async () => {
  await setStock(server, SOFA, 50);
  await setStock(server, CORNER_SOFA, 50);
  const { email, placed, mail } = await guestOrder('en');
  assert.equal(placed.language, 'en');
  const again = await placedOrder(server, placed);
  assert.equal(again.status, 200);
  assert.equal(again.body.language, 'en', 'stored with the order');
  // The lines as its shopper saw them: the catalogue's English names.
  assert.deepEqual(again.body.lines.map((l) => [l.product_id, l.name]).sort(),
    [[SOFA, 'Modern Leather Sofa'], [CORNER_SOFA, 'Comfortable Corner Sofa']].sort());
  const ref = placed.reference;
  const total = placed.total.amount;

  assert.equal(mail.subject, `Order confirmation ${ref} at RapidTrade Co.`);
  const text = mail.text;
  for (const expected of [
    `Hello ${ADDRESS.full_name},`,
    'We confirm that we have received your order and its payment.',
    `Your order will be delivered by International Standard to this address:\n${ADDRESS.full_name}\n${ADDRESS.street}\n`
      + `${ADDRESS.postal_code} ${ADDRESS.city}\n${ADDRESS.country}\n`,
    `Order reference: ${ref}`,
    `Date: ${englishDate(placed.created_at)}`,
    `- ${SOFA} - Modern Leather Sofa: 1 × €899.00 = €899.00`,
    `- ${CORNER_SOFA} - Comfortable Corner Sofa: 2 × €1,099.00 = €2,198.00`,
    'Subtotal: €3,097.00',
    'Shipping: €50.00',
    `Total: ${englishMoney(total)}`,
    'Payment: visa card ending in 8918',
    'Thank you for your order at RapidTrade Co.!',
  ]) assert.ok(text.includes(expected), `${JSON.stringify(expected)} not in:\n${text}`);
  assert.equal(total, 309700 + 5000);
  const html = htmlText(mail.html);
  assert.match(mail.html, /<html lang="en">/);
  for (const expected of ['Shipping address', 'Order reference', ref, `<b>${englishMoney(total)}</b>`, ADDRESS.street,
    `${ADDRESS.postal_code} ${ADDRESS.city}`, 'Subtotal', '€3,097.00'])
    assert.ok(html.includes(expected), `${expected} not in ${html}`);
  for (const french of ['Bonjour', 'Votre commande', 'Sous-total', 'Frais de livraison', 'Merci', '\u00a0€', 'Canapé'])
    for (const part of [text, html]) assert.ok(!part.includes(french), `${french} in ${part}`);
  await sleep(600);
  assert.equal(mailsTo(email).length, 1, 'one confirmation');
});

test('a French order, and one that names no language, still read in French', async () => {
  for (const language of ['fr', undefined, null]) {
    const { placed, mail } = await guestOrder(language);
    assert.equal(placed.language, 'fr');
    assert.equal((await placedOrder(server, placed)).body.language, 'fr');
    assert.equal(mail.subject, `Confirmation de votre commande ${placed.reference} chez RapidTrade Co.`);
    assert.ok(mail.text.startsWith(`Bonjour ${ADDRESS.full_name},\n\nNous vous confirmons`), mail.text);
    assert.ok(mail.text.includes(`Total : ${frenchMoney(placed.total.amount)}`), mail.text);
    assert.ok(mail.text.includes('Sous-total : 3\u202f097,00\u00a0€'), mail.text);
    assert.ok(mail.text.includes(`- ${SOFA} - Canapé Moderne en Cuir : 1 × 899,00\u00a0€ = 899,00\u00a0€`), mail.text);
    assert.match(mail.html, /<html lang="fr">/);
  }
});

test("the staff's shipped, delivered and cancelled e-mails come in the order's language", async () => {
  await setStock(server, SOFA, 50);
  await setStock(server, CORNER_SOFA, 50);
  const english = await guestOrder('en');
  const ref = english.placed.reference;
  assert.equal((await asStaff('POST', `/apis/orders/${ref}/shipment`, { carrier: 'Colissimo', tracking: '6A12345678901' })).status, 200);
  const shipped = await sink.waitFor((m) => m.to.includes(english.email) && m.subject.includes('shipped'), 10000);
  assert.equal(shipped.subject, `Your order ${ref} has shipped`);
  for (const expected of [`Good news: your order ${ref} of ${englishDate(english.placed.created_at)} has shipped.`,
    'Carrier: Colissimo', 'Tracking number: 6A12345678901', 'It will be delivered to this address:', ADDRESS.street,
    'Your parcel contains:', '- Modern Leather Sofa × 1'])
    assert.ok(shipped.text.includes(expected), `${expected} not in ${shipped.text}`);
  assert.match(shipped.html, /<html lang="en">.*Tracking number/);
  assert.equal((await asStaff('POST', `/apis/orders/${ref}/delivery`)).status, 200);
  const delivered = await sink.waitFor((m) => m.to.includes(english.email) && m.subject.includes('delivered'), 10000);
  assert.equal(delivered.subject, `Your order ${ref} has been delivered`);
  assert.ok(delivered.text.includes('We hope you enjoy your furniture.'), delivered.text);

  const cancelledEn = await guestOrder('en');
  const cancelledFr = await guestOrder('fr');
  for (const { placed } of [cancelledEn, cancelledFr]) {
    const r = await asStaff('POST', `/apis/orders/${placed.reference}/cancellation`, { reason: 'Out of stock / Rupture de stock' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.language, placed.language, 'the change keeps the language');
  }
  const en = await sink.waitFor((m) => m.to.includes(cancelledEn.email) && m.subject.includes('cancelled'), 10000);
  assert.equal(en.subject, `Your order ${cancelledEn.placed.reference} has been cancelled`);
  for (const part of [en.text, htmlText(en.html)]) {
    assert.ok(part.includes('Reason: Out of stock / Rupture de stock'), part);
    assert.ok(part.includes(`We have refunded ${englishMoney(cancelledEn.placed.total.amount)} to your visa card ending in 8918.`), part);
    assert.ok(!part.includes('Annulation') && !part.includes('remboursé'), part);
  }
  const fr = await sink.waitFor((m) => m.to.includes(cancelledFr.email) && m.subject.includes('Annulation'), 10000);
  assert.equal(fr.subject, `Annulation de votre commande ${cancelledFr.placed.reference}`);
  assert.ok(fr.text.includes(`Nous vous avons remboursé ${frenchMoney(cancelledFr.placed.total.amount)}`), fr.text);
});

test('a retried order (same Idempotency-Key) keeps the first language; another language with that key is 409', async () => {
  await setStock(server, SOFA, 50);
  const email = uniqueEmail('retry');
  const cart = await newCart(server);
  await addLine(server, cart.id, SOFA, 1);
  const key = `langue-${Date.now()}`;
  const first = await order(server, { cart_id: cart.id, email, language: 'en', idempotencyKey: key });
  assert.equal(first.status, 201, JSON.stringify(first.body));
  const replay = await order(server, { cart_id: cart.id, email, language: 'en', idempotencyKey: key });
  assert.equal(replay.status, 201);
  assert.equal(replay.headers.get('idempotent-replayed'), 'true');
  assert.equal(replay.body.reference, first.body.reference);
  assert.equal(replay.body.language, 'en');
  expectProblem(await order(server, { cart_id: cart.id, email, language: 'fr', idempotencyKey: key }), 409);
  assert.equal((await placedOrder(server, first.body)).body.language, 'en');
  await sink.waitFor((m) => m.to.includes(email), 10000);
  await sleep(600);
  assert.deepEqual(mailsTo(email).map((m) => m.subject), [`Order confirmation ${first.body.reference} at RapidTrade Co.`]);
});

const HOSTILE = ['en\r\n', '\r\nBcc: x@evil.test', 'en\n', 'en\u0000', '\u0000', 'EN', 'Fr', 'en-GB', 'en_US', ' en', 'en ', '',
  'x'.repeat(10 * 1024), 'é', 42, 0, true, {}, ['en'], { en: true }];

test('hostile languages on an order: 400 naming `language`, nothing reserved, charged, ordered or sent', async () => {
  await setStock(server, SOFA, 20);
  const customer = await newCustomer(server);
  const cart = await newCart(server, customer.token);
  await addLine(server, cart.id, SOFA, 2, customer.token);
  const orders = async () => (await api(server, 'GET', '/apis/orders/', { key: false, token: customer.token })).body;
  const before = await orders();
  for (const language of HOSTILE) {
    const r = await order(server, { cart_id: cart.id, email: customer.email, language, token: customer.token });
    const problem = expectProblem(r, 400, 'language');
    assert.deepEqual(problem.errors.map((e) => e.field), ['language'], JSON.stringify(language).slice(0, 60));
    assert.ok(!JSON.stringify(problem).includes('x'.repeat(100)), 'the value is not echoed');
  }
  // The refusal says why in the caller's language (French by default).
  const said = async (headers) => (await api(server, 'POST', '/apis/orders/', {
    body: { cart_id: cart.id, email: customer.email, shipping_address: ADDRESS, card: {}, language: 'EN' }, token: customer.token, headers,
  })).body.errors.find((e) => e.field === 'language').message;
  assert.equal(await said({}), 'doit valoir « fr » ou « en »');
  assert.equal(await said({ 'Accept-Language': 'en' }), 'must be "fr" or "en"');
  assert.equal(await stockOf(server, SOFA), 20, 'nothing reserved');
  const cartAfter = await api(server, 'GET', `/apis/carts/${cart.id}`, { token: customer.token });
  assert.equal(cartAfter.body.item_count, 2, 'the cart is untouched');
  assert.deepEqual(await orders(), before, 'no order');
  await sleep(600);
  assert.equal(mailsTo(customer.email).length, 0, 'no e-mail');
  // And the same cart with a good language orders.
  const ok = await order(server, { cart_id: cart.id, email: customer.email, language: 'en', token: customer.token });
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  assert.equal(ok.body.language, 'en');
});

const requestReset = (body) => api(server, 'POST', '/apis/auth/password-reset', { key: false, body });

test('the password reset e-mail in the language asked for; hostile languages refused with nothing sent', async () => {
  const en = await newCustomer(server);
  assert.equal((await requestReset({ email: en.email, language: 'en' })).status, 202);
  const mail = await sink.waitFor((m) => m.to.includes(en.email), 10000);
  assert.equal(mail.subject, 'Reset your RapidTrade Co. password');
  assert.ok(mail.text.includes('To choose a new one, open this link (valid for 1 hour, once only):'), mail.text);
  assert.match(mail.text, /\/mot-de-passe\/nouveau\?token=[A-Za-z0-9_-]{43}/);
  assert.match(mail.html, /<html lang="en">.*Choose a new password<\/a> \(link valid for 1 hour, once only\)/);

  const fr = await newCustomer(server);
  assert.equal((await requestReset({ email: fr.email })).status, 202);
  const frMail = await sink.waitFor((m) => m.to.includes(fr.email), 10000);
  assert.equal(frMail.subject, 'Réinitialisation de votre mot de passe RapidTrade Co.');

  const target = await newCustomer(server);
  for (const language of HOSTILE) {
    const r = await requestReset({ email: target.email, language });
    const problem = expectProblem(r, 400, 'language');
    assert.deepEqual(problem.errors.map((e) => e.field), ['language'], JSON.stringify(language).slice(0, 60));
  }
  await sleep(800);
  assert.equal(mailsTo(target.email).length, 0, 'no reset e-mail for a refused request');
  assert.equal(sink.messages.filter((m) => m.raw.includes('evil.test')).length, 0);
});

test('on PostgreSQL: the order keeps its language and its confirmation is in it', async () => {
  const url = process.env.TEST_DATABASE_URL;
  assert.ok(url, 'TEST_DATABASE_URL is not set: run through scripts/with-postgres.sh (make test)');
  const pg = await startServer({
    env: { DATABASE_URL: url, SMTP_URL: `smtp://127.0.0.1:${sink.port}`, SMTP_TLS: 'none', EMAIL_RETRY_BASE_MS: '200',
      EMAIL_POLL_MS: '100', CHECKOUT_FOLLOWUP_MS: '300', ACCESS_LOG: 'false' },
  });
  try {
    await setStock(pg, SOFA, 10);
    for (const language of ['en', 'fr']) {
      const email = uniqueEmail(`pg-${language}`);
      const cart = await newCart(pg);
      await addLine(pg, cart.id, SOFA, 1);
      const r = await order(pg, { cart_id: cart.id, email, language });
      assert.equal(r.status, 201, JSON.stringify(r.body));
      assert.equal((await placedOrder(pg, r.body)).body.language, language);
      const mail = await sink.waitFor((m) => m.to.includes(email), 10000);
      assert.equal(mail.subject, language === 'en'
        ? `Order confirmation ${r.body.reference} at RapidTrade Co.`
        : `Confirmation de votre commande ${r.body.reference} chez RapidTrade Co.`);
      assert.ok(mail.text.includes(language === 'en' ? 'Total: €949.00' : 'Total : 949,00\u00a0€'), mail.text);
    }
  } finally {
    await pg.stop();
  }
});

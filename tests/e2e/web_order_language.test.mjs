// The e-mails of a web shopper in their language (issue 17), through the real binary, the web pages
// (the session's FR / EN switch, /panier, /commande, "Mot de passe oublié ?") and a real SMTP sink
// (smtp_sink.mjs): a guest who switched the shop to English, or whose browser asks for English,
// receives the order confirmation in English (subject, reference, lines with the English product
// names, totals in English money, address); a French guest still in French. The language is the
// session's: a `language` field forged into the form changes nothing. The reset e-mail asked from
// an English session is in English, from a French one in French.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer } from './server.mjs';
import { SOFA, CORNER_SOFA, setStock, newCustomer, uniqueEmail } from './commerce_support.mjs';
import { start as startSink } from './smtp_sink.mjs';
import { Visitor, pageText } from '../security/support.mjs';

let sink;
let server;

before(async () => {
  sink = await startSink();
  server = await startServer({
    env: { SMTP_URL: `smtp://127.0.0.1:${sink.port}`, SMTP_TLS: 'none', EMAIL_RETRY_BASE_MS: '200', EMAIL_POLL_MS: '100',
      CHECKOUT_FOLLOWUP_MS: '300', PASSWORD_RESET_MAX_PER_ADDRESS: '1000', ACCESS_LOG: 'false' },
  });
});
after(async () => {
  await server?.stop();
  await sink?.stop();
});

const mailsTo = (address) => sink.messages.filter((m) => m.to.includes(address));
// Text of an HTML part with the entities the e-mails use decoded.
const htmlText = (html) => html.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>')
  .replace(/&amp;/g, '&');

// The address Visitor.placeOrder types in the form (tests/security/support.mjs); the shop sends FR.
const ADDRESS_BLOCK = 'Camille Martin\n12 rue des Lilas\n69003 Lyon\nFR\n';

// A guest's web order of one sofa and two corner sofas, placed by `v`; its reference, the
// confirmation page and the confirmation e-mail.
async function webOrder(v, tag, extraFields) {
  const email = uniqueEmail(tag);
  await v.addToCart(SOFA, 1);
  await v.addToCart(CORNER_SOFA, 2);
  let reference;
  if (extraFields) {
    // The same form as Visitor.placeOrder, with fields the page never shows added by an attacker.
    const form = await v.get('/commande');
    assert.equal(form.status, 200);
    const key = /name="order_key" value="([^"]+)"/.exec(form.body)[1];
    const r = await v.post('/commande', {
      order_key: key, email, full_name: 'Camille Martin', street: '12 rue des Lilas', city: 'Lyon', postal_code: '69003',
      card_holder: 'Jean Rault', card_number: '4556426261628918', cvv: '229', exp_month: 2, exp_year: 2028, promo_code: '',
      ...extraFields,
    });
    assert.equal(r.status, 303, pageText(r.body).slice(0, 400));
    reference = /^\/commande\/(\d{13})$/.exec(r.location ?? '')?.[1];
    assert.ok(reference, `redirected to the confirmation, not ${r.location}`);
  } else {
    reference = await v.placeOrder({ email });
  }
  const page = await v.get(`/commande/${reference}`);
  assert.equal(page.status, 200);
  const mail = await sink.waitFor((m) => m.to.includes(email) && m.text.includes(reference), 10000);
  return { email, reference, page, mail };
}

function assertEnglishConfirmation({ email, reference, page, mail }) {
  assert.match(page.body, /<html lang="en"/);
  const seen = pageText(page.body);
  assert.ok(seen.includes('Thank you for your order!') && seen.includes('€3,147.00'), seen.slice(0, 600));

  assert.equal(mail.subject, `Order confirmation ${reference} at RapidTrade Co.`);
  const text = mail.text;
  for (const expected of [
    'Hello Camille Martin,',
    'We confirm that we have received your order and its payment.',
    `to this address:\n${ADDRESS_BLOCK}`,
    `Order reference: ${reference}`,
    `- ${SOFA} - Modern Leather Sofa: 1 × €899.00 = €899.00`,
    `- ${CORNER_SOFA} - Comfortable Corner Sofa: 2 × €1,099.00 = €2,198.00`,
    'Subtotal: €3,097.00',
    'Shipping: €50.00',
    'Total: €3,147.00',
    'Payment: visa card ending in 8918',
  ]) assert.ok(text.includes(expected), `${JSON.stringify(expected)} not in:\n${text}`);
  assert.match(mail.html, /<html lang="en">/);
  const html = htmlText(mail.html);
  for (const expected of ['Shipping address', reference, 'Modern Leather Sofa', 'Comfortable Corner Sofa', '€1,099.00',
    '<b>€3,147.00</b>', '12 rue des Lilas', '69003 Lyon'])
    assert.ok(html.includes(expected), `${expected} not in ${html}`);
  for (const french of ['Bonjour', 'Votre commande', 'Sous-total', 'Frais de livraison', 'Merci', '\u00a0€', 'Canapé'])
    for (const part of [text, html]) assert.ok(!part.includes(french), `${french} in the e-mail to ${email}:\n${part}`);
}

test('a guest who switched the shop to English orders through the web pages: the confirmation e-mail is in English', async () => {
  await setStock(server, SOFA, 50);
  await setStock(server, CORNER_SOFA, 50);
  const v = new Visitor(server);
  const switched = await v.post('/langue', { language: 'en', back: '/panier' });
  assert.equal(switched.status, 303);
  const cart = await v.get('/panier');
  assert.match(cart.body, /<html lang="en"/);
  const placed = await webOrder(v, 'web-en');
  assertEnglishConfirmation(placed);
  await sleep(600);
  assert.equal(mailsTo(placed.email).length, 1, 'one confirmation');
});

test("a guest whose browser asks for English (Accept-Language) gets the English e-mail too, without the switch", async () => {
  await setStock(server, SOFA, 50);
  await setStock(server, CORNER_SOFA, 50);
  const v = new Visitor(server, { headers: { 'Accept-Language': 'en-GB,en;q=0.9' } });
  assertEnglishConfirmation(await webOrder(v, 'web-accept-en'));
});

test('a French guest still gets the confirmation in French', async () => {
  await setStock(server, SOFA, 50);
  await setStock(server, CORNER_SOFA, 50);
  const v = new Visitor(server);
  const { reference, page, mail } = await webOrder(v, 'web-fr');
  assert.match(page.body, /<html lang="fr"/);
  assert.equal(mail.subject, `Confirmation de votre commande ${reference} chez RapidTrade Co.`);
  for (const expected of [
    'Bonjour Camille Martin,\n\nNous vous confirmons',
    `- ${SOFA} - Canapé Moderne en Cuir : 1 × 899,00\u00a0€ = 899,00\u00a0€`,
    `- ${CORNER_SOFA} - Canapé d'Angle Confortable : 2 × 1\u202f099,00\u00a0€ = 2\u202f198,00\u00a0€`,
    'Sous-total : 3\u202f097,00\u00a0€',
    'Total : 3\u202f147,00\u00a0€',
    ADDRESS_BLOCK,
  ]) assert.ok(mail.text.includes(expected), `${JSON.stringify(expected)} not in:\n${mail.text}`);
  assert.match(mail.html, /<html lang="fr">/);
  assert.ok(!mail.text.includes('Modern Leather Sofa') && !mail.text.includes('€899.00'), mail.text);
});

test("the order's language is the session's: a `language` field forged into the form changes nothing", async () => {
  await setStock(server, SOFA, 50);
  await setStock(server, CORNER_SOFA, 50);
  const english = new Visitor(server);
  await english.post('/langue', { language: 'en', back: '/' });
  assertEnglishConfirmation(await webOrder(english, 'web-forged-fr', { language: 'fr' }));

  const french = new Visitor(server);
  for (const language of ['en', 'en\r\nBcc: x@evil.test', 'x'.repeat(10000)]) {
    const { mail } = await webOrder(french, 'web-forged-en', { language });
    assert.match(mail.subject, /^Confirmation de votre commande \d{13} chez RapidTrade Co\.$/);
  }
  assert.equal(sink.messages.filter((m) => m.raw.includes('evil.test')).length, 0, 'no header or address injected');
});

// "Mot de passe oublié ?" asked from a session in `language` (switched with the FR / EN switch).
async function forgotten(language, extraFields = {}) {
  const customer = await newCustomer(server);
  const v = new Visitor(server);
  if (language === 'en') assert.equal((await v.post('/langue', { language: 'en', back: '/mot-de-passe/oublie' })).status, 303);
  const form = await v.get('/mot-de-passe/oublie');
  assert.equal(form.status, 200);
  assert.match(form.body, new RegExp(`<html lang="${language}"`));
  const r = await v.post('/mot-de-passe/oublie', { email: customer.email, ...extraFields });
  assert.equal(r.status, 200, pageText(r.body).slice(0, 400));
  const mail = await sink.waitFor((m) => m.to.includes(customer.email), 10000);
  return { page: pageText(r.body), mail };
}

test('"Mot de passe oublié ?" from an English session sends the reset e-mail in English, from a French one in French', async () => {
  const en = await forgotten('en');
  assert.ok(en.page.includes('If an account exists for this address, an e-mail has just left'), en.page.slice(0, 400));
  assert.equal(en.mail.subject, 'Reset your RapidTrade Co. password');
  assert.ok(en.mail.text.includes('To choose a new one, open this link (valid for 1 hour, once only):'), en.mail.text);
  assert.match(en.mail.text, /\/mot-de-passe\/nouveau\?token=[A-Za-z0-9_-]{43}/);
  assert.match(en.mail.html, /<html lang="en">/);
  assert.ok(!en.mail.text.includes('mot de passe') && !en.mail.text.includes('valable'), en.mail.text);

  const fr = await forgotten('fr');
  assert.ok(fr.page.includes('Si un compte existe pour cette adresse, un courriel vient de partir'), fr.page.slice(0, 400));
  assert.equal(fr.mail.subject, 'Réinitialisation de votre mot de passe RapidTrade Co.');
  assert.match(fr.mail.html, /<html lang="fr">/);

  // A `language` forged into the form is not read: the session decides.
  const forged = await forgotten('en', { language: 'fr' });
  assert.equal(forged.mail.subject, 'Reset your RapidTrade Co. password');
  const forgedFr = await forgotten('fr', { language: 'en\r\nBcc: x@evil.test' });
  assert.equal(forgedFr.mail.subject, 'Réinitialisation de votre mot de passe RapidTrade Co.');
  assert.equal(sink.messages.filter((m) => m.raw.includes('evil.test')).length, 0);
});

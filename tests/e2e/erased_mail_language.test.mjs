// An erased customer's mail in the reader's language (issue 17): the outbox keeps the stand-ins
// erasure put in place of the subject and text (contracts/erasure.hpp, stored in French); the e-mail
// API answers them in the request's language (Content-Language, Vary), and so the shop's local
// mailbox shows them to an English reader in English, to a French one as before. A real message is
// never rewritten. Through the web shop as a customer and a reader would use it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer } from './server.mjs';
import { api, setStock, uniqueEmail, SOFA } from './commerce_support.mjs';
import { Visitor, pageText } from '../security/support.mjs';

const ERASED = {
  to: 'client-efface@anonyme.invalid',
  fr: { subject: 'Message effacé', text: 'Contenu effacé à la demande du client (RGPD).' },
  en: { subject: 'Erased message', text: "Content erased at the customer's request (GDPR)." },
};

let srv;
before(async () => {
  // No SMTP_URL: the mail stays in the shop's mailbox, which shows everyone's (the demo mode).
  srv = await startServer({ env: { MAILBOX_SHOW_ALL: 'true', EMAIL_POLL_MS: '100', ERASURE_RETRY_MS: '300', ACCESS_LOG: 'false' } });
  await setStock(srv, SOFA, 10000);
});
after(async () => { await srv?.stop(); });

const langOf = (html) => /<html lang="([^"]*)"/.exec(html)?.[1];

async function eventually(what, check, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await check();
    if (found) return found;
    if (Date.now() > deadline) assert.fail(`${what}: not within ${timeoutMs} ms`);
    await sleep(100);
  }
}

// A customer who signs up in the shop, orders a sofa (its confirmation lands in the mailbox), and
// answers {v, email, password, mail: the confirmation's id}.
async function customerWithOrder(tag) {
  const v = new Visitor(srv);
  const email = uniqueEmail(tag);
  const password = `mot-de-passe-${tag}-1`;
  await v.get('/inscription');
  const signedUp = await v.post('/inscription', { email, password, first_name: 'Odile', last_name: 'Marchand' });
  assert.equal(signedUp.status, 303, pageText(signedUp.body).slice(0, 300));
  await v.addToCart(SOFA, 1);
  const reference = await v.placeOrder({ email });
  const mail = await eventually('the confirmation in the outbox', async () => {
    const r = await api(srv, 'GET', `/apis/emails/?to=${encodeURIComponent(email)}`);
    return r.body.items?.find((m) => m.subject.includes(reference));
  });
  return { v, email, password, mail: mail.id, subject: mail.subject };
}

// The shop's mailbox as a reader of `language` sees it: the list's row of message `id`, and the
// message's own page.
async function mailboxOf(language, id) {
  const v = new Visitor(srv, { headers: { 'Accept-Language': language } });
  const list = await v.get('/boite-mail');
  assert.equal(list.status, 200);
  assert.equal(langOf(list.body), language);
  const row = new RegExp(`<tr><td>[^<]*</td><td>([^<]*)</td><td><a href="/boite-mail/${id}">([^<]*)</a></td></tr>`).exec(list.body);
  assert.ok(row, `message ${id} is listed`);
  const page = await v.get(`/boite-mail/${id}`);
  assert.equal(page.status, 200);
  assert.equal(langOf(page.body), language);
  return { to: pageText(row[1]), subject: pageText(row[2]), page: pageText(page.body),
    title: pageText(/<title>([^<]*)<\/title>/.exec(page.body)?.[1] ?? '') };
}

test("an erased customer's mail reads in the reader's language, in the API and in the shop's mailbox", async () => {
  const c = await customerWithOrder('erased-mail');
  const kept = await customerWithOrder('kept-mail');

  // The customer closes their account from "Mon compte": the mail sent for them is anonymised.
  await c.v.get('/mon-compte');
  const closed = await c.v.post('/mon-compte/suppression', { password: c.password, confirm: 'oui' });
  assert.equal(closed.status, 303, pageText(closed.body).slice(0, 300));
  await eventually('the mail anonymised', async () =>
    (await api(srv, 'GET', `/apis/emails/${c.mail}`)).body.to === ERASED.to);

  // The API: the stand-ins in the language asked, said by Content-Language; French by default.
  for (const [header, language] of [[undefined, 'fr'], ['fr-FR', 'fr'], ['en-GB,en;q=0.9', 'en'], ['de', 'fr']]) {
    const headers = header ? { 'Accept-Language': header } : {};
    const one = await api(srv, 'GET', `/apis/emails/${c.mail}`, { headers });
    assert.equal(one.status, 200);
    assert.equal(one.headers.get('content-language'), language, String(header));
    assert.match(one.headers.get('vary') ?? '', /Accept-Language/);
    assert.deepEqual([one.body.to, one.body.subject, one.body.text, one.body.html],
      [ERASED.to, ERASED[language].subject, ERASED[language].text, ''], String(header));
    const listed = await api(srv, 'GET', '/apis/emails/?per_page=100', { headers });
    assert.equal(listed.headers.get('content-language'), language);
    const item = listed.body.items.find((m) => m.id === c.mail);
    assert.equal(item.subject, ERASED[language].subject, String(header));
    // Another customer's mail is never rewritten, whatever the language asked.
    const other = listed.body.items.find((m) => m.id === kept.mail);
    assert.equal(other.subject, kept.subject);
    assert.equal(other.to, kept.email);
  }

  // The shop's mailbox: an English reader reads English stand-ins, a French reader the French ones.
  const en = await mailboxOf('en', c.mail);
  assert.deepEqual([en.to, en.subject], [ERASED.to, ERASED.en.subject]);
  assert.ok(en.page.includes(ERASED.en.subject) && en.page.includes(ERASED.en.text), en.page.slice(0, 400));
  assert.ok(!en.page.includes('effacé'), `no French stand-in for an English reader: ${en.page.slice(0, 400)}`);
  assert.ok(en.title.startsWith(ERASED.en.subject), en.title);
  const fr = await mailboxOf('fr', c.mail);
  assert.deepEqual([fr.to, fr.subject], [ERASED.to, ERASED.fr.subject]);
  assert.ok(fr.page.includes(ERASED.fr.subject) && fr.page.includes(ERASED.fr.text), fr.page.slice(0, 400));
  // The other customer's confirmation reads as it was sent, in either mailbox.
  for (const language of ['en', 'fr']) assert.equal((await mailboxOf(language, kept.mail)).subject, kept.subject);
});

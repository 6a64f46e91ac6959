// The shop's local mailbox (no SMTP_URL: /boite-mail, everyone's mail in the demo mode) in the
// reader's language (issue 17): the list's dates as each language writes a day and a minute, and a
// message's delivery status in words, never the e-mail service's code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer } from './server.mjs';
import { uniqueEmail } from './commerce_support.mjs';
import { Visitor, pageText } from '../security/support.mjs';

let srv;
before(async () => { srv = await startServer({ env: { MAILBOX_SHOW_ALL: 'true', EMAIL_POLL_MS: '100' } }); });
after(async () => { await srv?.stop(); });

// A guest's order, so that the mailbox holds its confirmation; the visitor reads in `language`.
async function readerWithMail(language) {
  const v = new Visitor(srv);
  if (language === 'en') {
    const switched = await v.post('/langue', { language: 'en', back: '/' });
    assert.equal(switched.status, 303, switched.body);
  }
  const email = uniqueEmail(`mailbox-${language}-`);
  await v.addToCart('OPUK6V6EV0', 1);
  await v.placeOrder({ email });
  return { v, email };
}

// The row of the mailbox list addressed to `email`: [date, to, subject, link]. The confirmation is
// queued by the order and written by the outbox a moment later: the list is read again until it
// shows it (10 s at most).
async function rowTo(v, email) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const page = await v.get('/boite-mail');
    assert.equal(page.status, 200, page.body);
    const rows = [...page.body.matchAll(/<tr><td>([^<]*)<\/td><td>([^<]*)<\/td><td><a href="(\/boite-mail\/[^"]+)">([^<]*)<\/a><\/td><\/tr>/g)];
    const row = rows.find((m) => m[2] === email);
    if (row) return { date: row[1], link: row[3], html: page.body };
    assert.ok(Date.now() < deadline, `a row for ${email} in ${pageText(page.body).slice(0, 600)}`);
    await sleep(100);
  }
}

test('the mailbox list dates a message as a French reader writes it: 03/12/2026 01:45', async () => {
  const { v, email } = await readerWithMail('fr');
  const { date, html } = await rowTo(v, email);
  assert.match(html, /<html lang="fr">/);
  assert.match(date, /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
  const now = new Date();
  assert.ok(date.startsWith(`${String(now.getUTCDate()).padStart(2, '0')}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/`), date);
});

test('and as an English reader writes it: 3 December 2026, 01:45', async () => {
  const { v, email } = await readerWithMail('en');
  const { date, html } = await rowTo(v, email);
  assert.match(html, /<html lang="en">/);
  const month = new Date().toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' });
  assert.match(date, new RegExp(`^${new Date().getUTCDate()} ${month} \\d{4}, \\d{2}:\\d{2}$`));
});

test("a message's delivery status is said in words, in the reader's language", async () => {
  const { v: french, email } = await readerWithMail('fr');
  const { link } = await rowTo(french, email);
  const fr = await french.get(link);
  assert.equal(fr.status, 200, fr.body);
  assert.match(pageText(fr.body), /État : (envoyé|en attente d'envoi|échec de l'envoi)/);
  const english = new Visitor(srv);
  assert.equal((await english.post('/langue', { language: 'en', back: link })).status, 303);
  const en = await english.get(link);
  assert.equal(en.status, 200, en.body);
  assert.match(pageText(en.body), /Status: (sent|waiting to be sent|could not be sent)/);
  assert.doesNotMatch(pageText(fr.body), /État : (sent|queued|failed)/, 'no raw status code on the French page');
});

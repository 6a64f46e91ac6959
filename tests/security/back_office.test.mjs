// The back-office (/admin/) as each kind of visitor meets it: anonymous visitors are sent to the
// log-in page, customers get a 403 page, staff (a token with the admin or staff role) get the
// dashboard and the orders; a form without the session's CSRF token changes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../e2e/server.mjs';
import { start as startSmtp } from '../e2e/smtp_sink.mjs';
import { Visitor, pageText, makeAdmin } from './support.mjs';

const DEMO = { email: 'jean.rault@example.fr', password: 'EDesign-Demo-2026' };
let srv;
let smtp;

before(async () => {
  smtp = await startSmtp();
  srv = await startServer({ env: { SMTP_URL: smtp.url } });
});
after(async () => {
  await srv?.stop();
  await smtp?.stop();
});

const ADMIN_PAGES = ['/admin/', '/admin/commandes', '/admin/commandes?statut=paid&q=Rault'];

test('anonymous visitors are sent to the log-in page, with a message', async () => {
  for (const path of ADMIN_PAGES) {
    const v = new Visitor(srv);
    const r = await v.get(path);
    assert.equal(r.status, 303, path);
    assert.equal(r.location, '/connexion', path);
    const login = await v.get('/connexion');
    assert.match(pageText(login.body), /Connectez-vous avec votre compte de l'équipe/);
  }
});

test('a customer gets a 403 page and sees no order of anyone', async () => {
  const v = new Visitor(srv);
  const login = await v.logIn(DEMO.email, DEMO.password);
  assert.equal(login.location, '/', 'a customer lands on the shop, not the back-office');
  for (const path of [...ADMIN_PAGES, '/admin/commandes/1234567890123']) {
    const r = await v.get(path);
    assert.equal(r.status, 403, path);
    assert.match(pageText(r.body), /réservée à l'équipe de la boutique/, path);
    assert.doesNotMatch(r.body, /Tableau de bord|Annuler la commande/, path);
  }
  const post = await v.post('/admin/commandes/1234567890123/annulation', { reason: 'x', confirm: 'oui' });
  assert.equal(post.status, 403);
});

test('staff log in on the same form and land on the dashboard; lists and order pages answer', async () => {
  const admin = await makeAdmin(srv);
  const v = new Visitor(srv);
  const login = await v.logIn(admin.email, admin.password);
  assert.equal(login.status, 303);
  assert.equal(login.location, '/admin/');
  const dash = await v.get('/admin/');
  assert.equal(dash.status, 200);
  const text = pageText(dash.body);
  assert.match(text, /Tableau de bord/);
  assert.match(text, /Vous êtes connecté à l'administration/);
  assert.match(text, /Commandes des 30 derniers jours/);
  assert.match(text, /Produits bientôt épuisés/);
  assert.equal((dash.body.match(/<rect /g) ?? []).length, 30, 'one bar per day');
  const orders = await v.get('/admin/commandes?statut=paid&q=%3Cscript%3E');
  assert.equal(orders.status, 200);
  assert.doesNotMatch(orders.body, /<script>/, 'the search is escaped back into the form');
  assert.match(orders.body, /value="&lt;script&gt;"/);
  // A reference that is not one, or a path trick, is a 404 page; nothing is called with it.
  for (const path of ['/admin/commandes/12%2F34', '/admin/commandes/abc', '/admin/commandes/123%00', '/admin/commandes/1234567890123%0Ax']) {
    const r = await v.get(path);
    assert.equal(r.status, 404, path);
  }
});

test('an order action without the session CSRF token, or with an unknown action, changes nothing', async () => {
  const admin = await makeAdmin(srv);
  const v = new Visitor(srv);
  await v.logIn(admin.email, admin.password);
  const forged = await v.post('/admin/commandes/1234567890123/annulation', { csrf: 'forged', reason: 'x', confirm: 'oui' });
  assert.equal(forged.status, 403);
  assert.match(pageText(forged.body), /Ce formulaire a expiré/);
  await v.get('/admin/');
  const unknown = await v.post('/admin/commandes/1234567890123/supprimer', {});
  assert.equal(unknown.status, 404);
  await v.get('/admin/');
  const unconfirmed = await v.post('/admin/commandes/1234567890123/annulation', { reason: 'x' });
  assert.equal(unconfirmed.status, 400);
  assert.match(pageText(unconfirmed.body), /Cochez la case de confirmation/);
});

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

test('staff change a product\'s price and stock; a bad value is explained next to its field and changes nothing', async () => {
  const admin = await makeAdmin(srv);
  const v = new Visitor(srv);
  await v.logIn(admin.email, admin.password);
  const id = '1YMWVN1N4O';
  const product = async () => (await fetch(`${srv.url}/apis/products/${id}`)).json();
  const before = await product();

  const list = await v.get('/admin/produits?q=angle');
  assert.equal(list.status, 200);
  assert.match(list.body, new RegExp(`href="/admin/produits/${id}"`));
  const form = await v.get(`/admin/produits/${id}`);
  assert.equal(form.status, 200);
  assert.match(form.body, /id="price"[^>]*value="[0-9\u202F]+,[0-9]{2}\u00A0€"/, 'the price as format_eur writes it');

  const bad = await v.post(`/admin/produits/${id}`, { name: before.name, description: '', price: '12,345', stock: '-1' });
  assert.equal(bad.status, 400);
  assert.match(pageText(bad.body), /Saisissez un prix en euros/);
  assert.match(pageText(bad.body), /Saisissez un nombre entier d'articles/);
  assert.match(bad.body, /id="price"[^>]*aria-invalid="true"/);
  assert.deepEqual(await product(), before, 'nothing changed');

  await v.get(`/admin/produits/${id}`);
  const ok = await v.post(`/admin/produits/${id}`, { name: 'Canapé <b>Angle</b>', description: 'Ligne 1\r\nLigne 2', price: '1 234,50', stock: '7' });
  assert.equal(ok.status, 303);
  assert.equal(ok.location, `/admin/produits/${id}`);
  const after = await product();
  assert.equal(after.price.amount, 123450);
  assert.equal(after.stock, 7);
  assert.equal(after.name, 'Canapé <b>Angle</b>');
  const shown = await v.get(`/admin/produits/${id}`);
  assert.match(pageText(shown.body), /Produit 1YMWVN1N4O enregistré/);
  assert.doesNotMatch(shown.body, /<b>Angle<\/b>/, 'the name is escaped on the page');

  // A customer's session changes nothing, even with a valid form.
  const customer = new Visitor(srv);
  await customer.logIn(DEMO.email, DEMO.password);
  const refused = await customer.post(`/admin/produits/${id}`, { name: 'x', description: '', price: '1', stock: '1' });
  assert.equal(refused.status, 403);
  assert.deepEqual(await product(), after);
  // Not a product id: the 404 page, nothing called.
  for (const path of ['/admin/produits/abc', '/admin/produits/1YMWVN1N4O%0A', '/admin/produits/1YMWV%2FN4O']) {
    assert.equal((await v.get(path)).status, 404, path);
  }
});

test('staff find a customer, see their orders, download their data and erase them after confirming', async () => {
  const admin = await makeAdmin(srv);
  // A customer of this test only, signed up through the shop.
  const email = `efface.${Date.now()}@example.fr`;
  const shopper = new Visitor(srv);
  await shopper.get('/inscription');
  const signup = await shopper.post('/inscription', { first_name: 'Zoé', last_name: 'Effacée', email, password: 'mot-de-passe-2026' });
  assert.equal(signup.status, 303);

  const v = new Visitor(srv);
  await v.logIn(admin.email, admin.password);
  const list = await v.get(`/admin/clients?q=${encodeURIComponent(email)}`);
  assert.equal(list.status, 200);
  const id = /href="\/admin\/clients\/([A-Z0-9]{16})"/.exec(list.body)?.[1];
  assert.ok(id, pageText(list.body).slice(0, 400));
  const page = await v.get(`/admin/clients/${id}`);
  assert.equal(page.status, 200);
  assert.match(pageText(page.body), /Zoé Effacée/);
  assert.match(pageText(page.body), /Aucune commande/);
  const file = await v.get(`/admin/clients/${id}/export`);
  assert.equal(file.status, 200);
  assert.match(file.headers.get('content-disposition'), new RegExp(`attachment; filename="client-${id}.json"`));
  assert.equal(JSON.parse(file.body).profile?.email ?? JSON.parse(file.body).email ?? email, email);

  // Without the confirmation box: nothing erased.
  await v.get(`/admin/clients/${id}`);
  const unconfirmed = await v.post(`/admin/clients/${id}/effacement`, {});
  assert.equal(unconfirmed.status, 400);
  assert.equal((await v.get(`/admin/clients/${id}`)).status, 200, 'still there');
  // A customer cannot erase anyone.
  const other = new Visitor(srv);
  await other.logIn(DEMO.email, DEMO.password);
  assert.equal((await other.post(`/admin/clients/${id}/effacement`, { confirm: 'oui' })).status, 403);
  assert.equal((await v.get(`/admin/clients/${id}`)).status, 200, 'still there');

  const erased = await v.post(`/admin/clients/${id}/effacement`, { confirm: 'oui' });
  assert.equal(erased.status, 303);
  assert.equal(erased.location, '/admin/clients');
  assert.equal((await v.get(`/admin/clients/${id}`)).status, 404, 'the profile is gone');
  const login = await new Visitor(srv).logIn(email, 'mot-de-passe-2026');
  assert.notEqual(login.location, '/', 'the customer can no longer log in');
  for (const path of ['/admin/clients/abc', '/admin/clients/JEANRAULT0000001%0A', '/admin/clients/JEANRAULT%2F000001']) {
    assert.equal((await v.get(path)).status, 404, path);
  }
});

test('staff ship one order and cancel another from the order pages; the history names them', async () => {
  const admin = await makeAdmin(srv);
  const guest = new Visitor(srv);
  await guest.addToCart('OPUK6V6EV0', 1);
  const shipped = await guest.placeOrder({ email: `expedie.${Date.now()}@example.fr` });
  await guest.addToCart('OPUK6V6EV0', 1);
  const cancelled = await guest.placeOrder({ email: `annule.${Date.now()}@example.fr` });

  const v = new Visitor(srv);
  await v.logIn(admin.email, admin.password);
  const list = await v.get(`/admin/commandes?q=${shipped}`);
  assert.match(list.body, new RegExp(`href="/admin/commandes/${shipped}"`));
  const page = await v.get(`/admin/commandes/${shipped}`);
  assert.equal(page.status, 200);
  assert.match(pageText(page.body), /État : Payée/);
  assert.match(pageText(page.body), /Commande passée/);
  const ship = await v.post(`/admin/commandes/${shipped}/expedition`, { carrier: 'Colissimo <b>', tracking: '8R00000000001' });
  assert.equal(ship.status, 303);
  const after = pageText((await v.get(`/admin/commandes/${shipped}`)).body);
  assert.match(after, /Commande marquée comme expédiée/);
  assert.match(after, /État : Expédiée/);
  assert.match(after, new RegExp(`Expédiée ${admin.email.replace(/\./g, '\\.')} transporteur : Colissimo <b>, suivi : 8R00000000001`));
  // Shipped: it can no longer be cancelled.
  const late = await v.post(`/admin/commandes/${shipped}/annulation`, { reason: 'trop tard', confirm: 'oui' });
  assert.equal(late.status, 303);
  assert.match(pageText((await v.get(`/admin/commandes/${shipped}`)).body), /Impossible dans l'état actuel de la commande/);

  await v.get(`/admin/commandes/${cancelled}`);
  const cancel = await v.post(`/admin/commandes/${cancelled}/annulation`, { reason: 'Rupture chez le fournisseur', confirm: 'oui' });
  assert.equal(cancel.status, 303);
  const done = pageText((await v.get(`/admin/commandes/${cancelled}`)).body);
  assert.match(done, /État : Annulée/);
  assert.match(done, /motif : Rupture chez le fournisseur/);
  // The guest sees it too, in French.
  const mine = pageText((await guest.get(`/commande/${cancelled}`)).body);
  assert.doesNotMatch(mine, /cancelled/);
});

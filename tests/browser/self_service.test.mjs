// A customer's self-service, in Chromium against the real `rapidtrade serve`: "Mot de passe oublié ?"
// from the log-in page with the keyboard alone (the focus visible at every stop), the reset e-mail in
// the shop's mailbox, its link, a new password (too short: kept by the browser; four characters the
// browser counts as eight: refused in French next to the field), then the log-in with it; "Mon
// compte": a password change (a wrong current password refused, nothing changed), the download of
// one's data, and closing the account with the password (a wrong one, or the box unticked: nothing
// happens). Changing the password closes every session, this one too: the log-in page says so.
// Every page met is audited (axe-core), fits a 375 px screen and is photographed, at 1440
// and 375 px. Run:
//   cd /work/main && RAPIDTRADE_BIN=build/release/src/rapidtrade node --test tests/browser/self_service.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../e2e/server.mjs';
import { clickAndLoad, launchBrowser, logIn, screenshotDir, uniqueEmail, watch, whereAmI } from './support.mjs';
import {
  WIDTHS, api, downloadJson, enterAndLoad, focusState, freePort, newProduct, openMail, orderThroughShop, pageChecker,
  path, tabTo, text, unexpected, validity,
} from './flows_support.mjs';
import { inContext as flowContext } from './flows_support.mjs';

const SHOTS = screenshotDir();
console.log(`screenshots: ${SHOTS}`);

let server;
let browser;
before(async () => {
  // The shop's own address in its e-mails' links (PUBLIC_URL): the port is chosen first.
  const port = await freePort();
  [server, browser] = await Promise.all([
    startServer({ env: { MAILBOX_SHOW_ALL: 'true', PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` } }),
    launchBrowser(),
  ]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const inContext = (width, body) => flowContext(browser, server, width, body);

// A customer account (sign-up through the API: the flows under test start after it).
async function newCustomer(tag) {
  const c = { email: uniqueEmail(tag), password: 'Ancien-Mot-2026', firstName: 'Margaux', lastName: `Girard${Date.now().toString(36)}` };
  const r = await api(server, 'POST', '/apis/customers/', {
    key: false, body: { email: c.email, password: c.password, first_name: c.firstName, last_name: c.lastName },
  });
  assert.equal(r.status, 201, r.raw);
  return { ...c, id: r.body.id };
}

const logsIn = async (email, password) => (await api(server, 'POST', '/apis/auth/token', { key: false, body: { email, password } })).status;

// Types into the focused field after Tab, checking the field and its focus ring.
async function tabAndType(page, id, typed) {
  await page.keyboard.press('Tab');
  const focus = await focusState(page);
  assert.equal(focus.id, id, `Tab leads to #${id}`);
  assert.ok(focus.visible, `focus visible on #${id}`);
  await page.keyboard.type(typed);
}

for (const width of WIDTHS) {
  test(`"Mot de passe oublié ?" with the keyboard alone: the e-mail, its link, a new password, the log-in (${width} px)`, async () => {
    const check = pageChecker(SHOTS, 'mot-de-passe-oublie', width);
    const c = await newCustomer('oubli');
    const fresh = 'Nouveau-Canape-2026';
    await inContext(width, async (page) => {
      const problems = watch(page);
      await page.goto('/connexion', { waitUntil: 'networkidle' });
      await check(page, 'connexion');
      await tabTo(page, (f) => f.tag === 'a' && f.text === 'Mot de passe oublié ?', 'the "Mot de passe oublié ?" link');
      await enterAndLoad(page);
      assert.equal(path(page), '/mot-de-passe/oublie');
      assert.equal(await text(page.getByRole('heading', { level: 1 })), 'Mot de passe oublié');
      await check(page, 'demande');
      await tabTo(page, (f) => f.id === 'email', 'the e-mail field');
      await page.keyboard.type(c.email);
      await page.keyboard.press('Tab');
      const button = await focusState(page);
      assert.equal(button.text, 'Recevoir un lien');
      assert.ok(button.visible, 'focus visible on "Recevoir un lien"');
      await enterAndLoad(page);
      assert.equal(await text(page.getByRole('status')), 'Si un compte existe pour cette adresse, un courriel vient de partir avec '
        + 'un lien pour choisir un nouveau mot de passe. Le lien est valable une heure.');
      assert.equal(await page.getByLabel('Courriel de votre compte').count(), 0, 'the form is gone once sent');
      await check(page, 'demande-envoyee');

      // The e-mail, and its link to the shop.
      const mail = await openMail(page, c.email, 'Réinitialisation de votre mot de passe');
      assert.match(mail, /Vous avez demandé à changer le mot de passe de votre compte RapidTrade Co\./);
      assert.match(mail, /valable 1 heure, une seule fois/);
      await check(page, 'courriel');
      const link = mail.match(/(\S+\/mot-de-passe\/nouveau\?token=[A-Za-z0-9_-]+)/)?.[1];
      assert.ok(link?.startsWith(`${server.url}/mot-de-passe/nouveau?token=`), `the link leads to this shop: ${link}`);
      await page.goto(link, { waitUntil: 'networkidle' });  // as pasted into the address bar
      assert.equal(await text(page.getByRole('heading', { level: 1 })), 'Nouveau mot de passe');
      await check(page, 'nouveau');

      // Too short: the browser keeps the form (minlength), nothing is sent.
      await tabTo(page, (f) => f.id === 'password', 'the new password field');
      await page.keyboard.type('court');
      await page.keyboard.press('Tab');
      assert.equal((await focusState(page)).text, 'Enregistrer');
      await page.keyboard.press('Enter');
      await page.waitForLoadState('networkidle');
      assert.equal(path(page), '/mot-de-passe/nouveau');
      const short = await validity(page.getByLabel('Nouveau mot de passe (8 caractères au moins)'));
      assert.equal(short.valid, false, 'a 5-character password stops the form');
      assert.notEqual(short.message, '');
      assert.equal(await logsIn(c.email, c.password), 200, 'the old password still works');

      // Four emoji: eight characters to the browser, four to the shop: refused next to the field.
      const field = page.getByLabel('Nouveau mot de passe (8 caractères au moins)');
      await field.focus();
      await page.keyboard.press('Control+A');
      await page.keyboard.type('😀😀😀😀');
      const [refused] = await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle' }), page.keyboard.press('Enter')]);
      assert.equal(refused.status(), 400);
      assert.equal(await field.getAttribute('aria-invalid'), 'true');
      assert.equal(await text(page.locator('#password-error')), "Choisissez un mot de passe d'au moins 8 caractères.");
      assert.equal(await field.getAttribute('aria-describedby'), 'password-error', 'the message is read with the field');
      assert.equal(await logsIn(c.email, c.password), 200, 'refused: the old password still works');
      assert.equal(await logsIn(c.email, '😀😀😀😀'), 401);
      await check(page, 'nouveau-refuse');

      // A good one, with the keyboard: the log-in page says so.
      await tabTo(page, (f) => f.id === 'password', 'the new password field');
      await page.keyboard.type(fresh);
      await page.keyboard.press('Tab');
      await enterAndLoad(page);
      assert.equal(path(page), '/connexion', await whereAmI(page));
      assert.equal(await text(page.getByRole('status')), 'Votre mot de passe est changé : connectez-vous avec le nouveau.');
      await check(page, 'change');

      // The old password is refused, the new one logs in.
      await logIn(page, c);
      assert.equal(await text(page.getByRole('alert')), 'Courriel ou mot de passe incorrect.');
      await logIn(page, { email: c.email, password: fresh });
      assert.equal(path(page), '/');
      assert.equal(await text(page.getByRole('status')), `Bonjour ${c.firstName}, vous êtes connecté.`);

      // The link served once.
      await page.goto(link, { waitUntil: 'networkidle' });
      await page.getByLabel('Nouveau mot de passe (8 caractères au moins)').fill('Encore-Un-Autre-2026');
      const again = await clickAndLoad(page, page.getByRole('button', { name: 'Enregistrer' }));
      assert.equal(again.status(), 400);
      assert.match(await text(page.locator('main')), /Ce lien a déjà servi ou a expiré\. Demandez-en un nouveau depuis « Mot de passe oublié \? »\./);
      assert.equal(await logsIn(c.email, fresh), 200, 'the password chosen stays');
      await check(page, 'lien-deja-servi');
      assert.deepEqual(unexpected(problems, ['/mot-de-passe/nouveau', '/connexion']), []);
    });
    assert.deepEqual(check.problems, []);
    assert.equal(check.count(), 8);
  });

  test(`"Mon compte": change the password, download my data, close my account with the password (${width} px)`, async () => {
    const check = pageChecker(SHOTS, 'mon-compte', width);
    const c = await newCustomer('compte');
    const product = await newProduct(server, `Tabouret Compte ${width} ${Date.now().toString(36)}`, 3);
    const fresh = 'Nouveau-Tabouret-2026';
    await inContext(width, async (page) => {
      const problems = watch(page);
      await logIn(page, c);
      assert.equal(path(page), '/', await whereAmI(page));
      const reference = await orderThroughShop(page, product, 1, { email: undefined, fullName: `${c.firstName} ${c.lastName}` });

      // "Mon compte" from the menu, the wrong current password typed with the keyboard.
      await page.goto('/', { waitUntil: 'networkidle' });
      await tabTo(page, (f) => f.tag === 'a' && f.text === 'Mon compte', 'the "Mon compte" link');
      await enterAndLoad(page);
      assert.equal(path(page), '/mon-compte');
      assert.equal(await text(page.getByRole('heading', { level: 1 })), 'Mon compte');
      await check(page, 'page');
      await tabTo(page, (f) => f.id === 'current', 'the current password');
      await page.keyboard.type('Pas-Le-Bon-2026');
      await tabAndType(page, 'new', fresh);
      await page.keyboard.press('Tab');
      assert.equal((await focusState(page)).text, 'Changer le mot de passe');
      const wrong = await enterAndLoad(page);
      assert.ok([400, 403].includes(wrong.status()), `refused: ${wrong.status()}`);
      assert.equal(await text(page.getByRole('alert')), 'Le mot de passe actuel est incorrect.');
      assert.equal(await logsIn(c.email, c.password), 200, 'refused: the password is unchanged');
      assert.equal(await logsIn(c.email, fresh), 401);
      await check(page, 'mot-de-passe-refuse');

      await page.getByLabel('Mot de passe actuel').fill(c.password);
      await page.getByLabel('Nouveau mot de passe (8 caractères au moins)').fill(fresh);
      await clickAndLoad(page, page.getByRole('button', { name: 'Changer le mot de passe' }));
      // Every session of the account is closed, this one too: the log-in page says so.
      assert.equal(path(page), '/connexion', await whereAmI(page));
      assert.equal(await text(page.getByRole('status')),
        'Votre mot de passe est changé et vos sessions sont fermées : connectez-vous avec le nouveau.');
      assert.equal(await page.getByRole('link', { name: 'Me connecter' }).count(), 1, 'logged out');
      assert.equal(await logsIn(c.email, fresh), 200);
      assert.equal(await logsIn(c.email, c.password), 401, 'the old password is gone');
      await check(page, 'mot-de-passe-change');
      await logIn(page, { email: c.email, password: fresh });
      assert.equal(path(page), '/', await whereAmI(page));
      await page.goto('/mon-compte', { waitUntil: 'networkidle' });

      // My data: a JSON file with my profile and my order.
      const mine = await downloadJson(page, page.getByRole('link', { name: 'Télécharger mes données' }));
      assert.equal(mine.name, 'mes-donnees-e-design.json');
      assert.equal(mine.json.customer.id, c.id);
      assert.equal(mine.json.customer.email, c.email);
      assert.equal(mine.json.customer.last_name, c.lastName);
      assert.deepEqual(mine.json.orders.map((o) => o.reference), [reference]);
      assert.ok(!JSON.stringify(mine.json).includes(fresh), 'no password in the file');

      // Closing: the wrong password (box ticked) closes nothing.
      const password = page.getByLabel('Mot de passe', { exact: true });
      const box = page.getByLabel('Je veux fermer mon compte.');
      await password.fill('Pas-Le-Bon-2026');
      await box.check();
      const refused = await clickAndLoad(page, page.getByRole('button', { name: 'Fermer mon compte' }));
      assert.equal(refused.status(), 403);
      assert.equal(await text(page.getByRole('alert')), "Le mot de passe est incorrect : le compte n'est pas fermé.");
      assert.equal(await page.getByRole('link', { name: 'Mon compte' }).count(), 1, 'still logged in');
      assert.equal(await logsIn(c.email, fresh), 200, 'the account is open');
      await check(page, 'fermeture-refusee');
      // The right password, the box unticked: the browser keeps the form.
      await password.fill(fresh);
      const before = page.url();
      await page.getByRole('button', { name: 'Fermer mon compte' }).click();
      await page.waitForLoadState('networkidle');
      assert.equal(page.url(), before, 'no page sent');
      assert.equal((await validity(box)).valid, false, 'the unticked box stops the form');
      assert.equal(await logsIn(c.email, fresh), 200, 'the account is open');

      // Both: closed, logged out, told so.
      await box.check();
      await clickAndLoad(page, page.getByRole('button', { name: 'Fermer mon compte' }));
      assert.equal(path(page), '/');
      assert.equal(await text(page.getByRole('status')),
        'Votre compte est fermé et vos données effacées. Vos commandes sont conservées sans vos coordonnées.');
      assert.equal(await page.getByRole('link', { name: 'Me connecter' }).count(), 1, 'logged out');
      assert.equal(await page.getByRole('link', { name: 'Mon compte' }).count(), 0);
      await check(page, 'ferme');
      await logIn(page, { email: c.email, password: fresh });
      assert.equal(path(page), '/connexion');
      assert.equal(await text(page.getByRole('alert')), 'Courriel ou mot de passe incorrect.');
      await page.goto('/mon-compte', { waitUntil: 'networkidle' });
      assert.equal(path(page), '/connexion', 'no account page without an account');
      assert.deepEqual(unexpected(problems, ['/mon-compte/mot-de-passe', '/mon-compte/suppression', '/connexion']), []);
    });
    assert.equal(await logsIn(c.email, fresh), 401);
    assert.deepEqual(check.problems, []);
    assert.equal(check.count(), 5);
  });
}

// A customer's self-service, in Chromium against the real `rapidtrade serve`: "Mot de passe oublié ?"
// from the log-in page with the keyboard alone (the focus visible at every stop), the reset e-mail in
// the shop's mailbox, its link, a new password (too short: kept by the browser; four characters the
// browser counts as eight: refused in French next to the field), then the log-in with it; "Mon
// compte": a password change (a wrong current password refused, nothing changed), the download of
// one's data, and closing the account with the password (a wrong one, or the box unticked: nothing
// happens). Changing the password closes every session, this one too: the log-in page says so.
// Every page met is audited (axe-core), fits a 375 px screen and is photographed, at 1440
// and 375 px. Both journeys run in French, and in English (issue 17): the customer switches to EN
// on the first page with the page's switch, and every page met must read in English, the reset
// e-mail too, with no French text of a message whose English differs. Run:
//   cd /work/main && RAPIDTRADE_BIN=build/release/src/rapidtrade node --test tests/browser/self_service.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../e2e/server.mjs';
import { clickAndLoad, launchBrowser, logIn, screenshotDir, uniqueEmail, watch, whereAmI } from './support.mjs';
import {
  JOURNEY_RUNS, api, downloadJson, enterAndLoad, focusState, freePort, newProduct, openMail, orderThroughShop,
  pageChecker, path, tabTo, text, unexpected, validity,
} from './flows_support.mjs';
import { inContext as flowContext } from './flows_support.mjs';
import { frenchIn, frenchOf, noFrenchLeft, speak } from './language_support.mjs';

const SHOTS = screenshotDir();
console.log(`screenshots: ${SHOTS}`);

let server;
let browser;
before(async () => {
  // The shop's own address in its e-mails' links (PUBLIC_URL): the port is chosen first. Every
  // journey's customer comes from 127.0.0.1 and each gets a password wrong on purpose, some 7 times
  // a journey: the failed log-ins allowed per address (20 in 5 minutes, for many visitors behind
  // one address) would stop the third journey's; the limit per account stays the shop's own.
  const port = await freePort();
  [server, browser] = await Promise.all([
    startServer({
      env: { MAILBOX_SHOW_ALL: 'true', PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, LOGIN_MAX_FAILURES_PER_ADDRESS: '100' },
    }),
    launchBrowser(),
  ]);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const inContext = (width, body) => flowContext(browser, server, width, body);

// A customer account (sign-up through the API: the flows under test start after it), in `language`
// as the sign-up form records the page's (the profile's language is the session's from the log-in on).
async function newCustomer(tag, language) {
  const c = { email: uniqueEmail(tag), password: 'Ancien-Mot-2026', firstName: 'Margaux', lastName: `Girard${Date.now().toString(36)}` };
  const r = await api(server, 'POST', '/apis/customers/', {
    key: false,
    body: { email: c.email, password: c.password, first_name: c.firstName, last_name: c.lastName, language },
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

// What the customer reads and clicks, in each language.
const WORDS = {
  fr: {
    forgotLink: 'Mot de passe oublié ?',
    forgotHeading: 'Mot de passe oublié',
    sendLink: 'Recevoir un lien',
    linkSent: 'Si un compte existe pour cette adresse, un courriel vient de partir avec '
      + 'un lien pour choisir un nouveau mot de passe. Le lien est valable une heure.',
    accountEmail: 'Courriel de votre compte',
    resetSubject: 'Réinitialisation de votre mot de passe',
    resetIntro: /Vous avez demandé à changer le mot de passe de votre compte RapidTrade Co\./,
    resetLasts: /valable 1 heure, une seule fois/,
    newHeading: 'Nouveau mot de passe',
    save: 'Enregistrer',
    newPassword: 'Nouveau mot de passe (8 caractères au moins)',
    tooShort: "Choisissez un mot de passe d'au moins 8 caractères.",
    resetDone: 'Votre mot de passe est changé : connectez-vous avec le nouveau.',
    wrongLogIn: 'Courriel ou mot de passe incorrect.',
    hello: (name) => `Bonjour ${name}, vous êtes connecté.`,
    usedLink: /Ce lien a déjà servi ou a expiré\. Demandez-en un nouveau depuis « Mot de passe oublié \? »\./,
    account: 'Mon compte',
    changePassword: 'Changer le mot de passe',
    currentWrong: 'Le mot de passe actuel est incorrect.',
    currentPassword: 'Mot de passe actuel',
    passwordChanged: 'Votre mot de passe est changé et vos sessions sont fermées : connectez-vous avec le nouveau.',
    logInLink: 'Me connecter',
    download: 'Télécharger mes données',
    exportFile: 'mes-donnees-e-design.json',
    password: 'Mot de passe',
    closeBox: 'Je veux fermer mon compte.',
    close: 'Fermer mon compte',
    closeWrong: "Le mot de passe est incorrect : le compte n'est pas fermé.",
    closed: 'Votre compte est fermé et vos données effacées. Vos commandes sont conservées sans vos coordonnées.',
  },
  en: {
    forgotLink: 'Forgot your password?',
    forgotHeading: 'Forgotten password',
    sendLink: 'Send me a link',
    linkSent: 'If an account exists for this address, an e-mail has just left with a link to choose a new password. '
      + 'The link is valid for one hour.',
    accountEmail: "Your account's e-mail",
    resetSubject: 'Reset your RapidTrade Co. password',
    resetIntro: /You asked to change the password of your RapidTrade Co\. account\./,
    resetLasts: /valid for 1 hour, once only/,
    newHeading: 'New password',
    save: 'Save',
    newPassword: 'New password (at least 8 characters)',
    tooShort: 'Choose a password of at least 8 characters.',
    resetDone: 'Your password is changed: log in with the new one.',
    wrongLogIn: 'Wrong e-mail or password.',
    hello: (name) => `Hello ${name}, you are logged in.`,
    usedLink: /This link has already been used or has expired\. Ask for a new one from "Forgot your password\?"\./,
    account: 'My account',
    changePassword: 'Change the password',
    currentWrong: 'The current password is wrong.',
    currentPassword: 'Current password',
    passwordChanged: 'Your password is changed and your sessions are closed: log in with the new one.',
    logInLink: 'Log in',
    download: 'Download my data',
    exportFile: 'my-data-e-design.json',
    password: 'Password',
    closeBox: 'I want to close my account.',
    close: 'Close my account',
    closeWrong: 'The password is wrong: the account is not closed.',
    closed: 'Your account is closed and your data erased. Your orders are kept without your details.',
  },
};
// The shop's French that an English page or e-mail must not show.
const FRENCH_PAGES = frenchOf('shop', 'common');
const FRENCH_MAIL = frenchOf('email');
// Screenshots: the French journeys' names as before, the English ones with "en-" in front.
const shotPrefix = (language, name) => (language === 'fr' ? name : `${language}-${name}`);

for (const { language, width, alsoAt, label } of JOURNEY_RUNS) {
  const w = WORDS[language];
  test(`"${w.forgotLink}" with the keyboard alone: the e-mail, its link, a new password, the log-in (${label})`, async () => {
    const c = await newCustomer('oubli', language);
    const check = noFrenchLeft(pageChecker(SHOTS, shotPrefix(language, 'mot-de-passe-oublie'), width, { alsoAt }), language,
      FRENCH_PAGES, [c.firstName, c.lastName]);
    const fresh = 'Nouveau-Canape-2026';
    await inContext(width, async (page) => {
      const problems = watch(page);
      await page.goto('/connexion', { waitUntil: 'networkidle' });
      await speak(page, language);
      await check(page, 'connexion');
      await tabTo(page, (f) => f.tag === 'a' && f.text === w.forgotLink, `the "${w.forgotLink}" link`);
      await enterAndLoad(page);
      assert.equal(path(page), '/mot-de-passe/oublie');
      assert.equal(await text(page.getByRole('heading', { level: 1 })), w.forgotHeading);
      await check(page, 'demande');
      await tabTo(page, (f) => f.id === 'email', 'the e-mail field');
      await page.keyboard.type(c.email);
      await page.keyboard.press('Tab');
      const button = await focusState(page);
      assert.equal(button.text, w.sendLink);
      assert.ok(button.visible, `focus visible on "${w.sendLink}"`);
      await enterAndLoad(page);
      assert.equal(await text(page.getByRole('status')), w.linkSent);
      assert.equal(await page.getByLabel(w.accountEmail).count(), 0, 'the form is gone once sent');
      await check(page, 'demande-envoyee');

      // The e-mail, in the language of the page it was asked from, and its link to the shop.
      const mail = await openMail(page, c.email, w.resetSubject, { language });
      assert.match(mail, w.resetIntro);
      assert.match(mail, w.resetLasts);
      if (language === 'en') assert.deepEqual(frenchIn(mail, FRENCH_MAIL, 'the reset e-mail'), []);
      await check(page, 'courriel');
      const link = mail.match(/(\S+\/mot-de-passe\/nouveau\?token=[A-Za-z0-9_-]+)/)?.[1];
      assert.ok(link?.startsWith(`${server.url}/mot-de-passe/nouveau?token=`), `the link leads to this shop: ${link}`);
      await page.goto(link, { waitUntil: 'networkidle' });  // as pasted into the address bar
      assert.equal(await text(page.getByRole('heading', { level: 1 })), w.newHeading);
      await check(page, 'nouveau');

      // Too short: the browser keeps the form (minlength), nothing is sent.
      await tabTo(page, (f) => f.id === 'password', 'the new password field');
      await page.keyboard.type('court');
      await page.keyboard.press('Tab');
      assert.equal((await focusState(page)).text, w.save);
      await page.keyboard.press('Enter');
      await page.waitForLoadState('networkidle');
      assert.equal(path(page), '/mot-de-passe/nouveau');
      const short = await validity(page.getByLabel(w.newPassword));
      assert.equal(short.valid, false, 'a 5-character password stops the form');
      assert.notEqual(short.message, '');
      assert.equal(await logsIn(c.email, c.password), 200, 'the old password still works');

      // Four emoji: eight characters to the browser, four to the shop: refused next to the field.
      const field = page.getByLabel(w.newPassword);
      await field.focus();
      await page.keyboard.press('Control+A');
      await page.keyboard.type('😀😀😀😀');
      const [refused] = await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle' }), page.keyboard.press('Enter')]);
      assert.equal(refused.status(), 400);
      assert.equal(await field.getAttribute('aria-invalid'), 'true');
      assert.equal(await text(page.locator('#password-error')), w.tooShort);
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
      assert.equal(await text(page.getByRole('status')), w.resetDone);
      await check(page, 'change');

      // The old password is refused, the new one logs in.
      await logIn(page, c, language);
      assert.equal(await text(page.getByRole('alert')), w.wrongLogIn);
      await logIn(page, { email: c.email, password: fresh }, language);
      assert.equal(path(page), '/');
      assert.equal(await text(page.getByRole('status')), w.hello(c.firstName));

      // The link served once.
      await page.goto(link, { waitUntil: 'networkidle' });
      await page.getByLabel(w.newPassword).fill('Encore-Un-Autre-2026');
      const again = await clickAndLoad(page, page.getByRole('button', { name: w.save }));
      assert.equal(again.status(), 400);
      assert.match(await text(page.locator('main')), w.usedLink);
      assert.equal(await logsIn(c.email, fresh), 200, 'the password chosen stays');
      await check(page, 'lien-deja-servi');
      assert.deepEqual(unexpected(problems, ['/mot-de-passe/nouveau', '/connexion']), []);
    });
    assert.deepEqual(check.problems, []);
    assert.equal(check.count(), 8);
  });

  test(`"${w.account}": change the password, download my data, close my account with the password (${label})`, async () => {
    const c = await newCustomer('compte', language);
    const product = await newProduct(server, `Tabouret Compte ${width} ${Date.now().toString(36)}`, 3);
    // The product's name (French: it has no English one) and the customer's are data, not text to translate.
    const check = noFrenchLeft(pageChecker(SHOTS, shotPrefix(language, 'mon-compte'), width, { alsoAt }), language,
      FRENCH_PAGES, [product.name, c.firstName, c.lastName]);
    const fresh = 'Nouveau-Tabouret-2026';
    await inContext(width, async (page) => {
      const problems = watch(page);
      await page.goto('/connexion', { waitUntil: 'networkidle' });
      await speak(page, language);
      await logIn(page, c, language);
      assert.equal(path(page), '/', await whereAmI(page));
      const reference = await orderThroughShop(page, product, 1, { email: undefined, fullName: `${c.firstName} ${c.lastName}` },
        undefined, language);

      // "Mon compte" from the menu, the wrong current password typed with the keyboard.
      await page.goto('/', { waitUntil: 'networkidle' });
      await tabTo(page, (f) => f.tag === 'a' && f.text === w.account, `the "${w.account}" link`);
      await enterAndLoad(page);
      assert.equal(path(page), '/mon-compte');
      assert.equal(await text(page.getByRole('heading', { level: 1 })), w.account);
      await check(page, 'page');
      await tabTo(page, (f) => f.id === 'current', 'the current password');
      await page.keyboard.type('Pas-Le-Bon-2026');
      await tabAndType(page, 'new', fresh);
      await page.keyboard.press('Tab');
      assert.equal((await focusState(page)).text, w.changePassword);
      const wrong = await enterAndLoad(page);
      assert.ok([400, 403].includes(wrong.status()), `refused: ${wrong.status()}`);
      assert.equal(await text(page.getByRole('alert')), w.currentWrong);
      assert.equal(await logsIn(c.email, c.password), 200, 'refused: the password is unchanged');
      assert.equal(await logsIn(c.email, fresh), 401);
      await check(page, 'mot-de-passe-refuse');

      await page.getByLabel(w.currentPassword).fill(c.password);
      await page.getByLabel(w.newPassword).fill(fresh);
      await clickAndLoad(page, page.getByRole('button', { name: w.changePassword }));
      // Every session of the account is closed, this one too: the log-in page says so.
      assert.equal(path(page), '/connexion', await whereAmI(page));
      assert.equal(await text(page.getByRole('status')), w.passwordChanged);
      assert.equal(await page.getByRole('link', { name: w.logInLink }).count(), 1, 'logged out');
      assert.equal(await logsIn(c.email, fresh), 200);
      assert.equal(await logsIn(c.email, c.password), 401, 'the old password is gone');
      await check(page, 'mot-de-passe-change');
      await logIn(page, { email: c.email, password: fresh }, language);
      assert.equal(path(page), '/', await whereAmI(page));
      await page.goto('/mon-compte', { waitUntil: 'networkidle' });

      // My data: a JSON file with my profile and my order.
      const mine = await downloadJson(page, page.getByRole('link', { name: w.download }));
      assert.equal(mine.name, w.exportFile);
      assert.equal(mine.json.customer.id, c.id);
      assert.equal(mine.json.customer.email, c.email);
      assert.equal(mine.json.customer.last_name, c.lastName);
      assert.deepEqual(mine.json.orders.map((o) => o.reference), [reference]);
      assert.ok(!JSON.stringify(mine.json).includes(fresh), 'no password in the file');

      // Closing: the wrong password (box ticked) closes nothing.
      const password = page.getByLabel(w.password, { exact: true });
      const box = page.getByLabel(w.closeBox);
      await password.fill('Pas-Le-Bon-2026');
      await box.check();
      const refused = await clickAndLoad(page, page.getByRole('button', { name: w.close }));
      assert.equal(refused.status(), 403);
      assert.equal(await text(page.getByRole('alert')), w.closeWrong);
      assert.equal(await page.getByRole('link', { name: w.account }).count(), 1, 'still logged in');
      assert.equal(await logsIn(c.email, fresh), 200, 'the account is open');
      await check(page, 'fermeture-refusee');
      // The right password, the box unticked: the browser keeps the form.
      await password.fill(fresh);
      const before = page.url();
      await page.getByRole('button', { name: w.close }).click();
      await page.waitForLoadState('networkidle');
      assert.equal(page.url(), before, 'no page sent');
      assert.equal((await validity(box)).valid, false, 'the unticked box stops the form');
      assert.equal(await logsIn(c.email, fresh), 200, 'the account is open');

      // Both: closed, logged out, told so.
      await box.check();
      await clickAndLoad(page, page.getByRole('button', { name: w.close }));
      assert.equal(path(page), '/');
      assert.equal(await text(page.getByRole('status')), w.closed);
      assert.equal(await page.getByRole('link', { name: w.logInLink }).count(), 1, 'logged out');
      assert.equal(await page.getByRole('link', { name: w.account }).count(), 0);
      await check(page, 'ferme');
      await logIn(page, { email: c.email, password: fresh }, language);
      assert.equal(path(page), '/connexion');
      assert.equal(await text(page.getByRole('alert')), w.wrongLogIn);
      await page.goto('/mon-compte', { waitUntil: 'networkidle' });
      assert.equal(path(page), '/connexion', 'no account page without an account');
      assert.deepEqual(unexpected(problems, ['/mon-compte/mot-de-passe', '/mon-compte/suppression', '/connexion']), []);
    });
    assert.equal(await logsIn(c.email, fresh), 401);
    assert.deepEqual(check.problems, []);
    assert.equal(check.count(), 5);
  });
}

// "Comptes équipe" (/admin/equipe) as an administrator uses it, in Chromium against the real
// `rapidtrade serve`: add a member of the staff with the keyboard alone (a refused e-mail explained
// in French next to its field first), the new account logs in and works in the back-office, then
// disabling it after a confirmation ends its log-ins; the list says who did each. A member of the
// staff who is not an administrator gets no link and a 403 page; a forged post changes nothing.
// axe-core audits each page; screenshots at 375 and 1440 px. Both run in French, and in English
// (issue 17): each person switches to EN on the log-in page with the page's switch, and every page
// met must read in English, with no French text of a message whose English differs. Run:
//   cd /work/main && RAPIDTRADE_BIN=build/release/src/rapidtrade node --test tests/browser/back_office_team.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer } from '../e2e/server.mjs';
import {
  audit, clickAndLoad, launchBrowser, logIn, newShopper, path, screenshotDir, tabTo, text, uniqueEmail, whereAmI,
} from './support.mjs';
import { LANGUAGES, frenchIn, frenchOf, readable, speak } from './language_support.mjs';

const SHOTS = screenshotDir();
console.log(`screenshots: ${SHOTS}`);
const ADMIN = { email: 'admin@example.fr', password: 'EDesign-Admin-2026' };

let server;
let browser;
before(async () => { [server, browser] = await Promise.all([startServer(), launchBrowser()]); });
after(async () => {
  await browser?.close();
  await server?.stop();
});

// `who` logs in from the log-in page put in `language` with its switch (a member of the staff has
// no profile: the session's language stays), then `body(page, context)`.
async function as(who, language, body, options) {
  const { context, page } = await newShopper(browser, server.url, options);
  try {
    await page.goto('/connexion');
    await speak(page, language);
    await logIn(page, who, language);
    return await body(page, context);
  } finally {
    await context.close();
  }
}

async function staffList() {
  const token = await fetch(`${server.url}/apis/auth/token`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(ADMIN),
  });
  const res = await fetch(`${server.url}/apis/auth/staff/`, { headers: { Authorization: `Bearer ${(await token.json()).access_token}` } });
  return (await res.json()).items;
}

const escaped = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// What the administrator and the member read and click, in each language.
const WORDS = {
  fr: {
    nav: 'Administration',
    team: 'Comptes équipe',
    adminRow: /Administrateur Actif/,
    emailTaken: "Un compte existe déjà avec cette adresse (de l'équipe ou d'un client).",
    email: 'Adresse électronique',
    password: 'Mot de passe (8 caractères au moins)',
    add: 'Ajouter le compte',
    added: (email) => new RegExp(`Compte ${escaped(email)} ajouté`),
    memberRow: /Équipe Actif .* par admin@example\.fr/,
    adminsOnly: /réservés aux administrateurs/,
    disableLink: (email) => `Désactiver ${email}`,
    disableHeading: (email) => new RegExp(`Désactiver le compte ${escaped(email)}`),
    notYourself: /propre compte/,
    confirm: (email) => `Je confirme la désactivation de ${email}`,
    disable: 'Désactiver le compte',
    disabledRow: /Désactivé .* par admin@example\.fr/,
  },
  en: {
    nav: 'Back office',
    team: 'Team accounts',
    adminRow: /Administrator Active/,
    emailTaken: 'An account already exists with this address (staff or customer).',
    email: 'Email address',
    password: 'Password (at least 8 characters)',
    add: 'Add the account',
    added: (email) => new RegExp(`Account ${escaped(email)} added`),
    memberRow: /Staff Active .* by admin@example\.fr/,
    adminsOnly: /for administrators only/,
    disableLink: (email) => `Disable ${email}`,
    disableHeading: (email) => new RegExp(`Disable the account ${escaped(email)}`),
    notYourself: /your own account/,
    confirm: (email) => `I confirm disabling ${email}`,
    disable: 'Disable the account',
    disabledRow: /Disabled .* by admin@example\.fr/,
  },
};
// The back-office's (and its shop layout's) French that an English page must not show.
const FRENCH = frenchOf('admin', 'shop', 'common');

// On an English page, the French the visitor would read there; nothing to look for on a French one.
async function frenchOn(page, language, where) {
  return language === 'en' ? frenchIn(await readable(page), FRENCH, where) : [];
}

for (const language of LANGUAGES) {
  const w = WORDS[language];
  test(`an administrator adds a member with the keyboard, the member works, then is disabled after a confirmation${language === 'en' ? ' (in English)' : ''}`, async () => {
    const member = { email: uniqueEmail('vendeuse'), password: 'mot-de-passe-vendeuse-1' };
    const french = [];
    await as(ADMIN, language, async (page) => {
      await clickAndLoad(page, page.getByRole('navigation', { name: w.nav }).getByRole('link', { name: w.team }));
      assert.equal(path(page), '/admin/equipe', await whereAmI(page));
      assert.equal(await page.getByRole('link', { name: w.team }).getAttribute('aria-current'), 'page');
      // The administrator's own row (a member added by an earlier run names them too: "by admin@...").
      assert.match(await text(page.getByRole('row', { name: /^admin@example\.fr / })), w.adminRow);
      french.push(...await frenchOn(page, language, 'the team page'));

      // A refused e-mail first (a customer's): the reason next to the field, in the page's
      // language, marked invalid, nothing added.
      const before = (await staffList()).length;
      await tabTo(page, (f) => f.id === 'email', 'the e-mail field');
      await page.keyboard.type('jean.rault@example.fr');
      await tabTo(page, (f) => f.id === 'role', 'the role');
      await tabTo(page, (f) => f.id === 'password', 'the password');
      await page.keyboard.type(member.password);
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      assert.equal(await text(page.locator('#email-error')), w.emailTaken);
      assert.equal(await page.getByLabel(w.email).getAttribute('aria-invalid'), 'true');
      assert.equal((await staffList()).length, before);
      french.push(...await frenchOn(page, language, 'the refused e-mail'));

      // Then the right one, still with the keyboard alone.
      await page.getByLabel(w.email).fill('');
      await page.getByLabel(w.email).focus();
      await page.keyboard.type(member.email);
      await tabTo(page, (f) => f.id === 'role', 'the role');
      await tabTo(page, (f) => f.id === 'password', 'the password');
      await page.keyboard.type(member.password);
      await tabTo(page, (f) => f.text === w.add, 'the button');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      assert.match(await text(page.getByRole('status')), w.added(member.email));
      assert.match(await text(page.getByRole('row', { name: new RegExp(escaped(member.email)) })), w.memberRow);
      french.push(...await frenchOn(page, language, 'the member added'));
    });

    // The member logs in and reaches the back-office, without the team link; the team page is 403.
    await as(member, language, async (page) => {
      assert.equal(path(page), '/admin/', await whereAmI(page));
      assert.equal(await page.getByRole('link', { name: w.team }).count(), 0);
      const res = await page.goto('/admin/equipe');
      assert.equal(res.status(), 403);
      assert.match(await text(page.locator('main')), w.adminsOnly);
      french.push(...await frenchOn(page, language, "the member's 403 page"));
      // A forged post with the member's own session and CSRF token adds no one.
      const csrf = await page.locator('input[name="csrf"]').first().inputValue().catch(() => '');
      const forged = await page.request.post('/admin/equipe', { form: { csrf, email: uniqueEmail('intrus'), role: 'admin', password: 'mot-de-passe-intrus' }, maxRedirects: 0 });
      assert.equal(forged.status(), 403);
    });
    assert.ok(!(await staffList()).some((a) => a.email.startsWith('intrus')), 'no account was added by the member');

    // The administrator disables the member: a confirmation page first (unchecked: nothing happens).
    await as(ADMIN, language, async (page) => {
      await page.goto('/admin/equipe');
      await clickAndLoad(page, page.getByRole('link', { name: w.disableLink(member.email) }));
      assert.match(await text(page.getByRole('heading', { level: 1 })), w.disableHeading(member.email));
      french.push(...await frenchOn(page, language, 'the disable page'));
      const id = path(page).split('/')[3];
      const csrf = await page.locator('input[name="csrf"]').first().inputValue();
      const unchecked = await page.request.post(`/admin/equipe/${id}/desactivation`, { form: { csrf }, maxRedirects: 0 });
      assert.equal(unchecked.status(), 400);
      assert.equal((await staffList()).find((a) => a.id === id).state, 'active');
      const noCsrf = await page.request.post(`/admin/equipe/${id}/desactivation`, { form: { confirm: 'oui' }, maxRedirects: 0 });
      assert.equal(noCsrf.status(), 403);
      assert.equal((await staffList()).find((a) => a.id === id).state, 'active');
      // The admin's own account has no link, and a forged request is refused in the page's language.
      assert.equal(await page.getByRole('link', { name: w.disableLink('admin@example.fr') }).count(), 0);
      const own = await page.request.post('/admin/equipe/STAFFDEMOADMIN01/desactivation', { form: { csrf, confirm: 'oui' }, maxRedirects: 0 });
      assert.equal(own.status(), 400);
      assert.match(await own.text(), w.notYourself);
      for (const bad of ['..%2F..', 'stafflower', 'A'.repeat(300), '%00']) {
        const r = await page.request.post(`/admin/equipe/${bad}/desactivation`, { form: { csrf, confirm: 'oui' }, maxRedirects: 0 });
        assert.ok([400, 404].includes(r.status()), `${bad}: ${r.status()}`);
      }

      await page.getByLabel(w.confirm(member.email)).check();
      await clickAndLoad(page, page.getByRole('button', { name: w.disable }));
      assert.equal(path(page), '/admin/equipe');
      assert.match(await text(page.getByRole('row', { name: new RegExp(escaped(member.email)) })), w.disabledRow);
      french.push(...await frenchOn(page, language, 'the member disabled'));
    });
    const res = await fetch(`${server.url}/apis/auth/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(member) });
    assert.equal(res.status, 401, 'the disabled member can no longer log in');
    assert.deepEqual(french, []);
  });
}

// The French screenshots keep their names; the English ones have "en-" after "admin-".
for (const language of LANGUAGES) {
  const w = WORDS[language];
  test(`${w.team}: axe-core clean, nothing sideways at 375 px, screenshots at 375 and 1440 px`, async () => {
    const found = [];
    const overflowing = [];
    const french = [];
    for (const width of [375, 1440]) {
      await as(ADMIN, language, async (page) => {
        const visit = async (name) => {
          found.push(...await audit(page, name, width));
          const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
          if (scrollWidth > width) overflowing.push(`${name} is ${scrollWidth} px wide at ${width} px`);
          french.push(...await frenchOn(page, language, `${name} @${width}px`));
          await page.screenshot({ path: join(SHOTS, `admin-${language === 'fr' ? '' : `${language}-`}${name}-${width}.png`), fullPage: true });
        };
        await page.goto('/admin/equipe', { waitUntil: 'networkidle' });
        await visit('equipe');
        await page.getByLabel(w.email).fill('faux');
        await page.getByLabel(w.password).fill('court');
        await page.getByLabel(w.email).evaluate((el) => { el.type = 'text'; });
        await page.getByLabel(w.password).evaluate((el) => el.removeAttribute('minlength'));
        await clickAndLoad(page, page.getByRole('button', { name: w.add }));
        assert.equal(await page.getByLabel(w.email).getAttribute('aria-invalid'), 'true');
        await visit('equipe-erreurs');
        const member = uniqueEmail('audit');
        await page.getByLabel(w.email).fill(member);
        await page.getByLabel(w.password).fill('mot-de-passe-audit-1');
        await clickAndLoad(page, page.getByRole('button', { name: w.add }));
        await clickAndLoad(page, page.getByRole('link', { name: w.disableLink(member) }));
        await visit('equipe-desactivation');
      }, { viewport: { width, height: 900 }, bypassCSP: true });  // axe-core is injected inline
    }
    assert.deepEqual(found, []);
    assert.deepEqual(overflowing, []);
    assert.deepEqual(french, []);
  });
}

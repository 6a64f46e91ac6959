// "Comptes équipe" (/admin/equipe) as an administrator uses it, in Chromium against the real
// `rapidtrade serve`: add a member of the staff with the keyboard alone (a refused e-mail explained
// in French next to its field first), the new account logs in and works in the back-office, then
// disabling it after a confirmation ends its log-ins; the list says who did each. A member of the
// staff who is not an administrator gets no link and a 403 page; a forged post changes nothing.
// axe-core audits each page; screenshots at 375 and 1440 px. Run:
//   cd /work/main && RAPIDTRADE_BIN=build/release/src/rapidtrade node --test tests/browser/back_office_team.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startServer } from '../e2e/server.mjs';
import { audit, clickAndLoad, launchBrowser, logIn, newShopper, screenshotDir, tabTo, uniqueEmail, whereAmI } from './support.mjs';

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

const path = (page) => new URL(page.url()).pathname;
const text = async (locator) => (await locator.innerText()).replace(/[ \t\r\n]+/g, ' ').trim();

async function as(who, body, options) {
  const { context, page } = await newShopper(browser, server.url, options);
  try {
    await logIn(page, who);
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

test('an administrator adds a member with the keyboard, the member works, then is disabled after a confirmation', async () => {
  const member = { email: uniqueEmail('vendeuse'), password: 'mot-de-passe-vendeuse-1' };
  await as(ADMIN, async (page) => {
    await clickAndLoad(page, page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Comptes équipe' }));
    assert.equal(path(page), '/admin/equipe', await whereAmI(page));
    assert.equal(await page.getByRole('link', { name: 'Comptes équipe' }).getAttribute('aria-current'), 'page');
    assert.match(await text(page.getByRole('row', { name: /admin@example\.fr/ })), /Administrateur Actif/);

    // A refused e-mail first (a customer's): the French reason next to the field, marked invalid,
    // nothing added.
    const before = (await staffList()).length;
    await tabTo(page, (f) => f.id === 'email', 'the e-mail field');
    await page.keyboard.type('jean.rault@example.fr');
    await tabTo(page, (f) => f.id === 'role', 'the role');
    await tabTo(page, (f) => f.id === 'password', 'the password');
    await page.keyboard.type(member.password);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.equal(await text(page.locator('#email-error')), "Un compte existe déjà avec cette adresse (de l'équipe ou d'un client).");
    assert.equal(await page.getByLabel('Adresse électronique').getAttribute('aria-invalid'), 'true');
    assert.equal((await staffList()).length, before);

    // Then the right one, still with the keyboard alone.
    await page.getByLabel('Adresse électronique').fill('');
    await page.getByLabel('Adresse électronique').focus();
    await page.keyboard.type(member.email);
    await tabTo(page, (f) => f.id === 'role', 'the role');
    await tabTo(page, (f) => f.id === 'password', 'the password');
    await page.keyboard.type(member.password);
    await tabTo(page, (f) => f.text === 'Ajouter le compte', 'the button');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    assert.match(await text(page.getByRole('status')), new RegExp(`Compte ${member.email.replaceAll('.', '\\.')} ajouté`));
    assert.match(await text(page.getByRole('row', { name: new RegExp(member.email.replaceAll('.', '\\.')) })), /Équipe Actif .* par admin@example\.fr/);
  });

  // The member logs in and reaches the back-office, without the team link; the team page is 403.
  await as(member, async (page) => {
    assert.equal(path(page), '/admin/', await whereAmI(page));
    assert.equal(await page.getByRole('link', { name: 'Comptes équipe' }).count(), 0);
    const res = await page.goto('/admin/equipe');
    assert.equal(res.status(), 403);
    assert.match(await text(page.locator('main')), /réservés aux administrateurs/);
    // A forged post with the member's own session and CSRF token adds no one.
    const csrf = await page.locator('input[name="csrf"]').first().inputValue().catch(() => '');
    const forged = await page.request.post('/admin/equipe', { form: { csrf, email: uniqueEmail('intrus'), role: 'admin', password: 'mot-de-passe-intrus' }, maxRedirects: 0 });
    assert.equal(forged.status(), 403);
  });
  assert.ok(!(await staffList()).some((a) => a.email.startsWith('intrus')), 'no account was added by the member');

  // The administrator disables the member: a confirmation page first (unchecked: nothing happens).
  await as(ADMIN, async (page) => {
    await page.goto('/admin/equipe');
    await clickAndLoad(page, page.getByRole('link', { name: `Désactiver ${member.email}` }));
    assert.match(await text(page.getByRole('heading', { level: 1 })), new RegExp(`Désactiver le compte ${member.email.replaceAll('.', '\\.')}`));
    const id = path(page).split('/')[3];
    const csrf = await page.locator('input[name="csrf"]').first().inputValue();
    const unchecked = await page.request.post(`/admin/equipe/${id}/desactivation`, { form: { csrf }, maxRedirects: 0 });
    assert.equal(unchecked.status(), 400);
    assert.equal((await staffList()).find((a) => a.id === id).state, 'active');
    const noCsrf = await page.request.post(`/admin/equipe/${id}/desactivation`, { form: { confirm: 'oui' }, maxRedirects: 0 });
    assert.equal(noCsrf.status(), 403);
    assert.equal((await staffList()).find((a) => a.id === id).state, 'active');
    // The admin's own account has no link, and a forged request is refused in French.
    assert.equal(await page.getByRole('link', { name: 'Désactiver admin@example.fr' }).count(), 0);
    const own = await page.request.post('/admin/equipe/STAFFDEMOADMIN01/desactivation', { form: { csrf, confirm: 'oui' }, maxRedirects: 0 });
    assert.equal(own.status(), 400);
    assert.match(await own.text(), /propre compte/);
    for (const bad of ['..%2F..', 'stafflower', 'A'.repeat(300), '%00']) {
      const r = await page.request.post(`/admin/equipe/${bad}/desactivation`, { form: { csrf, confirm: 'oui' }, maxRedirects: 0 });
      assert.ok([400, 404].includes(r.status()), `${bad}: ${r.status()}`);
    }

    await page.getByLabel(`Je confirme la désactivation de ${member.email}`).check();
    await clickAndLoad(page, page.getByRole('button', { name: 'Désactiver le compte' }));
    assert.equal(path(page), '/admin/equipe');
    assert.match(await text(page.getByRole('row', { name: new RegExp(member.email.replaceAll('.', '\\.')) })), /Désactivé .* par admin@example\.fr/);
  });
  const res = await fetch(`${server.url}/apis/auth/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(member) });
  assert.equal(res.status, 401, 'the disabled member can no longer log in');
});

test('Comptes équipe: axe-core clean, nothing sideways at 375 px, screenshots at 375 and 1440 px', async () => {
  const found = [];
  const overflowing = [];
  for (const width of [375, 1440]) {
    await as(ADMIN, async (page) => {
      const visit = async (name) => {
        found.push(...await audit(page, name, width));
        const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        if (scrollWidth > width) overflowing.push(`${name} is ${scrollWidth} px wide at ${width} px`);
        await page.screenshot({ path: join(SHOTS, `admin-${name}-${width}.png`), fullPage: true });
      };
      await page.goto('/admin/equipe', { waitUntil: 'networkidle' });
      await visit('equipe');
      await page.getByLabel('Adresse électronique').fill('faux');
      await page.getByLabel('Mot de passe (8 caractères au moins)').fill('court');
      await page.getByLabel('Adresse électronique').evaluate((el) => { el.type = 'text'; });
      await page.getByLabel('Mot de passe (8 caractères au moins)').evaluate((el) => el.removeAttribute('minlength'));
      await clickAndLoad(page, page.getByRole('button', { name: 'Ajouter le compte' }));
      assert.equal(await page.getByLabel('Adresse électronique').getAttribute('aria-invalid'), 'true');
      await visit('equipe-erreurs');
      const member = uniqueEmail('audit');
      await page.getByLabel('Adresse électronique').fill(member);
      await page.getByLabel('Mot de passe (8 caractères au moins)').fill('mot-de-passe-audit-1');
      await clickAndLoad(page, page.getByRole('button', { name: 'Ajouter le compte' }));
      await clickAndLoad(page, page.getByRole('link', { name: `Désactiver ${member}` }));
      await visit('equipe-desactivation');
    }, { viewport: { width, height: 900 }, bypassCSP: true });  // axe-core is injected inline
  }
  assert.deepEqual(found, []);
  assert.deepEqual(overflowing, []);
});

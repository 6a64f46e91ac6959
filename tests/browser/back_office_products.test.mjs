// The back-office's products and categories as a member of the staff uses them, in Chromium
// against the real `rapidtrade serve`: create a product (also with the keyboard alone), upload its
// photo (a preview first, then the stored photo, in the shop too), a refused file explained in
// French, deletion after a confirmation page, the categories' list, creation, renaming and
// deletion, and "Mes commandes" of a staff account. Hostile posts change nothing. axe-core audits
// every new page; screenshots at 375 and 1440 px. Run:
//   cd /work/main && RAPIDTRADE_BIN=build/release/src/rapidtrade node --test tests/browser/
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { png } from '../e2e/photo_support.mjs';
import { api as serverApi } from './flows_support.mjs';
import { startServer, API_KEY } from '../e2e/server.mjs';
import {
  CARD, DEMO, SOFA, audit, clickAndLoad, focusState, launchBrowser, tabTo, logIn, newShopper, screenshotDir, uniqueEmail, watch, whereAmI,
} from './support.mjs';

const SHOTS = screenshotDir();
console.log(`screenshots: ${SHOTS}`);

let server;
let browser;
let staff;  // { id, email, password, token }

// A staff account made the way the shop's operators do (POST /apis/auth/credentials with the key).
async function makeStaff() {
  const email = uniqueEmail('equipe');
  const password = 'staff-password-2026';
  const id = `STAFF${Date.now().toString(36).toUpperCase()}`.slice(0, 16);
  const created = await fetch(`${server.url}/apis/auth/credentials`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Api-Key': API_KEY },
    body: JSON.stringify({ customer_id: id, email, password, roles: ['staff'] }),
  });
  assert.equal(created.status, 201, await created.text());
  const token = await fetch(`${server.url}/apis/auth/token`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }),
  });
  assert.equal(token.status, 200);
  return { id, email, password, token: (await token.json()).access_token };
}

before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  staff = await makeStaff();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

// ---------------------------------------------------------------- helpers

const path = (page) => new URL(page.url()).pathname;
const text = async (locator) => (await locator.innerText()).replace(/[ \t\r\n]+/g, ' ').trim();

// Runs `body(page, context)` as the logged-in member of the staff, in a fresh context.
async function asStaff(body, options) {
  const { context, page } = await newShopper(browser, server.url, options);
  try {
    await logIn(page, staff);
    assert.equal(path(page), '/admin/', `staff land on the back-office: ${await whereAmI(page)}`);
    return await body(page, context);
  } finally {
    await context.close();
  }
}

const api = (method, route, options) => serverApi(server, method, route, options);

// A product of this test alone, made with the API key.
async function newProduct(name) {
  const r = await api('POST', '/apis/products/', { body: { name, description: 'Pour les tests du back-office.', price: { amount: 12900, currency: 'EUR' }, stock: 3 } });
  assert.equal(r.status, 201, r.raw);
  return r.body;
}

const product = async (id) => api('GET', `/apis/products/${id}`, { key: false });
// Every product as the shop lists it: what must not change when a hostile post is refused.
async function catalogue() {
  const r = await api('GET', '/apis/products/?per_page=100&sort=name', { key: false });
  assert.equal(r.status, 200);
  return r.body.items;
}
async function categories() {
  const r = await api('GET', '/apis/products/categories', { key: false });
  assert.equal(r.status, 200);
  return r.body.items;
}

// A real PNG (random pixels), made byte by byte like the API's photo tests'.
const PHOTO = png({ width: 64, height: 48 });

// The image's natural size once loaded (0 x 0 when it could not be shown).
const loadedSize = (locator) => locator.evaluate(async (img) => {
  if (!img.complete) await new Promise((resolve) => { img.onload = resolve; img.onerror = resolve; });
  return { width: img.naturalWidth, height: img.naturalHeight };
});

// A page's HTML with the entities templates write for quotes and brackets read back.
const readable = async (response) => (await response.text()).replace(/&apos;|&#39;/g, "'").replace(/&quot;/g, '"')
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

const csrfOf = (page) => page.locator('input[name="csrf"]').first().inputValue();

// ---------------------------------------------------------------- creating a product

test('a member of the staff creates a product with the keyboard alone, the focus always visible', async () => {
  await asStaff(async (page) => {
    const problems = watch(page);
    const name = `Lampe Arc Laiton ${Date.now().toString(36)}`;
    await page.goto('/admin/produits', { waitUntil: 'networkidle' });
    await tabTo(page, (f) => f.tag === 'a' && f.text === 'Nouveau produit', 'the "Nouveau produit" link');
    await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle' }), page.keyboard.press('Enter')]);
    assert.equal(path(page), '/admin/produits/nouveau');
    assert.equal(await text(page.getByRole('heading', { level: 1 })), 'Nouveau produit');

    await tabTo(page, (f) => f.id === 'name', 'the name field');
    await page.keyboard.type(name);
    for (const [id, typed] of [['description', 'Lampe à arc, pied en marbre.'], ['price', '249,00'], ['stock', '4']]) {
      await page.keyboard.press('Tab');
      const focus = await focusState(page);
      assert.equal(focus.id, id, `Tab goes from field to field in order (${id})`);
      assert.ok(focus.visible, `focus visible on ${id}`);
      await page.keyboard.type(typed);  // Tab into a filled field selects it: the typing replaces "0"
    }
    // Past the categories' boxes (Space would tick one; none is needed here) to the button.
    const button = await tabTo(page, (f) => f.tag === 'button', 'the "Créer le produit" button', 20);
    assert.equal(button.text, 'Créer le produit');
    await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle' }), page.keyboard.press('Enter')]);

    const m = path(page).match(/^\/admin\/produits\/([A-Z0-9]{10})$/);
    assert.ok(m, `the new product's page: ${await whereAmI(page)}`);
    const id = m[1];
    assert.equal(await text(page.getByRole('status')), `Produit ${id} créé. Ajoutez-lui une photo ci-dessous.`);
    assert.equal(await page.getByLabel('Nom', { exact: true }).inputValue(), name);
    assert.equal(await page.getByLabel('Stock').inputValue(), '4');
    const stored = await product(id);
    assert.equal(stored.status, 200);
    assert.equal(stored.body.name, name);
    assert.equal(stored.body.price.amount, 24900);
    assert.equal(stored.body.stock, 4);
    assert.equal(stored.body.description, 'Lampe à arc, pied en marbre.');

    // In the shop at once.
    await page.goto(`/produits/${id}`);
    assert.equal(await text(page.getByRole('heading', { level: 1 })), name);
    assert.deepEqual(problems, []);
  });
});

test('a bad price or stock on the new product form is explained next to its field, and nothing is created', async () => {
  await asStaff(async (page) => {
    const before = await catalogue();
    await page.goto('/admin/produits/nouveau');
    await page.getByLabel('Nom', { exact: true }).fill('Table Basse Chêne');
    await page.getByLabel('Prix (€)').fill('douze euros');
    await page.getByLabel('Stock').fill('-2');
    const response = await clickAndLoad(page, page.getByRole('button', { name: 'Créer le produit' }));
    assert.equal(response.status(), 400);
    assert.equal(await text(page.getByRole('alert')), 'Vérifiez les champs signalés.');
    assert.equal(await page.getByLabel('Prix (€)').getAttribute('aria-invalid'), 'true');
    assert.equal(await text(page.locator('#price-error')), 'Saisissez un prix en euros, par exemple 1 099,00.');
    assert.equal(await page.getByLabel('Stock').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.getByLabel('Nom', { exact: true }).getAttribute('aria-invalid'), null);
    assert.equal(await page.getByLabel('Nom', { exact: true }).inputValue(), 'Table Basse Chêne', 'what was typed stays');
    assert.deepEqual(await catalogue(), before);
  });
});

// ---------------------------------------------------------------- the photo

test('a PNG photo: previewed before sending, then stored, shown on the edit page and in the shop', async () => {
  const created = await newProduct(`Canapé Photo ${Date.now().toString(36)}`);
  await asStaff(async (page) => {
    const problems = watch(page);
    await page.goto(`/admin/produits/${created.id}`, { waitUntil: 'networkidle' });
    assert.equal(await page.getByText("Ce produit n'a pas encore de photo.").count(), 1);
    const preview = page.getByRole('img', { name: 'Aperçu de la photo choisie' });
    assert.equal(await preview.count(), 0, 'no preview before a file is chosen');

    await page.getByLabel('Nouvelle photo').setInputFiles({ name: 'canape.png', mimeType: 'image/png', buffer: PHOTO });
    await preview.waitFor({ state: 'visible' });
    assert.match(await preview.getAttribute('src'), /^data:image\/png;base64,/, 'the chosen file, read in the browser');
    assert.deepEqual(await loadedSize(preview), { width: 64, height: 48 });
    assert.equal(await product(created.id).then((r) => r.body.images.length), 0, 'nothing sent yet');

    await clickAndLoad(page, page.getByRole('button', { name: 'Envoyer la photo' }));
    assert.equal(path(page), `/admin/produits/${created.id}`);
    assert.equal(await text(page.getByRole('status')), `Photo du produit ${created.id} enregistrée.`);
    const stored = await product(created.id);
    const url = stored.body.images[0];
    assert.match(url, new RegExp(`^/apis/products/${created.id}/image\\?v=`));
    const current = page.getByRole('img', { name: `Photo actuelle : ${created.name}` });
    assert.equal(await current.getAttribute('src'), url);
    assert.deepEqual(await loadedSize(current), { width: 64, height: 48 });
    const bytes = Buffer.from(await (await fetch(server.url + url)).arrayBuffer());
    assert.ok(bytes.equals(PHOTO), 'the catalogue serves the very bytes sent');

    // The shop's product page shows it.
    await page.goto(`/produits/${created.id}`, { waitUntil: 'networkidle' });
    const shown = page.getByRole('img', { name: created.name });
    assert.equal(await shown.getAttribute('src'), url);
    assert.deepEqual(await loadedSize(shown), { width: 64, height: 48 });
    assert.deepEqual(problems, []);
  });
});

test('a file that is not an accepted photo is refused with the reason in French; the product keeps its picture', async () => {
  const created = await newProduct(`Fauteuil Refus ${Date.now().toString(36)}`);
  await asStaff(async (page) => {
    const before = await catalogue();
    const cases = [
      { file: { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('pas une photo\n') }, status: 415,
        preview: "Ce fichier n'est pas une photo JPEG, PNG ou WebP : la boutique le refusera.",
        error: "Ce format n'est pas accepté : choisissez une photo JPEG, PNG ou WebP." },
      { file: { name: 'faux.png', mimeType: 'image/png', buffer: Buffer.concat([PHOTO.subarray(0, 40), Buffer.from('tronquée')]) }, status: 422,
        preview: "Ce fichier ne s'affiche pas comme une image : la boutique le refusera sans doute.",
        error: "Ce fichier n'est pas une image JPEG, PNG ou WebP valide, ou ses dimensions dépassent 10 000 pixels de côté." },
      { file: { name: 'enorme.png', mimeType: 'image/png', buffer: Buffer.concat([PHOTO, Buffer.alloc(5 * 1024 * 1024)]) }, status: 413,
        preview: 'Cette photo dépasse 5 Mo : la boutique la refusera.',
        error: 'Cette photo dépasse 5 Mo : choisissez un fichier plus léger.' },
    ];
    for (const c of cases) {
      await page.goto(`/admin/produits/${created.id}`);
      await page.getByLabel('Nouvelle photo').setInputFiles(c.file);
      if (c.preview) {
        await page.getByText(c.preview).waitFor();
        assert.equal(await page.getByRole('img', { name: 'Aperçu de la photo choisie' }).count(), 0, `no preview of ${c.file.name}`);
      }
      const response = await clickAndLoad(page, page.getByRole('button', { name: 'Envoyer la photo' }));
      assert.equal(response.status(), c.status, `${c.file.name}: ${await whereAmI(page)}`);
      assert.equal(await text(page.getByRole('alert')), "La photo n'a pas été enregistrée.");
      assert.equal(await text(page.locator('#photo-error')), c.error);
      assert.equal(await page.getByLabel('Nouvelle photo').getAttribute('aria-invalid'), 'true');
      assert.equal(await page.getByText("Ce produit n'a pas encore de photo.").count(), 1, 'still no photo');
    }
    assert.deepEqual((await product(created.id)).body.images, []);
    assert.deepEqual(await catalogue(), before, 'nothing else changed');
  });
});

test('a photo sent under the name "../../x.png" is stored as the product\'s photo and nowhere else', async () => {
  const created = await newProduct(`Commode Chemin ${Date.now().toString(36)}`);
  await asStaff(async (page) => {
    const before = (await catalogue()).filter((p) => p.id !== created.id);
    await page.goto(`/admin/produits/${created.id}`);
    await page.getByLabel('Nouvelle photo').setInputFiles({ name: '../../x.png', mimeType: 'image/png', buffer: PHOTO });
    await clickAndLoad(page, page.getByRole('button', { name: 'Envoyer la photo' }));
    assert.equal(await text(page.getByRole('status')), `Photo du produit ${created.id} enregistrée.`);
    assert.doesNotMatch(await page.content(), /x\.png/, 'the file name is not shown back');
    const images = (await product(created.id)).body.images;
    assert.equal(images.length, 1);
    assert.match(images[0], new RegExp(`^/apis/products/${created.id}/image\\?v=`));
    for (const route of ['/x.png', '/apis/x.png', '/apis/products/images/x.png', '/static/x.png']) {
      assert.equal((await fetch(server.url + route)).status, 404, route);
    }
    assert.deepEqual((await catalogue()).filter((p) => p.id !== created.id), before, 'no other product changed');
  });
});

// ---------------------------------------------------------------- deleting a product

test('a product is deleted only from its confirmation page; "Annuler" keeps it', async () => {
  const created = await newProduct(`Buffet Supprimé ${Date.now().toString(36)}`);
  await asStaff(async (page) => {
    await page.goto(`/admin/produits/${created.id}`);
    await clickAndLoad(page, page.getByRole('link', { name: 'Supprimer ce produit…' }));
    assert.equal(path(page), `/admin/produits/${created.id}/suppression`);
    assert.equal(await text(page.getByRole('heading', { level: 1 })), `Supprimer le produit ${created.id} ?`);
    assert.match(await text(page.locator('main')), new RegExp(`« ${created.name} » \\(129,00\\s€, 3 en stock\\) sera retiré du catalogue`));
    await clickAndLoad(page, page.getByRole('link', { name: 'Annuler' }));
    assert.equal(path(page), `/admin/produits/${created.id}`);
    assert.equal((await product(created.id)).status, 200, 'still there after "Annuler"');

    await clickAndLoad(page, page.getByRole('link', { name: 'Supprimer ce produit…' }));
    await clickAndLoad(page, page.getByRole('button', { name: 'Supprimer définitivement' }));
    assert.equal(path(page), '/admin/produits');
    assert.equal(await text(page.getByRole('status')), `Produit ${created.id} supprimé.`);
    assert.equal(await page.getByRole('link', { name: created.id }).count(), 0, 'gone from the list');
    assert.equal((await product(created.id)).status, 404);
    const shop = await page.goto(`/produits/${created.id}`);
    assert.equal(shop.status(), 404, 'gone from the shop');
  });
});

// ---------------------------------------------------------------- categories

test('categories: list, create, rename, delete, each in the history; a category holding products is kept, with the reason in French', async () => {
  await asStaff(async (page) => {
    const slug = `tapis-${Date.now().toString(36)}`;
    await page.goto('/admin/categories');
    assert.equal(await text(page.getByRole('heading', { level: 1 })), 'Catégories');
    for (const c of await categories()) assert.equal(await page.getByRole('rowheader', { name: c.name, exact: true }).count(), 1, c.name);

    // A slug with capitals and accents: explained next to its field, nothing created.
    const before = await categories();
    await page.getByLabel('Nom', { exact: true }).fill('Tapis & moquettes');
    await page.getByLabel('Identifiant dans les adresses').fill('Tapis Été');
    let response = await clickAndLoad(page, page.getByRole('button', { name: 'Créer la catégorie' }));
    assert.equal(response.status(), 400);
    assert.equal(await page.getByLabel('Identifiant dans les adresses').getAttribute('aria-invalid'), 'true');
    assert.match(await text(page.locator('#slug-error')), /^Saisissez de 1 à 64 lettres minuscules sans accent/);
    assert.deepEqual(await categories(), before);

    await page.getByLabel('Identifiant dans les adresses').fill(slug);
    await clickAndLoad(page, page.getByRole('button', { name: 'Créer la catégorie' }));
    assert.equal(await text(page.getByRole('status')), 'Catégorie « Tapis & moquettes » créée.');
    // The categories' table (the history below names the slug too).
    const row = () => page.getByRole('table').first().getByRole('row').filter({ hasText: slug });
    assert.equal(await text(row().getByRole('rowheader')), 'Tapis & moquettes');
    assert.deepEqual((await categories()).at(-1), { slug, name: 'Tapis & moquettes' });

    // The same slug again: refused.
    await page.getByLabel('Nom', { exact: true }).fill('Autres tapis');
    await page.getByLabel('Identifiant dans les adresses').fill(slug);
    response = await clickAndLoad(page, page.getByRole('button', { name: 'Créer la catégorie' }));
    assert.equal(response.status(), 409);
    assert.equal(await text(page.locator('#slug-error')), 'Une catégorie a déjà cet identifiant : choisissez-en un autre.');

    await row().getByLabel('Nouveau nom de la catégorie Tapis & moquettes').fill('Tapis');
    await clickAndLoad(page, row().getByRole('button', { name: 'Renommer Tapis & moquettes' }));
    assert.equal(await text(page.getByRole('status')), `Catégorie « ${slug} » renommée en « Tapis ».`);
    assert.equal(await text(row().getByRole('rowheader')), 'Tapis');
    assert.deepEqual((await categories()).find((c) => c.slug === slug), { slug, name: 'Tapis' });

    // A product put in the category (its box on the product's page) keeps it from being deleted.
    const rug = await newProduct(`Tapis Laine ${Date.now().toString(36)}`);
    await page.goto(`/admin/produits/${rug.id}`);
    await page.getByLabel('Tapis', { exact: true }).check();
    await clickAndLoad(page, page.getByRole('button', { name: 'Enregistrer' }));
    assert.equal(await text(page.getByRole('status')), `Produit ${rug.id} enregistré.`);
    assert.ok(await page.getByLabel('Tapis', { exact: true }).isChecked());
    assert.deepEqual((await product(rug.id)).body.categories, [{ slug, name: 'Tapis' }]);
    await page.goto('/admin/categories');
    response = await clickAndLoad(page, row().getByRole('button', { name: 'Supprimer Tapis' }));
    assert.equal(response.status(), 409);
    assert.equal(await text(page.getByRole('alert')),
      `La catégorie « ${slug} » contient encore des produits : retirez-les-en avant de la supprimer. Elle est conservée.`);
    assert.equal(await row().count(), 1, 'kept');
    await page.goto(`/admin/produits/${rug.id}`);
    await page.getByLabel('Tapis', { exact: true }).uncheck();
    await clickAndLoad(page, page.getByRole('button', { name: 'Enregistrer' }));
    assert.deepEqual((await product(rug.id)).body.categories, []);
    await page.goto('/admin/categories');

    // "canapes" holds products: the catalogue refuses, the page says why, the category stays.
    const sofas = page.getByRole('row').filter({ has: page.getByRole('cell', { name: 'canapes', exact: true }) });
    response = await clickAndLoad(page, sofas.getByRole('button', { name: /^Supprimer/ }));
    assert.equal(response.status(), 409);
    assert.equal(await text(page.getByRole('alert')),
      'La catégorie « canapes » contient encore des produits : retirez-les-en avant de la supprimer. Elle est conservée.');
    assert.ok((await categories()).some((c) => c.slug === 'canapes'));

    await clickAndLoad(page, row().getByRole('button', { name: 'Supprimer Tapis' }));
    assert.equal(await text(page.getByRole('status')), `Catégorie « ${slug} » supprimée.`);
    assert.equal(await row().count(), 0);
    assert.ok(!(await categories()).some((c) => c.slug === slug));

    // The history: the three writes that were made, newest first, under the staff member's
    // e-mail; the refused ones (a bad slug, a slug in use, deleting a full category) are not there.
    const history = page.getByRole('region', { name: 'Historique' });
    const entries = history.getByRole('row').filter({ hasText: slug });
    assert.equal(await entries.count(), 3);
    const when = String.raw`\d\d/\d\d/\d{4} \d\d:\d\d`;
    const who = staff.email.replaceAll('.', '\\.');
    assert.match(await text(entries.nth(0)), new RegExp(`^${when} ${who} Catégorie « Tapis » \\(${slug}\\) supprimée$`));
    assert.match(await text(entries.nth(1)), new RegExp(`^${when} ${who} Catégorie « Tapis & moquettes » \\(${slug}\\) renommée en « Tapis »$`));
    assert.match(await text(entries.nth(2)), new RegExp(`^${when} ${who} Catégorie « Tapis & moquettes » \\(${slug}\\) créée$`));
  });
});

// ---------------------------------------------------------------- "Mes commandes" of a staff account

test('"Mes commandes" of a staff account lists its own orders only, not the whole shop\'s', async () => {
  // An order of the demo customer, and one of the staff account itself (placed through the API
  // with its own token, as the shop's pages would).
  const order = async (token, email) => {
    const cart = await api('POST', '/apis/carts/', { body: {}, token });
    assert.ok([200, 201].includes(cart.status), cart.raw);
    const line = await api('POST', `/apis/carts/${cart.body.id}/lines`, { body: { product_id: SOFA.id, quantity: 1 }, token });
    assert.ok([200, 201].includes(line.status), line.raw);
    const placed = await api('POST', '/apis/orders/', {
      token,
      body: {
        cart_id: cart.body.id, email,
        shipping_address: { full_name: 'Camille Martin', street: '12 rue des Lilas', city: 'Lyon', postal_code: '69003', country: 'FR' },
        card: { holder: 'Camille Martin', number: CARD.number, cvv: CARD.cvv, exp_month: 2, exp_year: 2028 },
      },
    });
    assert.equal(placed.status, 201, placed.raw);
    return placed.body.reference;
  };
  const demoToken = (await api('POST', '/apis/auth/token', { key: false, body: DEMO })).body.access_token;
  const customers = await order(demoToken, DEMO.email);
  const own = await order(staff.token, staff.email);
  const everything = await api('GET', '/apis/orders/?per_page=100', { key: false, token: staff.token });
  assert.ok(everything.body.items.some((o) => o.reference === customers), 'the API lists every order to a staff token');

  await asStaff(async (page) => {
    await clickAndLoad(page, page.getByRole('link', { name: 'Mes commandes' }));
    assert.equal(path(page), '/mes-commandes');
    assert.equal(await page.getByRole('link', { name: own, exact: true }).count(), 1, 'its own order is listed');
    assert.equal(await page.getByRole('link', { name: customers, exact: true }).count(), 0, "not the customer's");
    const listed = await page.locator('main a').evaluateAll((links) => links.map((a) => a.textContent.trim()).filter((t) => /^\d{13}$/.test(t)));
    assert.deepEqual(listed, [own]);
  });
  // The customer's own list is unchanged: theirs, not the staff's.
  const { context, page } = await newShopper(browser, server.url);
  try {
    await logIn(page, DEMO);
    await page.goto('/mes-commandes');
    assert.equal(await page.getByRole('link', { name: customers, exact: true }).count(), 1);
    assert.equal(await page.getByRole('link', { name: own, exact: true }).count(), 0);
  } finally {
    await context.close();
  }
});

// ---------------------------------------------------------------- hostile posts

test('hostile posts change nothing: CR/LF/NUL in names, huge fields, no CSRF token, malformed uploads', async () => {
  const created = await newProduct(`Étagère Hostile ${Date.now().toString(36)}`);
  await asStaff(async (page, context) => {
    await page.goto(`/admin/produits/${created.id}`);
    const csrf = await csrfOf(page);
    const before = await catalogue();
    const beforeCategories = await categories();
    const post = (route, options) => context.request.post(route, { maxRedirects: 0, failOnStatusCode: false, ...options });
    const productFields = (fields) => ({ csrf, name: 'Étagère', description: '', price: '10,00', stock: '1', ...fields });

    // Control characters in a name: one line of text, refused before the catalogue is called.
    for (const name of ['Étagère\r\nX-Injected: 1', 'Étagère\u0000', 'Étagère\nbis', 'Étagère\u001b[31m']) {
      for (const route of ['/admin/produits/nouveau', `/admin/produits/${created.id}`]) {
        const r = await post(route, { form: productFields({ name }) });
        assert.equal(r.status(), 400, `${route} ${JSON.stringify(name)}`);
        assert.match(await readable(r), /Saisissez un nom de 1 à 200 caractères, sur une ligne\./);
      }
      const c = await post('/admin/categories', { form: { csrf, name, slug: 'hostile' } });
      assert.equal(c.status(), 400, `category ${JSON.stringify(name)}`);
    }
    const nul = await post('/admin/produits/nouveau', { form: productFields({ description: 'a\u0000b' }) });
    assert.equal(nul.status(), 400, 'a NUL in the description');

    // A category box that names no category of the shop, or no slug at all.
    for (const key of ['categorie-nexiste-pas', 'categorie-../../x', 'categorie-A\r\nB']) {
      const r = await post('/admin/produits/nouveau', { form: productFields({ categories_shown: 'oui', [key]: 'oui' }) });
      assert.equal(r.status(), 400, key);
      assert.match(await readable(r), /Une des catégories cochées n'existe plus/, key);
    }

    // Huge fields: the catalogue's limits, said in French.
    const huge = [
      [{ name: 'N'.repeat(5000) }, /Saisissez un nom de 1 à 200 caractères/],
      [{ description: 'D'.repeat(200_000) }, /La description compte 5 000 caractères au plus/],
      [{ price: '9'.repeat(5000) }, /Saisissez un prix en euros/],
      [{ stock: '1'.repeat(5000) }, /Saisissez un nombre entier d'articles/],
    ];
    for (const [fields, message] of huge) {
      const r = await post('/admin/produits/nouveau', { form: productFields(fields) });
      assert.equal(r.status(), 400, Object.keys(fields)[0]);
      assert.match(await readable(r), message);
    }

    // No CSRF token, or a wrong one: refused with "Ce formulaire a expiré", nothing done.
    const forged = [
      ['/admin/produits/nouveau', { form: productFields({ csrf: undefined }) }],
      ['/admin/produits/nouveau', { form: productFields({ csrf: 'forged' }) }],
      [`/admin/produits/${created.id}`, { form: productFields({ csrf: '', name: 'Volé' }) }],
      [`/admin/produits/${created.id}/suppression`, { form: { confirm: 'oui' } }],
      ['/admin/categories', { form: { name: 'Volée', slug: 'volee' } }],
      ['/admin/categories/canapes/nom', { form: { name: 'Volée' } }],
      ['/admin/categories/bureau/suppression', { form: {} }],
      [`/admin/produits/${created.id}/photo`, { multipart: { photo: { name: 'p.png', mimeType: 'image/png', buffer: PHOTO } } }],
      [`/admin/produits/${created.id}/photo`, { multipart: { csrf: 'forged', photo: { name: 'p.png', mimeType: 'image/png', buffer: PHOTO } } }],
    ];
    for (const [route, options] of forged) {
      if (options.form) options.form = Object.fromEntries(Object.entries(options.form).filter(([, v]) => v !== undefined));
      const r = await post(route, options);
      assert.equal(r.status(), 403, route);
      assert.match(await readable(r), /Ce formulaire a expiré/, route);
    }
    // The confirmation step cannot be skipped, even with the token.
    const unconfirmed = await post(`/admin/produits/${created.id}/suppression`, { form: { csrf } });
    assert.equal(unconfirmed.status(), 400);
    assert.match(await readable(unconfirmed), /Confirmez la suppression/);

    // Malformed uploads: a 400 page, nothing sent on.
    const boundary = 'ZZboundaryZZ';
    const raw = (body) => post(`/admin/produits/${created.id}/photo`, {
      headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` }, data: Buffer.from(body, 'latin1'),
    });
    const part = (headers, body) => `--${boundary}\r\n${headers}\r\n\r\n${body}\r\n`;
    const csrfPart = part('Content-Disposition: form-data; name="csrf"', csrf);
    const photoPart = part('Content-Disposition: form-data; name="photo"; filename="p.png"\r\nContent-Type: image/png', PHOTO.toString('latin1'));
    const malformed = [
      csrfPart + photoPart,                                                   // no closing delimiter
      csrfPart + csrfPart + photoPart + `--${boundary}--\r\n`,                // csrf twice
      csrfPart + part('Content-Disposition: form-data; name="photo"\nX-Injected: 1', 'x') + `--${boundary}--`,
      csrfPart + part(`Content-Disposition: form-data; name="photo"\r\nX-Pad: ${'a'.repeat(5000)}`, 'x') + `--${boundary}--`,
      'no boundary at all',
    ];
    for (const body of malformed) {
      const r = await raw(body);
      assert.equal(r.status(), 400, body.slice(0, 80));
      assert.match(await readable(r), /Le formulaire envoyé est illisible/);
    }
    const wrongType = await post(`/admin/produits/${created.id}/photo`, { headers: { 'Content-Type': 'multipart/form-data' }, data: Buffer.from(csrfPart) });
    assert.equal(wrongType.status(), 400, 'no boundary');

    assert.deepEqual(await catalogue(), before, 'the product list is unchanged');
    assert.deepEqual(await categories(), beforeCategories, 'the categories are unchanged');
    assert.deepEqual((await product(created.id)).body.images, [], 'no photo stored');
  });
});

// ---------------------------------------------------------------- audits and screenshots

test("a product's page shows its history: who changed what, newest first, in French", async () => {
  const created = await newProduct(`Table Historique ${Date.now().toString(36)}`);
  await asStaff(async (page) => {
    await page.goto(`/admin/produits/${created.id}`);
    const history = page.getByRole('region', { name: 'Historique' });
    assert.match(await text(history), /Produit créé/, 'the creation with the API key, by the shop');
    assert.match(await text(history.getByRole('row').nth(1)), /la boutique Produit créé/);
    await page.getByLabel('Prix (€)').fill('99,50');
    await page.getByLabel('Stock').fill('7');
    await clickAndLoad(page, page.getByRole('button', { name: 'Enregistrer' }));
    const newest = await text(page.getByRole('region', { name: 'Historique' }).getByRole('row').nth(1));
    assert.match(newest, new RegExp(`^\\d{2}/\\d{2}/\\d{4} \\d{2}:\\d{2} ${staff.email.replaceAll('.', '\\.')} Modifié : prix 129,00\\s€ → 99,50\\s€, stock 3 → 7$`));
    // A refused change (a price that is no price) adds nothing to the history.
    await page.getByLabel('Prix (€)').fill('gratuit');
    await clickAndLoad(page, page.getByRole('button', { name: 'Enregistrer' }));
    assert.equal(await page.getByRole('region', { name: 'Historique' }).getByRole('row').count(), 3, 'header, the change, the creation');
  });
});

test('the English name and description (issue 17): typed in the form, saved through the API, shown again; hostile ones explained', async () => {
  const created = await newProduct(`Vase Bleu ${Date.now().toString(36)}`);
  await asStaff(async (page, context) => {
    const problems = watch(page);
    await page.goto(`/admin/produits/${created.id}`);
    assert.equal(await page.getByLabel('Nom (anglais)').inputValue(), '', 'none yet');
    await page.getByLabel('Nom (anglais)').fill('Blue Vase');
    await page.getByLabel('Description (anglais)').fill('A hand-thrown vase.\nGlazed in blue.');
    await clickAndLoad(page, page.getByRole('button', { name: 'Enregistrer' }));
    assert.equal(await text(page.getByRole('status')), `Produit ${created.id} enregistré.`);
    assert.equal(await page.getByLabel('Nom (anglais)').inputValue(), 'Blue Vase');
    assert.equal(await page.getByLabel('Description (anglais)').inputValue(), 'A hand-thrown vase.\nGlazed in blue.');
    const stored = (await product(created.id)).body;
    // A form sends a textarea's line breaks as CR LF (HTML), stored as sent, like the French description.
    assert.deepEqual(stored.translations, { en: { name: 'Blue Vase', description: 'A hand-thrown vase.\r\nGlazed in blue.' } });
    assert.equal(stored.name, created.name, 'the French name is unchanged');

    // Emptied: the English name is removed (the shop shows the French one again).
    await page.getByLabel('Nom (anglais)').fill('');
    await clickAndLoad(page, page.getByRole('button', { name: 'Enregistrer' }));
    assert.deepEqual((await product(created.id)).body.translations, { en: { description: 'A hand-thrown vase.\r\nGlazed in blue.' } });

    // Control characters or a name too long: said next to the field, nothing changed.
    const before = (await product(created.id)).body;
    const csrf = await csrfOf(page);
    const post = (form) => context.request.post(`/admin/produits/${created.id}`, { maxRedirects: 0, failOnStatusCode: false, form });
    const fields = { csrf, name: created.name, description: '', price: '129,00', stock: '3' };
    for (const name_en of ['Blue\r\nX-Injected: 1', 'Blue\u0000', 'Blue\nVase', 'N'.repeat(500)]) {
      const r = await post({ ...fields, name_en, description_en: '' });
      assert.equal(r.status(), 400, JSON.stringify(name_en).slice(0, 40));
      assert.match(await readable(r), /Le nom anglais compte 200 caractères au plus, sur une ligne/);
    }
    const badDescription = await post({ ...fields, name_en: 'Blue Vase', description_en: 'a\u0000b' });
    assert.equal(badDescription.status(), 400);
    assert.match(await readable(badDescription), /La description anglaise compte 5 000 caractères au plus/);
    assert.deepEqual((await product(created.id)).body, before, 'nothing changed');

    assert.deepEqual(problems, []);
    await page.getByLabel('Nom (anglais)').fill('N'.repeat(150) + 'é'.repeat(40));  // 190 characters, 230 bytes
    const refused = await clickAndLoad(page, page.getByRole('button', { name: 'Enregistrer' }));
    assert.equal(refused.status(), 400);
    assert.equal(await page.getByLabel('Nom (anglais)').getAttribute('aria-invalid'), 'true');
    assert.match(await text(page.locator('#name_en-error')), /Le nom anglais compte 200 caractères au plus/);
    assert.deepEqual((await product(created.id)).body, before, 'nothing changed');
  });
});

test('the new back-office pages: axe-core clean, nothing sideways at 375 px, screenshots at 375 and 1440 px', async () => {
  const found = [];
  const overflowing = [];
  let shots = 0;
  for (const width of [375, 1440]) {
    const created = await newProduct(`Chaise Audit ${width} ${Date.now().toString(36)}`);
    await asStaff(async (page) => {
      const visit = async (name) => {
        found.push(...await audit(page, name, width));
        const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        if (scrollWidth > width) overflowing.push(`${name} is ${scrollWidth} px wide at ${width} px`);
        await page.screenshot({ path: join(SHOTS, `admin-${name}-${width}.png`), fullPage: true });
        shots += 1;
      };
      const go = async (name, url) => {
        const response = await page.goto(url, { waitUntil: 'networkidle' });
        assert.equal(response.status(), 200, url);
        await visit(name);
      };
      await go('produit-nouveau', '/admin/produits/nouveau');
      await page.getByLabel('Nom', { exact: true }).fill('Chaise');
      await page.getByLabel('Prix (€)').fill('gratuit');
      await clickAndLoad(page, page.getByRole('button', { name: 'Créer le produit' }));
      await visit('produit-nouveau-erreurs');
      await go('produit-sans-photo', `/admin/produits/${created.id}`);
      await page.getByLabel('Nouvelle photo').setInputFiles({ name: 'chaise.png', mimeType: 'image/png', buffer: PHOTO });
      await page.getByRole('img', { name: 'Aperçu de la photo choisie' }).waitFor();
      await visit('produit-apercu');
      await clickAndLoad(page, page.getByRole('button', { name: 'Envoyer la photo' }));
      await visit('produit-avec-photo');
      await page.getByLabel('Nouvelle photo').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('x') });
      await clickAndLoad(page, page.getByRole('button', { name: 'Envoyer la photo' }));
      await visit('produit-photo-refusee');
      await go('produit-suppression', `/admin/produits/${created.id}/suppression`);
      await go('categories', '/admin/categories');
      await go('mes-commandes-equipe', '/mes-commandes');
    }, { viewport: { width, height: 900 }, bypassCSP: true });
  }
  assert.equal(shots, 18);
  assert.deepEqual(found, []);
  assert.deepEqual(overflowing, []);
});

test('the photo page keeps the strict CSP: no inline script, images from the shop or data: only', async () => {
  const created = await newProduct(`Console CSP ${Date.now().toString(36)}`);
  await asStaff(async (page) => {
    const response = await page.goto(`/admin/produits/${created.id}`);
    const csp = (await response.allHeaders())['content-security-policy'];
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, /img-src 'self' data:;/);
    assert.doesNotMatch(csp, /unsafe-inline|blob:/);
    const scripts = await page.locator('script').evaluateAll((list) => list.map((s) => ({ src: s.getAttribute('src'), inline: s.textContent.trim() })));
    assert.equal(scripts.length, 1);
    assert.match(scripts[0].src, /^\/static\/photo-preview\.[0-9a-f]{10}\.js$/);
    assert.equal(scripts[0].inline, '');
  });
});

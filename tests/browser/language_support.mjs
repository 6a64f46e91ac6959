// What the browser journeys run in both languages (issue 17) share: the FR / EN switch every page
// has, the language a page says it is in, English money, and the search for French left on a page
// rendered in English. The words a journey expects stay written out in each test: a test that took
// them from src/messages would pass whatever the catalogue says. Only the French to look for comes
// from there, so that a message added later is looked for too.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { clickAndLoad } from './support.mjs';

export const LANGUAGES = ['fr', 'en'];

export const pageLanguage = (page) => page.evaluate(() => document.documentElement.lang);

// The visible switch: its other language is a button ("FR", "EN"); the current one is not.
export const switchTo = (page, code) => clickAndLoad(page, page.getByRole('button', { name: code.toUpperCase(), exact: true }));

// Puts the page in `language` with the switch, as a visitor would; a fr-FR browser starts in French,
// so a French journey has nothing to click.
export async function speak(page, language) {
  if (await pageLanguage(page) !== language) await switchTo(page, language);
  assert.equal(await pageLanguage(page), language, `${page.url()} is in ${language}`);
}

// English money as the pages write it: "€1,099.00".
export const englishMoney = (cents) => `€${Math.floor(cents / 100).toLocaleString('en-GB')}.${String(cents % 100).padStart(2, '0')}`;

// ---------------------------------------------------------------- French left on an English page

const messages = (language, file) =>
  JSON.parse(readFileSync(new URL(`../../src/messages/${language}/${file}.json`, import.meta.url), 'utf8'));
const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Every message of `files` (shop, admin, common, email...) whose English differs from its French:
// the French text, cut at its {slots}, keeping the pieces long enough to mean something ("du" alone
// is not French to look for) and that no English message of those files uses too ("Page" of "Page
// {page} sur {pages}" is no sign of French). Each with the key it comes from, for the report.
export function frenchOf(...files) {
  const fr = Object.assign({}, ...files.map((file) => messages('fr', file)));
  const en = Object.assign({}, ...files.map((file) => messages('en', file)));
  const english = Object.values(en).join('\n');
  return Object.entries(fr).filter(([key, text]) => en[key] !== text)
    .flatMap(([key, text]) => text.split(/\{[a-z_]+\}/).map((piece) => piece.trim())
      .filter((piece) => piece.length >= 4 && !english.includes(piece))
      .map((piece) => ({ key, piece, re: new RegExp(`(?<![\\p{L}\\p{N}])${escapeRe(piece)}(?![\\p{L}\\p{N}])`, 'u') })));
}

// The pieces of `french` that `seen` contains, as "where: "piece" (key)".
export const frenchIn = (seen, french, where) =>
  french.filter(({ re }) => re.test(seen)).map(({ key, piece }) => `${where}: "${piece}" (${key})`);

// What the visitor reads of a page: its title, its text, its labels and placeholders; less the
// data, which is French whatever the page's language (product names, descriptions, categories,
// countries, a customer's name and address: `data`), and the e-mails' texts (read on their own).
export function readable(page, data = []) {
  return page.evaluate((dataTexts) => {
    // The e-mails' texts are taken out of what is read, not out of the page, which the journey goes on using.
    let shown = document.body.innerText;
    for (const el of document.querySelectorAll('pre.mail, a[href^="/boite-mail/"]')) shown = shown.split(el.innerText).join(' ');
    const attrs = [...document.querySelectorAll('[aria-label], [placeholder], [title], [alt]')]
      .flatMap((el) => ['aria-label', 'placeholder', 'title', 'alt'].map((a) => el.getAttribute(a) ?? ''));
    let all = [document.title, shown, ...attrs].join('\n');
    // The longest first, so that a name inside a description goes with it.
    for (const t of [...dataTexts].sort((a, b) => b.length - a.length)) all = all.split(t).join(' ');
    return all;
  }, data.filter(Boolean));
}

// Wraps a journey's page check (flows_support's pageChecker): on an English page it also records
// the page's language if not English, and every piece of `french` the visitor would read there
// (into check.problems, asserted empty at the end of the test with the audits' findings). `data`
// may grow as the journey makes its own (a customer, an order). A French journey's check is
// returned as it is.
export function noFrenchLeft(check, language, french, data = []) {
  if (language !== 'en') return check;
  assert.ok(french.length > 50, `French to look for (${french.length} pieces)`);
  const wrapped = async (page, name) => {
    const seen = await pageLanguage(page);
    if (seen !== 'en') check.problems.push(`${name} is in ${seen}, not en`);
    check.problems.push(...frenchIn(await readable(page, data), french, name));
    return check(page, name);
  };
  return Object.assign(wrapped, { problems: check.problems, count: check.count });
}

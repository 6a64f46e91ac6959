// Shared by the commerce suites: test data and one way to call the API and read a problem.
import assert from 'node:assert/strict';
import { API_KEY } from './server.mjs';

export const CARD = { holder: 'Jean Rault', number: '4556426261628918', cvv: '229', exp_month: 2, exp_year: 2028 };
export const DEMO = { id: 'JEANRAULT0000001', email: 'jean.rault@example.fr', password: 'EDesign-Demo-2026' };
export const ADDRESS = { full_name: 'Camille Martin', street: '12 rue des Lilas', city: 'Lyon', postal_code: '69003', country: 'FR' };
export const SOFA = 'OPUK6V6EV0';        // Canapé Moderne en Cuir, 899,00 €
export const CORNER_SOFA = '1YMWVN1N4O'; // Canapé d'Angle Confortable, 1 099,00 €

export const eur = (amount) => ({ amount, currency: 'EUR' });

// One request to `srv`; `key: false` leaves out X-Api-Key. Answers {status, headers, body (parsed JSON)}.
export async function api(srv, method, path, { body, raw, token, key = true, headers = {} } = {}) {
  const h = { ...headers };
  if (key) h['X-Api-Key'] = API_KEY;
  if (token) h.Authorization = `Bearer ${token}`;
  if (body !== undefined || raw !== undefined) h['Content-Type'] ??= 'application/json';
  const res = await fetch(srv.url + path, { method, headers: h, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
  const text = await res.text();
  let parsed = text;
  try { parsed = text ? JSON.parse(text) : null; } catch { /* keep the text */ }
  return { status: res.status, headers: res.headers, body: parsed };
}

// A problem+json answer with `status`, naming `field` among errors[].field when given.
export function expectProblem(r, status, field) {
  assert.equal(r.status, status, JSON.stringify(r.body));
  assert.match(r.headers.get('content-type') ?? '', /^application\/problem\+json/);
  assert.equal(r.body.status, status);
  assert.ok(r.body.type && r.body.title && r.body.detail, JSON.stringify(r.body));
  if (field) assert.ok((r.body.errors ?? []).some((e) => e.field === field), `expected field ${field}: ${JSON.stringify(r.body)}`);
  return r.body;
}

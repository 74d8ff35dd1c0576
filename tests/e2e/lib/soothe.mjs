// Doing things in soothe's pages the way a parent does: first-run setup, signing in, and a
// few reads through the API (the session cookie works for GETs).

import assert from 'node:assert/strict';
import { ZONE, daysAgo } from './browser.mjs';

/** The first-run form's values, unless overridden. */
export function owner(overrides = {}) {
  return {
    displayName: 'Camille Martin',
    email: 'camille@example.org',
    password: 'a calm evening 2026',
    household: 'The Martins',
    timeZone: ZONE,
    babyName: 'Léa',
    // About ten weeks old, in the household's zone.
    born: daysAgo(70),
    ...overrides,
  };
}

/**
 * Fills the first-run form at /setup and submits it; the browser is then signed in and on
 * Today. Returns the values used.
 */
export async function setup(page, base, overrides = {}) {
  const o = owner(overrides);
  await page.goto(`${base}/setup`);
  assert.equal(new URL(page.url()).pathname, '/setup', 'a fresh install opens the setup page');
  await page.fill('#display_name', o.displayName);
  await page.fill('#email', o.email);
  await page.fill('#password', o.password);
  await page.fill('#password_again', o.password);
  await page.fill('#household', o.household);
  await page.fill('#time_zone', o.timeZone);
  await page.fill('#name', o.babyName);
  await page.fill('#born', o.born);
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/', { waitUntil: 'load' }),
    page.getByRole('button', { name: 'Start using soothe' }).click(),
  ]);
  return o;
}

/** Signs in from /signin. */
export async function signIn(page, base, email, password) {
  await page.goto(`${base}/signin`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/'),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ]);
}

/** GET a JSON API path from inside the page (same origin, the session cookie goes along). */
export async function apiGet(page, path) {
  return page.evaluate(async (p) => {
    const res = await fetch(p, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
    const text = await res.text();
    let body = null;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    return { status: res.status, body };
  }, path);
}

/** The household's babies, from the API. */
export async function babies(page) {
  const r = await apiGet(page, '/api/v1/babies');
  assert.equal(r.status, 200, `GET /api/v1/babies: ${JSON.stringify(r.body)}`);
  return r.body.babies;
}

/** A baby's events of a kind (newest first), from the API. */
export async function events(page, babyId, kind) {
  const q = kind ? `?kind=${encodeURIComponent(kind)}&limit=200` : '?limit=200';
  const r = await apiGet(page, `/api/v1/babies/${babyId}/events${q}`);
  assert.equal(r.status, 200, `GET events: ${JSON.stringify(r.body)}`);
  return r.body.events;
}

/** The page's CSRF token (from its meta tag). */
export async function csrfOf(page) {
  return page.getAttribute('meta[name="csrf-token"]', 'content');
}

/** Today's tile value by its label ("Feeds", "Nappies", ...). */
export async function tile(page, label) {
  const dd = page.locator('dl.tiles > div', { has: page.locator('dt', { hasText: label }) }).locator('dd');
  return (await dd.textContent()).trim();
}

// A family that reads Spanish (a phone set to es-ES): first-run setup, a feed logged from
// the journal, Today, the readiness check, a guided massage saved with a rating, the
// library and the account pages. On every page the visible text (and the words of buttons,
// labels and hints) is Spanish: a page with an English word on it fails, naming the page
// and the words. The family's own data (names, notes), the sources' titles (in <cite>) and
// units are not soothe's words and are left out.

import test from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import {
  clearScreenshots, inZone, launch, phoneContext, screenshot, stepper, toMinute, until, watchPage,
} from './lib/browser.mjs';
import { babies, events, owner } from './lib/soothe.mjs';

const MIN = 60_000;

// Words of soothe's English that are not Spanish words (so a Spanish page never holds them).
// Loanwords Spanish uses as they are ("token") are not listed.
const ENGLISH = new Set(`
  the and your you baby babies today massage journal feed feeds feeding sleep asleep nappy
  nappies save start stop check ready wait minutes minute hours hour with for when what this
  that not now sign settings household evidence oils oil skin weight please is are was were has
  have of to on at by from it will can should would could doctor help back own cot cover step
  steps gentle left right week weeks days day ago since until edit delete cancel more new add
  about how why which there their they them then than these those here where who while after
  before again only also just into over under out up down off yes its it's don't can't
  you're we our us my me i'm be been being do does did done get got go going let make made
  take see look looks said says tap hold strokes stroke routine routines member members role
  owner caregiver viewer invite invitation password email account theme dark light
  note notes temperature length head vaccination illness crying cries calm alert quiet drowsy
  hungry tired fever warning signs sign-in signed everything guided rest hands
`.split(/\s+/).filter(Boolean));

// Not soothe's words: the brand, units and the test family's own data; and English words
// that are Spanish words or names too ("ya has hecho la prueba", "síndrome de Down").
const ALLOWED = new Set(['soothe', 'ml', 'kg', 'g', 'cm', 'mm', 'min', 'h', 'utc', 'has', 'down']);
// Other products' names, which are not translated ("las apps de Baby Buddy").
const NAMES = ['Baby Buddy', 'Home Assistant'];

/** The words of a page a person reads or hears, without user data and citations. */
async function pageWords(page) {
  return page.evaluate(() => {
    const skip = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'CITE', 'CODE']);
    const parts = [document.title];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      let el = n.parentElement;
      let skipped = false;
      for (; el; el = el.parentElement) {
        if (skip.has(el.tagName) || el.hasAttribute('data-user') || el.getAttribute('translate') === 'no') {
          skipped = true;
          break;
        }
      }
      if (!skipped) parts.push(n.textContent);
    }
    for (const el of document.querySelectorAll('[title], [aria-label], [placeholder], [alt], input[type="submit"], input[type="button"]')) {
      for (const a of ['title', 'aria-label', 'placeholder', 'alt']) {
        if (el.hasAttribute(a)) parts.push(el.getAttribute(a));
      }
      if (el.tagName === 'INPUT' && (el.type === 'submit' || el.type === 'button')) parts.push(el.value);
    }
    return { lang: document.documentElement.lang, text: parts.join('\n') };
  });
}

/** Fails when the page is not in Spanish, naming the English words found. */
async function assertSpanish(page, what, userData) {
  const { lang, text } = await pageWords(page);
  assert.equal(lang, 'es', `${what}: <html lang> is ${lang}`);
  let rest = text;
  for (const d of [...userData, ...NAMES]) rest = rest.split(d).join(' ');
  const found = new Set();
  for (const word of rest.toLowerCase().split(/[^\p{L}\p{N}'-]+/u)) {
    const w = word.replace(/^['-]+|['-]+$/g, '');
    if (w && !ALLOWED.has(w) && ENGLISH.has(w)) found.add(w);
  }
  assert.equal(found.size, 0, `${what} (${page.url()}) shows English: ${[...found].join(', ')}`);
}

/** Submits the form holding `selector` with its first submit button. */
async function submit(page, selector, waitFor) {
  const form = page.locator(selector);
  await Promise.all([
    page.waitForURL(waitFor, { waitUntil: 'load' }),
    form.locator('button:not([type="button"]), input[type="submit"]').first().click(),
  ]);
}

test('spanish: a family day with soothe in Spanish', { timeout: 300_000 }, async (t) => {
  const browser = await launch(t);
  if (!browser) return;
  clearScreenshots('fail-spanish-');
  const server = await startServer();
  const base = server.url;
  const context = await phoneContext(browser, { locale: 'es-ES' });
  const page = await context.newPage();
  const problems = watchPage(page);
  const step = stepper(t, {
    onFail: (name) => screenshot(page, `fail-spanish-${name.replace(/\W+/g, '-').slice(0, 60)}.png`, { fullPage: true }),
  });
  const o = owner({ displayName: 'Lucía Pérez', household: 'Casa Pérez', babyName: 'Mateo', email: 'lucia@example.org' });
  const userData = [o.displayName, o.household, o.babyName, o.email, o.timeZone, 'Europe/Paris'];
  const state = {};

  try {
    await step('setup is in Spanish and signs the owner in', async () => {
      await page.goto(`${base}/setup`);
      await assertSpanish(page, 'the setup page', userData);
      await page.fill('#display_name', o.displayName);
      await page.fill('#email', o.email);
      await page.fill('#password', o.password);
      await page.fill('#password_again', o.password);
      await page.fill('#household', o.household);
      await page.fill('#time_zone', o.timeZone);
      await page.fill('#name', o.babyName);
      await page.fill('#born', o.born);
      await submit(page, 'form[action="/setup"]', (u) => u.pathname === '/');
      await assertSpanish(page, 'Today', userData);
      state.babyId = (await babies(page))[0].id;
    });

    await step('a refused form says what is wrong in Spanish', async () => {
      await page.goto(`${base}/babies/new`);
      await assertSpanish(page, 'the new baby form', userData);
      await page.fill('#name', '   ');
      await page.fill('#born', o.born);
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.url() === `${base}/babies` && r.request().method() === 'POST'),
        page.locator('form[action="/babies"] button:not([type="button"])').first().click(),
      ]);
      assert.equal(res.status(), 422);
      await page.waitForLoadState();
      assert.ok((await page.locator('#name-err').textContent()).trim().length > 0, 'the name error is shown');
      await assertSpanish(page, 'the refused new baby form', userData);
    });

    await step('a feed logged from the journal form, and Today says wait in Spanish', async () => {
      const end = toMinute(Date.now() - 20 * MIN);
      const start = new Date(end.getTime() - 15 * MIN);
      await page.goto(`${base}/journal/new?kind=feeding`);
      await assertSpanish(page, 'the journal form', userData);
      await page.fill('#start', inZone(start).local);
      await page.fill('#end', inZone(end).local);
      await submit(page, 'form:has(#start)', (u) => u.pathname === '/journal');
      await assertSpanish(page, 'the journal', userData);
      const feeds = await events(page, state.babyId, 'feeding');
      assert.equal(feeds.length, 1);
      state.feedId = feeds[0].id;
      await page.goto(`${base}/`);
      assert.equal(await page.locator('section.verdict').getAttribute('data-verdict'), 'wait');
      await until(async () => (await page.locator('#countdown').textContent()).trim() !== '', { message: 'the countdown' });
      await assertSpanish(page, 'Today while waiting after a feed', userData);
      await page.goto(`${base}/events/${state.feedId}/edit`);
      await assertSpanish(page, 'the event edit form', userData);
    });

    await step('the feed moved back an hour; the check is ready; the player is in Spanish', async () => {
      const end = toMinute(Date.now() - 60 * MIN);
      const start = new Date(end.getTime() - 15 * MIN);
      await page.goto(`${base}/events/${state.feedId}/edit`);
      await page.fill('#start', inZone(start).local);
      await page.fill('#end', inZone(end).local);
      await submit(page, 'form:has(#start)', (u) => u.pathname === '/journal');
      await page.goto(`${base}/massage`);
      await assertSpanish(page, 'the massage picker', userData);
      await page.selectOption('#routine', 'full-body');
      await page.check('input[name="state"][value="quiet_alert"]');
      await page.selectOption('#oil', 'none');
      await submit(page, 'form[action="/massage"]', (u) => u.pathname === '/massage' && u.searchParams.get('routine') === 'full-body');
      const answer = page.locator('section.verdict');
      assert.equal(await answer.getAttribute('data-verdict'), 'ready', await answer.textContent());
      await assertSpanish(page, 'the readiness answer', userData);
      await answer.locator('[data-prepare-ok]').click();
      const go = answer.locator('a[href^="/massage/play"]');
      await Promise.all([page.waitForURL((u) => u.pathname === '/massage/play'), go.click()]);
      await page.waitForFunction(() => window.sootheDebug && window.sootheDebug.engine);
      await assertSpanish(page, 'the player before Start', userData);
      await page.click('#btn-start');
      await page.waitForFunction(() => window.sootheDebug.engine.view().clock >= 2, null, { timeout: 10_000 });
      await page.click('button[data-cue="looks_away"]');
      await until(async () => (await page.textContent('#phase')).trim() !== '', { message: 'the phase' });
      await assertSpanish(page, 'the player pausing on a cue', userData);
      await page.click('button[data-cue="cries"]');
      await page.click('#btn-ready');
      await page.check('#finish input[name="rating"][value="4"]');
      await page.fill('#finish-note', 'Le gustaron las piernas');
      await page.locator('#finish button:not([type="button"])').first().click();
      await until(async () => (await page.textContent('#finish-status')).trim() !== '', { message: '#finish-status' });
      assert.equal(await page.isHidden('#finish-error'), true);
      await assertSpanish(page, 'the player after the save', [...userData, 'Le gustaron las piernas']);
      const saved = await events(page, state.babyId, 'massage');
      assert.equal(saved.length, 1);
      assert.equal(saved[0].rating, 4);
    });

    await step('quick log on Today, in Spanish', async () => {
      await page.goto(`${base}/`);
      await page.locator('form[data-stop] button.tile').first().click();
      await until(async () => (await page.locator('form[data-stop] button.tile.on').count()) > 0, { message: 'a running tile' });
      await assertSpanish(page, 'Today with a feed running', userData);
    });

    await step('every other page is in Spanish', async () => {
      const routine = (await page.evaluate(async () => (await (await fetch('/api/v1/catalog/routines')).json())))
        .routines[0].id;
      for (const [path, what] of [
        ['/journal', 'the journal'],
        [`/routines`, 'the routines'],
        [`/routines/${routine}`, 'a routine'],
        ['/evidence', 'the evidence'],
        ['/oils', 'the oils'],
        ['/skin-to-skin', 'skin to skin'],
        ['/account', 'the account'],
        ['/household', 'the household'],
        ['/household/settings', 'the household settings'],
        [`/babies/${state.babyId}/edit`, 'the baby form'],
        ['/offline', 'the offline page'],
        ['/events/00000000-0000-4000-8000-000000000000/edit', 'the not-found page'],
      ]) {
        await page.goto(`${base}${path}`);
        await assertSpanish(page, what, userData);
      }
      // Signed out (from the account page): the sign-in page.
      await page.goto(`${base}/account`);
      await page.locator('form[action="/signout"] button').first().click();
      await page.waitForURL((u) => u.pathname === '/signin');
      await assertSpanish(page, 'the sign-in page', userData);
    });

    // A refused form answers 422 and the not-found page 404, on purpose.
    assert.deepEqual(problems.filter((p) => !/status of (422|404)/.test(p)), [], 'no page errors');
  } finally {
    await context.close();
    await browser.close();
    await server.stop();
  }
});

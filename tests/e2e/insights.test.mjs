// Insights and the family experiment in a browser (issue 16 §3 and §5), on a phone (390×844),
// light and dark, axe clean, plain words. Thirty days of feeds, night sleep, crying and a
// massage every other day are logged through the API; the insights page then compares each
// outcome in the insights' words (never causal) and draws night sleep, crying and feeds per
// day as server-made SVG (no script draws them) with massage days marked. Then an
// experiment from start to result: the server runs under libfaketime, its clock moved on a
// day (Today says which kind of day it is) and then twenty (the experiment is over), the
// schedule's days logged through the API in the server's past, and the result read on the
// page. Screenshots: target/screenshots/insights-*.png.

import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { startServer } from './lib/server.mjs';
import { SCREENSHOTS, clearScreenshots, daysAgo, inZone, launch, phoneContext, screenshot, stepper, watchPage } from './lib/browser.mjs';
import { apiGet, babies, csrfOf, setup } from './lib/soothe.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const THEMES = ['light', 'dark'];
const FAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1';

/** Words that must never reach a parent: ids, field names, placeholders. */
const RAW = [/\b[a-z]+_[a-z_]+\b/, /\bundefined\b/, /\bnull\b/, /\bNaN\b/, /\biw-[a-z]/, /\binsights-[a-z]/];
/** Causal words, which only an experiment may use. */
const CAUSAL = [/\bmade\b/, /\bbecause\b/, /\bcaused?\b/];

async function axe(page, what) {
  await page.evaluate(AXE);
  const r = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), TAGS);
  const explain = r.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`).join('\n');
  assert.equal(r.violations.length, 0, `axe on ${what}:\n${explain}`);
}

async function plainWords(page, what) {
  const text = await page.locator('main').innerText();
  for (const re of RAW) assert.doesNotMatch(text, re, `${what} shows raw words (${re}): ${(text.match(re) || [])[0]}`);
}

/** `HH:MM` on the day `date` (YYYY-MM-DD) in the household's zone, as an instant (ISO). */
function local(date, hm) {
  const [y, m, d] = date.split('-').map(Number);
  const [h, mi] = hm.split(':').map(Number);
  const guess = Date.UTC(y, m - 1, d, h, mi);
  // The zone's offset then: what the guess reads as there, minus the guess.
  const shown = inZone(guess);
  const [sy, sm, sd] = shown.date.split('-').map(Number);
  const [sh, smi] = shown.hm.split(':').map(Number);
  const offset = Date.UTC(sy, sm - 1, sd, sh, smi) - guess;
  return new Date(guess - offset).toISOString();
}

/** The day after `date` (YYYY-MM-DD). */
function nextDay(date) {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** One day's events: three feeds, the night's sleep, crying, and a massage when asked. */
function dayEvents(date, massage, cryingMinutes) {
  const events = [
    { kind: 'feeding', start: local(date, '08:00'), end: local(date, '08:20') },
    { kind: 'feeding', start: local(date, '12:00'), end: local(date, '12:20') },
    { kind: 'feeding', start: local(date, '16:00'), end: local(date, '16:20') },
    { kind: 'sleep', start: local(date, '20:00'), end: local(nextDay(date), '06:00') },
    { kind: 'crying', start: local(date, '17:00'), end: local(date, `17:${String(cryingMinutes).padStart(2, '0')}`) },
  ];
  if (massage) events.push({ kind: 'massage', start: local(date, '11:00'), end: local(date, '11:15') });
  return events;
}

test('insights and a family experiment from start to result', { timeout: 900_000 }, async (t) => {
  if (!existsSync(FAKETIME)) {
    const msg = `libfaketime not found at ${FAKETIME} (apt-get install faketime)`;
    if (process.env.CI) throw new Error(`${msg}; CI is set, so this is a failure`);
    t.skip(msg);
    return;
  }
  const browser = await launch(t);
  if (!browser) return;
  clearScreenshots('insights-');
  const clockDir = mkdtempSync(join(tmpdir(), 'soothe-faketime-'));
  const clockFile = join(clockDir, 'offset');
  // Hours the server's clock runs ahead, on the same date, so that it is past 07:00 there: the
  // last logged night ends at 06:00 today, and the API refuses an end after its clock.
  const lead = Math.max(0, 7 - Number(inZone(Date.now()).hm.slice(0, 2)));
  writeFileSync(clockFile, `+${lead}h\n`);
  const server = await startServer({
    env: { LD_PRELOAD: FAKETIME, FAKETIME_TIMESTAMP_FILE: clockFile, FAKETIME_NO_CACHE: '1', FAKETIME_DONT_FAKE_MONOTONIC: '1' },
  });
  const base = server.url;
  const context = await phoneContext(browser);
  const page = await context.newPage();
  const problems = watchPage(page);
  const step = stepper(t, {
    onFail: (name) => screenshot(page, `insights-fail-${name.replace(/\W+/g, '-').slice(0, 60)}.png`, { fullPage: true }),
  });
  const s = {};
  const themed = async (theme, path) => {
    await context.addCookies([{ name: 'soothe_theme', value: theme, url: base }]);
    await page.goto(`${base}${path}`);
    assert.equal(await page.evaluate(() => document.documentElement.className), theme);
  };
  /** Logs events through the API from the page (the session and its CSRF token). */
  const logAll = async (events) => {
    const csrf = await csrfOf(page);
    const failed = await page.evaluate(async ([baby, token, list]) => {
      const out = [];
      for (const e of list) {
        const r = await fetch(`/api/v1/babies/${baby}/events`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': token }, body: JSON.stringify(e) });
        if (r.status !== 201) out.push(`${JSON.stringify(e)} → ${r.status} ${await r.text()}`);
      }
      return out;
    }, [s.baby, csrf, events]);
    assert.deepEqual(failed, []);
  };
  /** Moves the server's clock `days` ahead of the real one (and its `lead`). */
  const clockAt = async (days) => {
    writeFileSync(clockFile, `+${24 * days + lead}h\n`);
    await new Promise((r) => setTimeout(r, 300));
  };

  try {
    await step('thirty days logged through the API', async () => {
      s.o = await setup(page, base);
      s.baby = (await babies(page))[0].id;
      const events = [];
      for (let k = 1; k <= 30; k += 1) {
        const date = daysAgo(k);
        const massage = k % 2 === 0;
        events.push(...dayEvents(date, massage, massage ? 10 + (k % 3) : 30 + (k % 4)));
      }
      await logAll(events);
    });

    await step('the insights page: each outcome in words, the day charts with massage days marked', async () => {
      await page.goto(`${base}/`);
      await Promise.all([page.waitForURL((u) => u.pathname === `/babies/${s.baby}/insights`), page.getByRole('link', { name: 'Insights', exact: true }).click()]);
      assert.equal(await page.locator('h1').innerText(), `Insights for ${s.o.babyName}`);
      const crying = await page.locator('#insight-crying_minutes').innerText();
      assert.match(crying, new RegExp(`On massage days ${s.o.babyName} cried about \\d+ min less than on other days`));
      assert.match(crying, /it does not show that massage made the difference/);
      assert.match(crying, /Days counted: 14 massage days and 14 days without massage\./);
      const compared = await page.locator('section.insights').innerText();
      // Causal words only inside the caveat that says massage is not shown to do anything.
      const withoutCaveat = compared.replaceAll('it does not show that massage made the difference', '');
      for (const re of CAUSAL) assert.doesNotMatch(withoutCaveat, re, `causal words outside an experiment: ${(withoutCaveat.match(re) || [])[0]}`);
      for (const [id, name] of [['night', 'Night sleep'], ['crying', 'Crying'], ['feeds', 'Feeds']]) {
        const fig = page.locator(`#figure-${id}`);
        assert.equal(await fig.getByRole('img', { name }).count(), 1, `${id} chart named by its title`);
        assert.equal(await fig.locator('svg.chart rect').count(), 28, `${id}: a bar per logged day`);
        assert.equal(await fig.locator('svg.chart rect.bar.m').count(), 14, `${id}: massage days`);
        assert.equal(await fig.locator('svg.chart circle.mark').count(), 14, `${id}: marks`);
        assert.ok(await fig.locator('svg.chart').isVisible(), `${id} chart visible`);
        // The numbers for screen readers, a click away for everyone.
        await fig.locator('summary').click();
        assert.equal(await fig.locator('table tbody tr').count(), 28);
      }
      assert.match(await page.locator('#figure-night tbody tr').first().innerText(), /10 h/);
      assert.equal(await page.locator('script:not([src]):not([type="application/json"])').count(), 0, 'no script draws the charts');
      // Another period.
      await page.selectOption('#period-days', '14');
      await Promise.all([page.waitForURL((u) => u.searchParams.get('days') === '14'), page.getByRole('button', { name: 'Show' }).click()]);
      assert.equal(await page.locator('#figure-feeds svg.chart rect').count(), 14);
    });

    for (const theme of THEMES) {
      await step(`the insights page at 390×844 (${theme}): axe clean, plain words, screenshot`, async () => {
        await themed(theme, `/babies/${s.baby}/insights`);
        await plainWords(page, `insights (${theme})`);
        await axe(page, `insights (${theme})`);
        const box = await page.locator('#figure-night svg.chart').boundingBox();
        assert.ok(box && box.width <= 390 && box.width > 250, `the chart fits the phone: ${JSON.stringify(box)}`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `nothing wider than the phone (${overflow}px)`);
        await screenshot(page, `insights-${theme}.png`, { fullPage: true });
        await page.locator('#figure-crying svg.chart').screenshot({ path: join(SCREENSHOTS, `insights-chart-${theme}.png`) });
      });
    }

    await step('an experiment: a refused length, then started; its schedule', async () => {
      await page.goto(`${base}/babies/${s.baby}/insights`);
      await page.selectOption('#outcome', 'crying_minutes');
      await page.fill('#days', '30');
      // The browser's own check would stop 30 (max 28): let the server say it.
      await page.evaluate(() => document.getElementById('experiment-form').setAttribute('novalidate', ''));
      await page.getByRole('button', { name: 'Start the experiment' }).click();
      await page.waitForSelector('#days-err');
      assert.match(await page.locator('#days-err').innerText(), /30 is outside 14–28/);
      assert.equal(await page.locator('#days').getAttribute('aria-invalid'), 'true');
      assert.equal(await page.locator('#outcome').inputValue(), 'crying_minutes', 'the choice kept');
      await page.fill('#days', '14');
      await Promise.all([page.waitForURL((u) => /\/experiments\/[0-9a-f-]+$/.test(u.pathname)), page.getByRole('button', { name: 'Start the experiment' }).click()]);
      s.experiment = new URL(page.url()).pathname;
      assert.match(await page.locator('#done').innerText(), /Experiment started: the first day is/);
      assert.match(await page.locator('#status').innerText(), /starts on/);
      assert.equal(await page.locator('#schedule tbody tr').count(), 14);
      const got = await apiGet(page, `/api/v1${s.experiment}`);
      assert.equal(got.status, 200, JSON.stringify(got.body));
      s.schedule = got.body.schedule;
      assert.equal(s.schedule.filter((d) => d.massage).length, 7);
      await axe(page, 'the experiment page');
    });

    await step('a day later (the server clock moved on): Today says which kind of day it is', async () => {
      await clockAt(1);
      await page.goto(`${base}/`);
      if (new URL(page.url()).pathname === '/signin') {
        await page.fill('#email', s.o.email);
        await page.fill('#password', s.o.password);
        await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.getByRole('button', { name: 'Sign in' }).click()]);
      }
      const line = page.locator('#experiment-today a');
      const kind = s.schedule[0].massage ? 'a massage day' : 'a day without massage';
      assert.equal((await line.innerText()).trim(), `Experiment day 1 of 14: ${kind}`);
      await Promise.all([page.waitForURL((u) => u.pathname === s.experiment), line.click()]);
      assert.match(await page.locator('#status').innerText(), /day 1 of 14/);
      assert.equal(await page.locator('#schedule tr[aria-current="date"]').count(), 1);
      assert.equal(await page.locator('#stop-form').count(), 1);
    });

    await step('twenty days on, the plan logged (one day not followed): the result on the page', async () => {
      await clockAt(20);
      await page.goto(`${base}${s.experiment}`);
      if (new URL(page.url()).pathname === '/signin') {
        await page.fill('#email', s.o.email);
        await page.fill('#password', s.o.password);
        await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.getByRole('button', { name: 'Sign in' }).click()]);
        await page.goto(`${base}${s.experiment}`);
      }
      const events = [];
      s.schedule.forEach((d, k) => {
        const given = k === 3 ? !d.massage : d.massage;
        events.push(...dayEvents(d.date, given, d.massage ? 10 + (k % 3) : 30 + (k % 4)));
      });
      await logAll(events);
      await page.reload();
      assert.match(await page.locator('#status').innerText(), /finished/);
      const result = await page.locator('#result').innerText();
      assert.match(result, new RegExp(`In the experiment, massage made ${s.o.babyName} cry about \\d+ min less`));
      assert.match(result, /The chance that massage days were the better ones: about \d+ %/);
      assert.match(result, /13 of 14 planned days were followed\./);
      assert.match(result, new RegExp(`This holds for ${s.o.babyName} over these weeks, not for babies in general\\.`));
      assert.doesNotMatch(result, /incomplete/);
      assert.equal(await page.locator('#schedule td', { hasText: /^not followed$/ }).count(), 1);
      assert.equal(await page.locator('#stop-form').count(), 0, 'over: nothing to stop');
    });

    for (const theme of THEMES) {
      await step(`the experiment's result at 390×844 (${theme}): axe clean, plain words, screenshot`, async () => {
        await themed(theme, s.experiment);
        await plainWords(page, `experiment (${theme})`);
        await axe(page, `experiment (${theme})`);
        await screenshot(page, `insights-experiment-${theme}.png`, { fullPage: true });
      });
    }

    await step('no script errors and nothing the page policy blocked', async () => {
      // The refused length answered 422 on purpose.
      assert.deepEqual(problems.filter((p) => !/favicon/.test(p) && !/status of 422/.test(p)), []);
    });
  } finally {
    await context.close();
    await browser.close();
    await server.stop();
    rmSync(clockDir, { recursive: true, force: true });
  }
});

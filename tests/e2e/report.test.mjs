// The printable check-up report in a browser (issue 16, section 5). A journal seeded through
// the API (two weeks of feeds, nights, naps, nappies, crying and massages; a warning sign, a
// fever reading, an illness, weights), then the report: its heading and sections, the Print
// button shown by the script (and calling the browser's print), axe clean in light and dark at
// 390×844 and at desktop width; in print media the header, the tab bar and every button are
// gone and the page is black on white even in the dark theme, table heads repeat and rows are
// not split; a PDF of it is made and is not empty. Screenshots: target/screenshots/report-*.png
// (and report.pdf).

import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { startServer } from './lib/server.mjs';
import { SCREENSHOTS, ZONE, clearScreenshots, daysAgo, launch, phoneContext, screenshot, stepper, watchPage } from './lib/browser.mjs';
import { apiGet, babies, csrfOf, setup } from './lib/soothe.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const THEMES = ['light', 'dark'];
const DAY = 86_400_000;
const DESKTOP = { width: 1280, height: 900 };

/** Words that must never reach a parent: ids, field names, placeholders. */
const RAW = [/\b[a-z]+_[a-z_]+\b/, /\bundefined\b/, /\bnull\b/, /\bNaN\b/, /\breport-[a-z]/];

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

/** The zone's offset at `when` (`+01:00`). */
function offset(when) {
  const name = new Intl.DateTimeFormat('en', { timeZone: ZONE, timeZoneName: 'longOffset' })
    .formatToParts(new Date(when))
    .find((p) => p.type === 'timeZoneName').value;
  return name === 'GMT' ? '+00:00' : name.replace('GMT', '');
}

/** `back` days ago at `hm` (plus `plusDays`) on the household's wall clock, as RFC 3339. */
function wall(back, hm, plusDays = 0) {
  const noon = Date.now() - back * DAY + plusDays * DAY;
  return `${daysAgo(back - plusDays)}T${hm}:00${offset(noon)}`;
}

test('the printable check-up report', { timeout: 600_000 }, async (t) => {
  const browser = await launch(t);
  if (!browser) return;
  clearScreenshots('report-');
  const server = await startServer();
  const base = server.url;
  const context = await phoneContext(browser);
  const page = await context.newPage();
  const problems = watchPage(page);
  const step = stepper(t, {
    onFail: (name) => screenshot(page, `report-fail-${name.replace(/\W+/g, '-').slice(0, 60)}.png`, { fullPage: true }),
  });
  const s = {};
  const themed = async (p, ctx, theme, path) => {
    await ctx.addCookies([{ name: 'soothe_theme', value: theme, url: base }]);
    await p.goto(`${base}${path}`);
    assert.equal(await p.evaluate(() => document.documentElement.className), theme);
  };
  const api = async (method, path, body) => {
    const csrf = await csrfOf(page);
    return page.evaluate(async ([m, p, token, b]) => {
      const r = await fetch(p, { method: m, headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': token }, body: JSON.stringify(b) });
      return { status: r.status, body: await r.json().catch(() => null) };
    }, [method, path, csrf, body]);
  };

  try {
    await step('seed two weeks of the journal through the API', async () => {
      s.o = await setup(page, base);
      s.baby = (await babies(page))[0].id;
      const got = await apiGet(page, `/api/v1/babies/${s.baby}`);
      const { id, created, updated, conditions_noted, ...profile } = got.body;
      const put = await api('PUT', `/api/v1/babies/${s.baby}`, { ...profile, sex: 'female' });
      assert.equal(put.status, 200, JSON.stringify(put.body));
      const events = [];
      // Two days back and earlier: every event is over by now, whatever the hour.
      for (let back = 2; back <= 15; back++) {
        events.push(
          { kind: 'feeding', start: wall(back, '09:00'), end: wall(back, '09:20') },
          { kind: 'feeding', start: wall(back, '13:00'), end: wall(back, '13:20') },
          { kind: 'feeding', start: wall(back, '17:30'), end: wall(back, '17:50') },
          { kind: 'sleep', start: wall(back, '20:00'), end: wall(back, '06:00', 1) },
          { kind: 'sleep', start: wall(back, '13:30'), end: wall(back, '14:30') },
          { kind: 'nappy', at: wall(back, '08:00'), contents: 'wet' },
          { kind: 'nappy', at: wall(back, '12:00'), contents: 'both' },
        );
        if (back % 2 === 0) events.push({ kind: 'massage', start: wall(back, '18:30'), end: wall(back, '18:45') });
        else events.push({ kind: 'crying', start: wall(back, '18:00'), end: wall(back, '18:40') });
      }
      events.push(
        { kind: 'warning_sign', at: wall(4, '11:00'), sign: 'breathing_difficulty', note: 'fast breathing, seen by the GP' },
        { kind: 'temperature', at: wall(4, '11:05'), celsius: 38.6 },
        { kind: 'temperature', at: wall(3, '10:00'), celsius: 37.2 },
        { kind: 'illness', start: wall(5, '10:00'), end: wall(2, '10:00'), note: 'a cold' },
        { kind: 'weight', at: new Date(Date.now() - 60 * DAY).toISOString(), value: 4.2, unit: 'kg' },
        { kind: 'weight', at: wall(6, '10:00'), value: 5.3, unit: 'kg' },
        { kind: 'length', at: wall(6, '10:00'), value: 58, unit: 'cm' },
      );
      for (const e of events) {
        const r = await api('POST', `/api/v1/babies/${s.baby}/events`, e);
        assert.equal(r.status, 201, `${JSON.stringify(e)}: ${JSON.stringify(r.body)}`);
      }
    });

    await step('the growth page links the report; the report has its heading and sections', async () => {
      await page.goto(`${base}/babies/${s.baby}/growth`);
      await Promise.all([
        page.waitForURL((u) => u.pathname === `/babies/${s.baby}/report`),
        page.getByRole('link', { name: 'Check-up report to print' }).click(),
      ]);
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), `For the check-up: ${s.o.babyName}`);
      assert.match(await page.locator('#report-period').innerText(), /^The last four weeks: .+ to .+\.$/);
      for (const name of ['Growth', 'Week by week', 'Day by day', 'Warning signs, temperatures and illnesses', 'Massage days and other days']) {
        assert.equal(await page.getByRole('heading', { level: 2, name, exact: true }).count(), 1, name);
      }
      assert.equal(await page.locator('#report-growth svg.chart').count(), 2);
      assert.equal(await page.locator('#report-days tbody tr').count(), 28);
      assert.equal(await page.locator('#report-days tbody tr.empty').count(), 14);
      assert.equal(await page.locator('#report-weeks tbody tr').count(), 4);
      const signs = await page.locator('#report-signs').innerText();
      assert.match(signs, /difficulty breathing/);
      assert.match(signs, /fast breathing, seen by the GP/);
      assert.match(await page.locator('#report-temperatures').innerText(), /38\.6 °C \(38 °C \/ 100\.4 °F or more\)/);
      assert.match(await page.locator('#report-illnesses').innerText(), /a cold/);
      assert.equal(await page.locator('.report-insight').count(), 6);
      const night = await page.locator('#insight-night_sleep_minutes').innerText();
      assert.match(night, /Compared: 7 massage days and 7 other days/);
      assert.match(await page.locator('#report-not-diagnosis').innerText(), /soothe does not diagnose, and massage is not a treatment/);
      assert.equal(await page.locator('script:not([src]):not([type="application/json"])').count(), 0);
    });

    await step('the Print button is shown by the script and prints', async () => {
      const button = page.getByRole('button', { name: 'Print' });
      assert.equal(await button.isVisible(), true);
      await page.evaluate(() => {
        window.__printed = 0;
        window.print = () => { window.__printed += 1; };
      });
      await button.click();
      assert.equal(await page.evaluate(() => window.__printed), 1);
    });

    for (const theme of THEMES) {
      await step(`the report at 390×844 (${theme}): axe clean, plain words, screenshot`, async () => {
        await themed(page, context, theme, `/babies/${s.baby}/report`);
        await plainWords(page, `report (${theme})`);
        await axe(page, `report (${theme})`);
        const box = await page.locator('#report-growth svg.chart').first().boundingBox();
        assert.ok(box && box.width <= 390 && box.width > 250, `the chart fits the phone: ${JSON.stringify(box)}`);
        const wide = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(wide <= 390, `nothing wider than the phone but the scrolling tables: ${wide}`);
        await screenshot(page, `report-${theme}.png`, { fullPage: true });
      });
    }

    await step('in print media: no header, tab bar or button; black on white even in dark; a PDF', async () => {
      await themed(page, context, 'dark', `/babies/${s.baby}/report`);
      await page.emulateMedia({ media: 'print' });
      for (const sel of ['header.top', 'nav.tabs', '[data-print]', '.report-back', '.skip']) {
        const n = await page.locator(sel).count();
        assert.ok(n > 0, `${sel} is on the page`);
        assert.equal(await page.locator(sel).first().isVisible(), false, `${sel} is hidden in print`);
      }
      const look = await page.evaluate(() => {
        const b = getComputedStyle(document.body);
        const th = document.querySelector('#report-days thead');
        const tr = document.querySelector('#report-days tbody tr');
        return {
          bg: b.backgroundColor,
          fg: b.color,
          thead: getComputedStyle(th).display,
          row: getComputedStyle(tr).breakInside,
          days: getComputedStyle(document.querySelector('#report-days')).breakBefore,
        };
      });
      assert.deepEqual(look, { bg: 'rgb(255, 255, 255)', fg: 'rgb(0, 0, 0)', thead: 'table-header-group', row: 'avoid', days: 'page' });
      await screenshot(page, 'report-print.png', { fullPage: true });
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      assert.ok(pdf.length > 20_000, `the PDF has pages: ${pdf.length} bytes`);
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
      // Growth, the weeks, the days (a page of their own), the health and the insights.
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
      assert.ok(pages >= 3 && pages <= 12, `the report prints on a few pages: ${pages}`);
      mkdirSync(SCREENSHOTS, { recursive: true });
      writeFileSync(join(SCREENSHOTS, 'report.pdf'), pdf);
      await page.emulateMedia({ media: 'screen' });
      assert.equal(await page.locator('nav.tabs').isVisible(), true, 'on screen again');
    });

    await step('at desktop width: axe clean in light and dark, a PDF too', async () => {
      const desk = await browser.newContext({ viewport: DESKTOP, timezoneId: ZONE, locale: 'en-GB' });
      try {
        await desk.addCookies(await context.cookies());
        const p = await desk.newPage();
        const deskProblems = watchPage(p);
        for (const theme of THEMES) {
          await themed(p, desk, theme, `/babies/${s.baby}/report`);
          await axe(p, `report desktop (${theme})`);
          await screenshot(p, `report-desktop-${theme}.png`, { fullPage: true });
        }
        await p.emulateMedia({ media: 'print' });
        assert.equal(await p.locator('nav.tabs').isVisible(), false);
        const pdf = await p.pdf({ format: 'Letter' });
        assert.ok(pdf.length > 20_000, `${pdf.length} bytes`);
        assert.deepEqual(deskProblems.filter((x) => !/favicon/.test(x)), []);
      } finally {
        await desk.close();
      }
    });

    await step('no script errors and nothing the page policy blocked', async () => {
      assert.deepEqual(problems.filter((p) => !/favicon/.test(p)), []);
    });
  } finally {
    await context.close();
    await browser.close();
    await server.stop();
  }
});

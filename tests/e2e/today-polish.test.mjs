// Everyday polish on Today and the journal, on a phone (390×844), light and dark, axe clean:
// "earlier…" on each of Today's tiles opens that kind's form (times to the minute, no kind
// select and reload), Save comes back to Today and says what was saved; totals read in
// minutes ("—" before anything, "<1 min" for a few seconds, never "0 s"); the Temperature
// and Note sheets open clear of the tab bar; the toast never covers the tile it speaks of;
// the massage check's answer scrolls into view; deleting asks first, names what went, keeps
// the place and leaves the address on the journal; edit forms have Cancel; the baby switcher
// has a chevron, marks the current baby and never covers the verdict.

import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { startServer } from './lib/server.mjs';
import { clearScreenshots, daysAgo, inZone, launch, phoneContext, screenshot, stepper, until, watchPage } from './lib/browser.mjs';
import { babies, events, setup, tile } from './lib/soothe.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const MIN = 60_000;

/** Words that must never reach a parent: ids, field names, placeholders. */
const RAW = [/\b[a-z]+_[a-z_]+\b/, /\bundefined\b/, /\bnull\b/, /\b(feeding|celsius|amount_ml|kind)\b/, /\b\d+ s\b/, /Logged: /];

async function axe(page, what) {
  await page.evaluate(AXE);
  const r = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), TAGS);
  const explain = r.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`).join('\n');
  assert.equal(r.violations.length, 0, `axe on ${what}:\n${explain}`);
}

async function plainWords(page, what) {
  const text = await page.locator('main').innerText();
  for (const re of RAW) assert.doesNotMatch(text, re, `${what} shows raw words`);
}

async function rect(locator) {
  return locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
  });
}

const overlap = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

for (const theme of ['light', 'dark']) {
  test(`today polish (${theme})`, { timeout: 300_000 }, async (t) => {
    const browser = await launch(t);
    if (!browser) return;
    clearScreenshots(`fail-polish-${theme}-`);
    const server = await startServer();
    const base = server.url;
    const context = await phoneContext(browser, { colorScheme: theme });
    const page = await context.newPage();
    const problems = watchPage(page);
    const step = stepper(t, {
      onFail: (name) => screenshot(page, `fail-polish-${theme}-${name.replace(/\W+/g, '-').slice(0, 60)}.png`, { fullPage: true }),
    });
    const s = {};
    const themed = async (path) => {
      await context.addCookies([{ name: 'soothe_theme', value: theme, url: base }]);
      await page.goto(`${base}${path}`);
      assert.equal(await page.evaluate(() => document.documentElement.className), theme);
    };

    try {
      await step('before anything: totals say "—", not "0 s"; Today is plain and axe clean', async () => {
        await setup(page, base);
        s.baby = (await babies(page))[0].id;
        await themed('/');
        assert.equal(await tile(page, 'Sleep'), '—');
        assert.equal(await tile(page, 'Crying'), '—');
        await plainWords(page, 'Today');
        await axe(page, 'Today');
        await screenshot(page, `today-polish-${theme}.png`, { fullPage: true });
      });

      await step('"earlier…" on the feed tile: the feed form, to the minute, back to Today which says so', async () => {
        const link = page.getByRole('link', { name: 'Feed: earlier…' });
        await link.waitFor();
        await Promise.all([page.waitForURL((u) => u.pathname === '/journal/new'), link.click()]);
        assert.equal(new URL(page.url()).searchParams.get('kind'), 'feeding');
        assert.equal((await page.locator('h1').textContent()).trim(), 'Add: Feed');
        assert.equal(await page.locator('select#pick').count(), 0, 'no kind select');
        assert.match(await page.inputValue('#start'), /^\d{4}-\d\d-\d\dT\d\d:\d\d$/, 'minutes, no seconds');
        assert.match(await page.inputValue('#end'), /^\d{4}-\d\d-\d\dT\d\d:\d\d$/);
        assert.equal(await page.getAttribute('#start', 'step'), '60');
        assert.ok(await page.getByRole('link', { name: 'Cancel' }).isVisible());
        await axe(page, 'the feed form');
        await plainWords(page, 'the feed form');
        const end = new Date(Date.now() - 10 * MIN);
        const start = new Date(end.getTime() - 25 * MIN);
        s.feed = { start: inZone(start), end: inZone(end) };
        await page.fill('#start', s.feed.start.local);
        await page.fill('#end', s.feed.end.local);
        await Promise.all([
          page.waitForURL((u) => u.pathname === '/'),
          page.getByRole('button', { name: 'Save' }).click(),
        ]);
        const said = page.locator('#saved');
        // Just after midnight the feed began yesterday: the day is named then.
        assert.match((await said.textContent()).trim(), new RegExp(`^Feed saved — (\\w+ \\d+ \\w+, )?${s.feed.start.hm}–${s.feed.end.hm}$`));
        assert.equal(await said.getAttribute('role'), 'status');
        const r = await rect(said);
        assert.ok(r.top >= 0 && r.bottom <= 844, 'the message is in view');
        await axe(page, 'Today after saving');
      });

      await step('every quick tile offers "earlier…" for its kind', async () => {
        for (const [name, kind] of [['Feed', 'feeding'], ['Sleep', 'sleep'], ['Crying', 'crying'], ['Nappy', 'nappy'], ['Temperature', 'temperature'], ['Note', 'note']]) {
          const href = await page.getByRole('link', { name: `${name}: earlier…` }).getAttribute('href');
          const u = new URL(href, base);
          assert.equal(u.pathname, '/journal/new');
          assert.equal(u.searchParams.get('kind'), kind);
          assert.equal(u.searchParams.get('back'), '/');
        }
        // "Other…" lists the kinds as links (no select and reload), coming back to Today.
        await Promise.all([page.waitForURL((u) => u.pathname === '/journal/new'), page.getByRole('link', { name: 'Other…' }).click()]);
        assert.equal(await page.locator('select').count(), 0);
        await Promise.all([page.waitForURL((u) => u.searchParams.get('kind') === 'weight'), page.getByRole('link', { name: 'Weight' }).click()]);
        assert.equal((await page.locator('h1').textContent()).trim(), 'Add: Weight');
        await Promise.all([page.waitForURL((u) => u.pathname === '/' && u.search === ''), page.getByRole('link', { name: 'Cancel' }).click()]);
      });

      await step('a crying spell of a few seconds reads "<1 min" on Today and in the journal', async () => {
        await page.getByRole('button', { name: 'Crying', exact: true }).click();
        await page.getByRole('button', { name: /Crying stopped/ }).waitFor();
        await page.getByRole('button', { name: /Crying stopped/ }).click();
        await page.getByRole('button', { name: 'Crying', exact: true }).waitFor();
        await until(async () => (await tile(page, 'Crying')) === '<1 min' || (await tile(page, 'Crying')) === '1 min', { message: 'the crying total' });
        assert.equal(await tile(page, 'Sleep'), '—');
        await themed('/journal');
        const line = page.locator('li.ev.k-crying');
        assert.match(await line.textContent(), /\((<1 min|1 min)\)/);
        assert.doesNotMatch(await page.locator('main').innerText(), /\b\d+ s\b/);
      });

      await step('the Temperature and Note sheets open clear of the tab bar', async () => {
        await themed('/');
        const tabs = await rect(page.locator('nav.tabs'));
        for (const name of ['Temperature', 'Note']) {
          const sheet = page.locator('details.sheet', { has: page.locator('summary', { hasText: new RegExp(`^${name}$`) }) });
          // As a thumb finds it: the tile just showing above the tab bar.
          await sheet.locator('summary').evaluate((el, bottom) => {
            window.scrollBy(0, el.getBoundingClientRect().bottom - bottom + 2);
          }, tabs.top);
          const before = await rect(sheet.locator('summary'));
          assert.ok(before.bottom <= tabs.top && before.bottom > tabs.top - 40, `the tile sits on the tab bar (${JSON.stringify(before)})`);
          await sheet.locator('summary').click();
          await until(async () => {
            const r = await rect(sheet);
            return r.bottom <= tabs.top + 1 && r.top >= 0;
          }, { message: `the ${name} sheet in view` });
          const button = sheet.getByRole('button', { name: `Save ${name.toLowerCase()}` });
          const b = await rect(button);
          assert.ok(b.bottom <= tabs.top, `its Save button is above the tab bar (${b.bottom} > ${tabs.top})`);
          await axe(page, `Today with the ${name} sheet open`);
          await sheet.locator('summary').click();
        }
      });

      await step('the toast says what was saved in plain words and never covers its tile', async () => {
        const tabs = await rect(page.locator('nav.tabs'));
        // The temperature tile sits near the bottom of the screen, just above the tab bar.
        const sheet = page.locator('details.sheet', { has: page.locator('summary', { hasText: /^Temperature$/ }) });
        await sheet.locator('summary').click();
        await page.fill('#celsius', '36.8');
        await page.getByRole('button', { name: 'Save temperature' }).click();
        const toast = page.locator('#toast');
        await until(async () => (await toast.textContent()).trim() === 'Temperature saved.', { message: 'the toast' });
        const cell = page.locator('.q', { has: page.locator('input[name="kind"][value="temperature"]') });
        assert.ok(!overlap(await rect(toast), await rect(cell)), 'the toast does not cover the temperature tile');
        // Bring the feed tile to the bottom, right above the tab bar, and tap it.
        const feed = page.locator('.q', { has: page.locator('input[name="kind"][value="feeding"]') });
        const startFeed = feed.getByRole('button', { name: 'Start feed' });
        await startFeed.evaluate((el, bottom) => {
          window.scrollBy(0, el.getBoundingClientRect().bottom - bottom + 2);
        }, tabs.top);
        const placed = await rect(startFeed);
        assert.ok(placed.bottom <= tabs.top && placed.bottom > tabs.top - 40, `the tile sits on the tab bar (${JSON.stringify(placed)})`);
        await startFeed.click();
        await until(async () => (await toast.textContent()).trim() === 'Feed started.', { message: 'the feed toast' });
        const after = page.locator('.q', { has: page.locator('input[name="kind"][value="feeding"]') });
        assert.ok(!overlap(await rect(toast), await rect(after)), 'the toast does not cover the feed tile');
        assert.doesNotMatch(await toast.textContent(), /Logged: |Save |Start /);
        // Whatever the layout after the swap: a tile right above the tab bar is never
        // covered by a toast about it (the toast moves to the top), and one elsewhere
        // leaves the toast at the bottom.
        const low = page.locator('.q', { has: page.locator('input[name="kind"][value="crying"]') });
        await low.evaluate((el, bottom) => window.scrollBy(0, el.getBoundingClientRect().bottom - bottom + 2), tabs.top);
        await low.evaluate((el) => window.soothe.toast('…', el));
        assert.ok(!overlap(await rect(toast), await rect(low)), 'a toast about a low tile keeps clear of it');
        assert.ok((await rect(toast)).top < 100, 'it moved to the top');
        await page.evaluate(() => window.scrollTo(0, 0));
        const high = page.locator('section.verdict h1');
        await high.evaluate((el) => window.soothe.toast('…', el));
        assert.ok((await rect(toast)).bottom > 700, 'a toast about something high stays at the bottom');
        await after.getByRole('button', { name: /Stop feed/ }).click();
        await until(async () => (await toast.textContent()).trim() === 'Feed ended.', { message: 'the stop toast' });
        assert.ok(!overlap(await rect(toast), await rect(page.locator('.q', { has: page.locator('input[name="kind"][value="feeding"]') }))));
      });

      await step('the massage check\'s answer scrolls into view', async () => {
        await themed('/massage');
        await page.getByLabel('Awake, calm, looking at you').check();
        await Promise.all([
          page.waitForURL((u) => u.searchParams.has('routine')),
          page.getByRole('button', { name: 'Check', exact: true }).click(),
        ]);
        const answer = page.locator('section.verdict');
        await until(async () => {
          const r = await rect(answer);
          return r.top >= 0 && r.top < 844 / 2;
        }, { message: 'the answer at the top of the screen' });
      });

      await step('deleting asks first, names what went, keeps the place; Undo puts it back', async () => {
        await themed(`/journal?day=${s.feed.start.date}`);
        const feedLine = page.locator('li.ev.k-feeding').filter({ hasText: `until ${s.feed.end.hm}` });
        const id = (await feedLine.getAttribute('id')).slice(3);
        await Promise.all([
          page.waitForURL((u) => u.pathname === `/events/${id}/delete`),
          feedLine.getByRole('link', { name: /^Delete/ }).click(),
        ]);
        assert.match((await page.locator('h1').textContent()).trim(), new RegExp(`^Delete the entry “Feed, (\\w+ \\d+ \\w+, )?${s.feed.start.hm}–${s.feed.end.hm}”\\?$`));
        await axe(page, 'the delete page');
        await plainWords(page, 'the delete page');
        // Cancel goes back to the line.
        await Promise.all([page.waitForURL((u) => u.pathname === '/journal'), page.getByRole('link', { name: 'Cancel' }).click()]);
        assert.equal(new URL(page.url()).hash, `#ev-${id}`);
        assert.equal(await page.locator(`#ev-${id}`).count(), 1, 'nothing deleted');
        await page.goto(`${base}/events/${id}/delete`);
        await Promise.all([
          page.waitForURL((u) => u.pathname === '/journal'),
          page.getByRole('button', { name: 'Delete' }).click(),
        ]);
        const u = new URL(page.url());
        assert.equal(u.pathname, '/journal', 'the address is the journal, not /delete');
        assert.equal(u.hash, `#ev-${id}`);
        const gone = page.locator(`#ev-${id}`);
        assert.equal((await gone.locator('span').textContent()).trim(), `Feed at ${s.feed.start.hm} deleted.`);
        const r = await rect(gone);
        assert.ok(r.top >= 0 && r.bottom <= 844, 'the notice is where the page stands');
        await axe(page, 'the journal after a delete');
        await plainWords(page, 'the journal after a delete');
        assert.equal((await events(page, s.baby, 'feeding')).filter((e) => e.id === id).length, 0);
        // A reload deletes nothing more (and posts nothing).
        await page.reload();
        assert.equal((await gone.locator('span').textContent()).trim(), `Feed at ${s.feed.start.hm} deleted.`);
        await Promise.all([
          page.waitForURL((x) => x.searchParams.get('restored') === id),
          gone.getByRole('button', { name: 'Undo' }).click(),
        ]);
        assert.match(await page.locator(`#ev-${id}`).textContent(), new RegExp(`Feed at ${s.feed.start.hm} is back.`));
        assert.equal((await events(page, s.baby, 'feeding')).filter((e) => e.id === id).length, 1);
      });

      await step('the edit form has Cancel; saving comes back to the line and says so', async () => {
        const line = page.locator('li.ev.k-feeding').filter({ hasText: `until ${s.feed.end.hm}` });
        const id = (await line.getAttribute('id')).slice(3);
        await Promise.all([page.waitForURL((u) => u.pathname === `/events/${id}/edit`), line.getByRole('link', { name: /^Edit/ }).click()]);
        assert.match(await page.inputValue('#start'), /T\d\d:\d\d$/);
        await axe(page, 'the edit form');
        await plainWords(page, 'the edit form');
        await Promise.all([page.waitForURL((u) => u.pathname === '/journal'), page.getByRole('link', { name: 'Cancel' }).click()]);
        await page.goto(`${base}/events/${id}/edit`);
        await Promise.all([page.waitForURL((u) => u.searchParams.get('saved') === id), page.getByRole('button', { name: 'Save' }).click()]);
        assert.match(await page.locator(`#ev-${id}`).textContent(), new RegExp(`Feed saved — (\\w+ \\d+ \\w+, )?${s.feed.start.hm}–${s.feed.end.hm}`));
      });

      await step('the baby switcher: a chevron, the current baby marked, the verdict never covered', async () => {
        await themed('/babies/new');
        await page.fill('#name', 'Noé');
        await page.fill('#born', daysAgo(56));
        await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.getByRole('button', { name: 'Save' }).click()]);
        const summary = page.locator('details.switch summary');
        const chevron = await summary.evaluate((el) => {
          const a = getComputedStyle(el, '::after');
          return { content: a.content, width: a.width, border: a.borderRightStyle };
        });
        assert.notEqual(chevron.content, 'none', 'a chevron is drawn');
        assert.equal(chevron.border, 'solid');
        await summary.click();
        const current = page.locator('details.switch button[aria-current="true"]');
        assert.equal(await current.count(), 1, 'one baby is marked current');
        assert.equal((await current.textContent()).trim(), 'Noé');
        const list = await rect(page.locator('details.switch ul'));
        const verdict = await rect(page.locator('section.verdict'));
        assert.ok(!overlap(list, verdict), 'the open list does not cover the verdict');
        await axe(page, 'Today with the switcher open');
        await screenshot(page, `today-switcher-${theme}.png`);
      });

      await step('no page error or console error', async () => {
        assert.deepEqual(problems.filter((p) => !/favicon|Failed to load resource/.test(p)), []);
      });
    } finally {
      await context.close();
      await browser.close();
      await server.stop();
    }
  });
}

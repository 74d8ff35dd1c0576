// The library teaches: the routine page with every stroke's how, pressure and note, the cue
// guide (each cue at #cue-<id>, "Get help" with the household's urgent-care number) and the
// teaching pages, on a 390×844 phone in the light and the dark theme: axe clean, nothing
// wider than the screen, screenshots into the suite's artifacts.

import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { startServer } from './lib/server.mjs';
import { clearScreenshots, launch, phoneContext, screenshot, stepper } from './lib/browser.mjs';
import { csrfOf, setup } from './lib/soothe.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const THEMES = ['light', 'dark'];
const PLAY = '/massage/play?routine=full-body&state=quiet_alert&oil=none';

test('teach: the routine page and the cue guide on a phone, light and dark', { timeout: 300_000 }, async (t) => {
  const browser = await launch(t);
  if (!browser) return;
  clearScreenshots('teach-');
  const server = await startServer();
  const base = server.url;
  const context = await phoneContext(browser);
  const page = await context.newPage();
  const step = stepper(t, {
    onFail: (name) => screenshot(page, `teach-fail-${name.replace(/\W+/g, '-').slice(0, 60)}.png`, { fullPage: true }),
  });

  /** Opens `path` in `theme`, checks axe and the width, and saves a full-page screenshot. */
  async function visit(path, theme, shot) {
    await context.addCookies([{ name: 'soothe_theme', value: theme, url: base }]);
    await page.emulateMedia({ colorScheme: theme });
    const res = await page.goto(`${base}${path}`);
    assert.ok(res.ok(), `${path} answers ${res.status()}`);
    assert.equal(await page.evaluate(() => document.documentElement.className), theme);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= 390, `${path} (${theme}) is ${wide}px wide: nothing may scroll sideways`);
    await page.evaluate(AXE);
    const { violations } = await page.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
      TAGS,
    );
    assert.equal(violations.length, 0, `axe on ${path} (${theme}):\n${violations.map((v) => `- ${v.id}: ${v.help} (${v.nodes[0]?.html})`).join('\n')}`);
    await screenshot(page, `teach-${shot}-${theme}.png`, { fullPage: true });
  }

  try {
    await step('set up, with an urgent-care number', async () => {
      await setup(page, base);
      const csrf = await csrfOf(page);
      const status = await page.evaluate(async (token) => {
        const settings = await (await fetch('/api/v1/household/settings')).json();
        const put = await fetch('/api/v1/household/settings', {
          method: 'PUT',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': token },
          body: JSON.stringify({ ...settings, urgent_care: '+33 15' }),
        });
        return put.status;
      }, csrf);
      assert.equal(status, 200);
    });

    for (const theme of THEMES) {
      await step(`the routine page shows every stroke's how-to (${theme})`, async () => {
        await visit('/routines/full-body', theme, 'routine-full-body');
        const steps = page.locator('ol.steps > li');
        const hows = page.locator('ol.steps .how');
        // Asking permission and the closing have no stroke; every other step has its how-to.
        assert.equal(await hows.count(), (await steps.count()) - 2);
        const first = hows.first();
        await first.scrollIntoViewIfNeeded();
        assert.ok(await first.isVisible());
        const text = await first.innerText();
        assert.match(text, /How:/);
        assert.match(text, /Pressure:/);
        // Readable: the how-to is body text, not small print.
        const size = await first.locator('p').first().evaluate((p) => parseFloat(getComputedStyle(p).fontSize));
        assert.ok(size >= 16, `the how-to is ${size}px`);
        assert.ok((await page.locator('ol.steps .note').count()) > 0, 'some strokes carry a note');
      });

      await step(`the cue guide, grouped, with the urgent-care number (${theme})`, async () => {
        await visit('/library/cues', theme, 'cues');
        const titles = await page.locator('section.cue-group h2').allInnerTexts();
        assert.deepEqual(titles, ["I'm enjoying this", 'I need a little break', 'Stop now', 'Get help']);
        assert.equal(await page.locator('#cues-help a[href="tel:+3315"]').count(), 1);
        assert.ok((await page.locator('[id^="cue-"]').count()) >= 10);
      });

      await step(`a cue's own link in the player opens that cue in the guide, pausing nothing before Start (${theme})`, async () => {
        await context.addCookies([{ name: 'soothe_theme', value: theme, url: base }]);
        await page.emulateMedia({ colorScheme: theme });
        await page.goto(`${base}${PLAY}`);
        await page.waitForFunction(() => window.sootheDebug && window.sootheDebug.engine);
        // Every cue button has its "?" right beside it, and the player still fits the phone.
        const cues = await page.$$eval('button[data-cue]', (bs) => bs.map((b) => b.dataset.cue));
        for (const id of cues) {
          const href = await page.getAttribute(`button[data-cue="${id}"] + a.cue-help`, 'href');
          assert.equal(href, `/library/cues#cue-${id}`, id);
        }
        const wide = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(wide <= 390, `the player (${theme}) is ${wide}px wide`);
        const button = await page.locator('button[data-cue="looks_away"]').boundingBox();
        const help = page.locator('a[data-cue-help="looks_away"]');
        const box = await help.boundingBox();
        assert.ok(box.width >= 24 && box.height >= 24, `the "?" is big enough to tap: ${JSON.stringify(box)}`);
        assert.ok(Math.abs(box.y - button.y) < 2 && box.x >= button.x + button.width, 'beside its button, on its row');
        await page.evaluate(AXE);
        const { violations } = await page.evaluate(
          (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
          TAGS,
        );
        assert.equal(violations.length, 0, `axe on the player (${theme}):\n${violations.map((v) => `- ${v.id}: ${v.help} (${v.nodes[0]?.html})`).join('\n')}`);
        await screenshot(page, `teach-player-cue-links-${theme}.png`, { fullPage: true });
        // The link opens the cue's own entry in a new tab, on screen; the session stays
        // where it was (not started, nothing sent to the engine).
        const [guide] = await Promise.all([context.waitForEvent('page'), help.click()]);
        await guide.waitForLoadState();
        assert.equal(new URL(guide.url()).pathname, '/library/cues');
        assert.equal(new URL(guide.url()).hash, '#cue-looks_away');
        const card = guide.locator('#cue-looks_away');
        await card.waitFor();
        const at = await card.boundingBox();
        assert.ok(at && at.y > -2 && at.y < 844 - 80, `the card is on screen (y=${at?.y})`);
        assert.match(await card.innerText(), /What to do:/);
        await screenshot(guide, `teach-cue-anchor-${theme}.png`);
        await guide.close();
        assert.equal(await page.evaluate(() => window.sootheDebug.engine.view().status), 'not_started');
        assert.deepEqual(await page.evaluate(() => window.sootheDebug.events), []);
      });

      await step(`during a massage, a cue's link pauses it as the How sheet does, and Resume carries on (${theme})`, async () => {
        await page.click('#btn-start');
        await page.waitForFunction(() => window.sootheDebug.engine.view().status === 'running');
        const [guide] = await Promise.all([
          context.waitForEvent('page'),
          page.locator('a[data-cue-help="cries"]').click(),
        ]);
        await guide.waitForLoadState();
        assert.equal(new URL(guide.url()).hash, '#cue-cries');
        await guide.close();
        assert.equal(await page.evaluate(() => window.sootheDebug.engine.view().status), 'paused');
        const sent = await page.evaluate(() => window.sootheDebug.events.map((e) => e.event));
        assert.deepEqual(sent, ['start', 'pause'], 'the link sends no cue, only a pause');
        assert.match(await page.textContent('#notice'), /Paused while you read the cue guide/);
        await page.click('#btn-pause');
        await page.waitForFunction(() => window.sootheDebug.engine.view().status === 'running');
        await page.click('#btn-stop');
      });

      await step(`before your first massage and finding an instructor (${theme})`, async () => {
        await visit('/library/first-massage', theme, 'first-massage');
        await visit('/library/instructors', theme, 'instructors');
      });
    }

    await step('the library index leads to the cue guide', async () => {
      await page.goto(`${base}/routines`);
      await page.locator('main a[href="/library/cues"]').click();
      await page.waitForURL(`${base}/library/cues`);
      assert.equal(await page.locator('nav.tabs a[aria-current="page"]').getAttribute('href'), '/routines');
    });
  } finally {
    await context.close().catch(() => {});
    await browser.close().catch(() => {});
    await server.stop();
  }
});

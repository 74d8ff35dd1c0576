// The player's "How?" sheet and practice mode (issue 13, §1 and §3), on a phone (390×844):
// the sheet shows the current step's how, pressure and note and stops the session clock while
// it is open (the ring stops), then the session carries on (unless the parent had paused it);
// practice mode walks a routine at the parent's pace (Next and Back over every step, no
// countdown), records the run at the end, and the routines list then says "practised". Axe
// runs on the player with the sheet open and on practice mode, in light and dark.

import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { startServer } from './lib/server.mjs';
import { clearScreenshots, launch, phoneContext, screenshot, stepper, until, watchPage } from './lib/browser.mjs';
import { apiGet, events, babies, setup } from './lib/soothe.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const PLAY = '/massage/play?routine=full-body&state=quiet_alert&oil=none';

async function axe(page, what) {
  await page.evaluate(AXE);
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    TAGS,
  );
  const explain = result.violations.map((v) => `${v.id}: ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n    ')}`);
  assert.equal(result.violations.length, 0, `axe on ${what}:\n${explain.join('\n')}`);
}

async function theme(page, base, name) {
  await page.context().addCookies([{ name: 'soothe_theme', value: name, url: base }]);
  await page.emulateMedia({ colorScheme: name });
}

test('the How sheet pauses the clock; practice mode walks every step and is noted', { timeout: 300_000 }, async (t) => {
  const browser = await launch(t);
  if (!browser) return;
  clearScreenshots('fail-practice-');
  const server = await startServer();
  const base = server.url;
  const context = await phoneContext(browser);
  let page = await context.newPage();
  const problems = watchPage(page);
  const step = stepper(t, {
    onFail: (name) => screenshot(page, `fail-practice-${name.replace(/\W+/g, '-').slice(0, 60)}.png`, { fullPage: true }),
  });
  const state = {};
  const view = () => page.evaluate(() => window.sootheDebug.engine.view());
  const ring = async () => (await page.textContent('#ring-label')).trim();

  /** A fresh player on a fake clock (an hour ago, so nothing ends in the future). */
  async function player() {
    await page.close();
    page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await page.clock.install({ time: Date.now() - 3_600_000 });
    await page.goto(`${base}${PLAY}`);
    await page.waitForFunction(() => window.sootheDebug && window.sootheDebug.engine);
    return page.evaluate(() => JSON.parse(document.getElementById('session-data').textContent));
  }

  try {
    await step('setup', async () => {
      await setup(page, base);
      state.babyId = (await babies(page))[0].id;
    });

    await step('every plan step carries how, pressure and note; the old fields stay', async () => {
      const data = await player();
      state.data = data;
      const steps = data.plan.steps;
      for (const s of steps) {
        for (const k of ['id', 'kind', 'stroke', 'name', 'position', 'seconds', 'say', 'how', 'pressure', 'note']) {
          assert.ok(k in s, `${s.id} has ${k}`);
        }
        if (s.kind === 'stroke') assert.ok(s.how && s.pressure, `${s.id} (${s.stroke}) has its how-to`);
        else assert.equal(s.how, null, `${s.id} is not a stroke`);
      }
    });

    await step('before Start the sheet opens and closes with Esc; nothing starts', async () => {
      await page.click('#btn-how');
      assert.equal(await page.isVisible('#how-sheet'), true);
      assert.equal(await page.isHidden('#how-paused'), true, 'nothing to pause before Start');
      // The permission ritual has no stroke: its words are what the sheet shows.
      assert.equal((await page.textContent('#how-say')).trim(), state.data.plan.steps[0].say);
      assert.equal(await page.isHidden('#how-how-box'), true);
      const focused = await page.evaluate(() => document.activeElement && document.activeElement.closest('dialog') && document.activeElement.closest('dialog').id);
      assert.equal(focused, 'how-sheet', 'focus moves into the sheet');
      await page.keyboard.press('Escape');
      assert.equal(await page.isVisible('#how-sheet'), false);
      assert.equal((await view()).status, 'not_started');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'btn-how', 'focus returns to the button');
    });

    await step('open during a stroke: the ring stops while the sheet is open, and goes on when it closes', async () => {
      await page.click('#btn-start');
      await page.waitForFunction(() => window.sootheDebug.engine.view().status === 'running');
      await page.click('#btn-next');
      const v = await view();
      const s = state.data.plan.steps.find((x) => x.id === v.step);
      assert.equal(s.kind, 'stroke');
      await page.clock.runFor(3_000);
      await page.click('#btn-how');
      assert.equal((await view()).status, 'paused', 'opening the sheet pauses the session');
      assert.equal(await page.isVisible('#how-paused'), true);
      assert.equal((await page.textContent('#how-how')).trim(), s.how);
      assert.equal((await page.textContent('#how-pressure')).trim(), s.pressure);
      assert.equal(await page.isVisible('#how-note-box'), !!s.note);
      assert.match(await page.textContent('#how-title'), new RegExp(s.name));
      const before = await ring();
      await page.clock.runFor(20_000);
      assert.equal(await ring(), before, 'the ring does not move while the sheet is open');
      assert.equal((await view()).step, s.id);
      await screenshot(page, 'practice-how-sheet.png');
      for (const name of ['light', 'dark']) {
        await page.emulateMedia({ colorScheme: name });
        await page.evaluate((n) => { document.documentElement.className = n; }, name);
        await axe(page, `the How sheet (${name})`);
      }
      await page.click('#btn-close-how');
      // The dialog's `close` event is a task of its own, after the click has returned.
      await until(async () => (await view()).status === 'running', { timeoutMs: 3000, intervalMs: 20, message: 'closing the sheet carries on' });
      await page.clock.runFor(5_000);
      assert.ok(Number(await ring()) < Number(before), `the ring moves again (${before} → ${await ring()})`);
      // The engine was told: its record will count the pause as paused, not active, time.
      const sent = await page.evaluate(() => window.sootheDebug.events.map((e) => [e.event, e.t]));
      const pause = sent.findLast((e) => e[0] === 'pause');
      const resume = sent.findLast((e) => e[0] === 'resume');
      assert.ok(pause && resume && resume[1] - pause[1] >= 20, JSON.stringify(sent));
    });

    await step('a session the parent paused stays paused after the sheet', async () => {
      await page.click('#btn-pause');
      assert.equal((await view()).status, 'paused');
      await page.click('#btn-how');
      assert.equal(await page.isHidden('#how-paused'), true);
      await page.keyboard.press('Escape');
      assert.equal((await view()).status, 'paused', 'the parent resumes it themselves');
      await page.click('#btn-pause');
      assert.equal((await view()).status, 'running');
    });

    await step('the cue buttons link to the cue guide in a new tab', async () => {
      const href = await page.getAttribute('.live-controls .cue-guide a', 'href');
      assert.equal(href, '/library/cues');
      assert.equal(await page.getAttribute('.live-controls .cue-guide a', 'target'), '_blank');
    });

    await step('the routines list offers practice; practice mode needs no check', async () => {
      await page.goto(`${base}/routines`);
      const link = page.locator('a[href="/massage/practice?routine=full-body"]');
      assert.equal(await link.count(), 1);
      assert.equal(await page.locator('.practised').count(), 0, 'nothing practised yet');
      await Promise.all([page.waitForURL((u) => u.pathname === '/massage/practice'), link.click()]);
      await page.waitForFunction(() => window.sootheDebug && window.sootheDebug.practice);
      assert.equal(await page.locator('#ring').count(), 0, 'no countdown');
      assert.match(await page.textContent('#practice-intro'), /doll or a rolled towel/);
    });

    for (const name of ['light', 'dark']) {
      await step(`practice mode passes axe (${name})`, async () => {
        await theme(page, base, name);
        await page.reload();
        await page.waitForFunction(() => window.sootheDebug && window.sootheDebug.practice);
        await axe(page, `practice mode (${name})`);
      }, { independent: true });
    }

    await step('Next and Back across every step, the how-to large, no countdown', async () => {
      await theme(page, base, 'light');
      await page.reload();
      await page.waitForFunction(() => window.sootheDebug && window.sootheDebug.practice);
      const steps = await page.evaluate(() => window.sootheDebug.practice.steps);
      assert.ok(steps.length > 10, `${steps.length} steps`);
      assert.equal(await page.isDisabled('#btn-back'), true, 'no Back on the first step');
      const seen = async (i) => {
        const s = steps[i];
        assert.equal(await page.evaluate(() => window.sootheDebug.practice.index()), i);
        assert.equal((await page.textContent('#step-name')).trim(), s.name);
        assert.equal((await page.textContent('#step-count')).trim(), `Step ${i + 1} of ${steps.length}`);
        assert.equal((await page.textContent('#how-say')).trim(), s.say);
        if (s.how) {
          assert.equal(await page.isVisible('#how-how'), true);
          assert.equal((await page.textContent('#how-how')).trim(), s.how);
          assert.equal((await page.textContent('#how-pressure')).trim(), s.pressure);
        } else {
          assert.equal(await page.isHidden('#how-how-box'), true);
        }
        assert.equal(await page.isVisible('#how-note-box'), !!s.note, `${s.id} note`);
      };
      await seen(0);
      for (let i = 1; i < steps.length; i++) {
        await page.click('#btn-next');
        await seen(i);
        if (i === 3) await screenshot(page, 'practice-step.png', { fullPage: true });
      }
      assert.equal((await page.textContent('#btn-next')).trim(), 'Finish');
      for (let i = steps.length - 2; i >= 0; i--) {
        await page.click('#btn-back');
        await seen(i);
      }
      assert.equal(await page.isDisabled('#btn-back'), true);
      for (let i = 1; i < steps.length; i++) await page.click('#btn-next');
      await page.clock.runFor(60_000).catch(() => {});
      await seen(steps.length - 1);
    });

    await step('Finish records the practice run; it is not a massage', async () => {
      await page.click('#btn-next');
      await page.locator('#practice-done').waitFor({ state: 'visible' });
      assert.equal(await page.evaluate(() => document.activeElement.id), 'done-title');
      await page.waitForFunction(() => document.getElementById('practice-status').textContent.trim() !== '');
      assert.equal((await page.textContent('#practice-status')).trim(), 'Noted in your routines list.');
      const r = await apiGet(page, '/api/v1/practice');
      assert.equal(r.status, 200);
      assert.equal(r.body.routines.length, 1, JSON.stringify(r.body));
      assert.equal(r.body.routines[0].routine, 'full-body');
      assert.equal(r.body.routines[0].runs, 1);
      assert.equal((await events(page, state.babyId, 'massage')).length, 0, 'no massage in the journal');
      await axe(page, 'practice done');
    });

    await step('the routines list shows "practised" for that routine only', async () => {
      await page.goto(`${base}/routines`);
      const card = page.locator('li.card', { has: page.locator('a[href="/routines/full-body"]') });
      assert.match(await card.locator('.practised').textContent(), /^Practised once, last /);
      assert.equal(await page.locator('.practised').count(), 1);
      await screenshot(page, 'practice-routines.png', { fullPage: true });
      for (const name of ['light', 'dark']) {
        await theme(page, base, name);
        await page.reload();
        await axe(page, `the routines list (${name})`);
      }
    });

    await step('no page errors', async () => {
      assert.deepEqual(problems, []);
    }, { independent: true });
  } finally {
    await context.close().catch(() => {});
    await browser.close().catch(() => {});
    await server.stop();
  }
});

// The player shows what the engine decided (issue 10, §1 and §6), on a phone (390×844), for
// the default baby of about ten weeks, whose full-body plan is cut to 10 minutes: before
// Start the ring and the cut; the cue buttons grouped as on the cue guide; a subtle cue
// taking over the screen with "Rest your hands" and its own countdown, then the same step;
// the end as one clean panel with rating words; an alarm cue's urgent advice at once, with
// its warning sign noted in the journal in one tap and the cue kept in the record.

import test from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { clearScreenshots, launch, phoneContext, screenshot, stepper, until, watchPage } from './lib/browser.mjs';
import { babies, events, setup } from './lib/soothe.mjs';

const PLAY = '/massage/play?routine=full-body&state=quiet_alert&oil=none';

/** Whether the get-help group is wholly inside the viewport. */
function onScreen(page) {
  return page.$eval('#get-help', (g) => {
    const r = g.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0;
  });
}

test('player: the parent sees and hears what the engine decided', { timeout: 240_000 }, async (t) => {
  const browser = await launch(t);
  if (!browser) return;
  clearScreenshots('fail-player-');
  const server = await startServer();
  const base = server.url;
  const context = await phoneContext(browser);
  const page = await context.newPage();
  // What the player says, in order: a stand-in for the speech engine that only listens.
  await page.addInitScript(() => {
    window.__spoken = [];
    const synth = {
      speak(u) { window.__spoken.push(u.text); },
      // What was queued and not yet said is dropped (nothing is said in a test).
      cancel() { window.__spoken.length = 0; },
      pause() {},
      resume() {},
      getVoices() { return []; },
      addEventListener() {},
      speaking: false,
      pending: false,
    };
    Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
    window.SpeechSynthesisUtterance = function SpeechSynthesisUtterance(text) { this.text = text; };
  });
  const problems = watchPage(page);
  const step = stepper(t, {
    onFail: (name) => screenshot(page, `fail-player-${name.replace(/\W+/g, '-').slice(0, 60)}.png`, { fullPage: true }),
  });
  const state = {};

  async function open() {
    await page.goto(`${base}${PLAY}`);
    await page.waitForFunction(() => window.sootheDebug && window.sootheDebug.engine);
    return page.evaluate(() => JSON.parse(document.getElementById('session-data').textContent));
  }

  async function start() {
    await page.click('#btn-start');
    await page.waitForFunction(() => window.sootheDebug.engine.view().status === 'running');
  }

  try {
    await step('setup', async () => {
      await setup(page, base);
      state.babyId = (await babies(page))[0].id;
    });

    await step('before Start the ring shows the first step\'s seconds, and the cut to the age limit is said', async () => {
      const data = await open();
      state.data = data;
      const first = data.plan.steps[0];
      assert.equal((await page.textContent('#ring-label')).trim(), String(first.seconds));
      const offset = await page.evaluate(() => parseFloat(document.getElementById('ring').style.strokeDashoffset));
      assert.equal(offset, 0, 'the ring is full before Start');
      // The plan left the back out to fit 10 minutes (planned_skips with reason `time`).
      const cut = data.plan.planned_skips.filter((s) => s.reason === 'time');
      assert.ok(cut.length > 0 && cut.some((s) => s.area === 'back'), JSON.stringify(cut));
      assert.equal(data.plan.max_minutes, 10);
      assert.equal(await page.isVisible('#fit-note'), true, 'the cut is shown');
      // The same words as the routine picker: the plan's own time note.
      assert.equal((await page.textContent('#fit-note')).trim(), data.plan.time_note);
      assert.match(data.plan.time_note, /^10 minutes today: .*the back (is|are) left out/);
      await screenshot(page, 'player-start.png', { fullPage: true });
    });

    await step('the cue buttons are grouped as on the cue guide, the alarm group always shown and distinct', async () => {
      const groups = await page.$$eval('#player [role="group"] > .cg-title', (hs) => hs
        .filter((h) => !h.closest('dialog')).map((h) => h.textContent.trim()));
      assert.deepEqual(groups, ['A little break', 'Stop now', 'Get help']);
      const cues = state.data.cues;
      const alarms = cues.filter((c) => c.kind === 'alarm').map((c) => c.id).sort();
      assert.deepEqual(alarms, ['breathing_change', 'chokes', 'colour_change', 'goes_floppy', 'vomits']);
      const inHelp = await page.$$eval('.cg-help button[data-cue]', (bs) => bs.map((b) => b.dataset.cue).sort());
      assert.deepEqual(inHelp, alarms, 'every alarm cue is in the get-help group');
      for (const id of alarms) {
        assert.equal(await page.isVisible(`.cg-help button[data-cue="${id}"]`), true, `${id} is on the page, not in a dialog`);
        assert.equal(await page.locator(`#more-cues button[data-cue="${id}"]`).count(), 0);
      }
      // Every catalog cue has exactly one button, in the group its class calls for.
      const group = (c) => (c.kind === 'alarm' ? 'help' : c.kind === 'engagement' ? 'well'
        : c.kind === 'asleep' || c.strength === 'potent' ? 'stop' : 'break');
      for (const c of cues) {
        assert.equal(await page.locator(`button[data-cue="${c.id}"]`).count(), 1, c.id);
        assert.equal(await page.locator(`.cg-${group(c)} button[data-cue="${c.id}"]`).count(), 1, `${c.id} in ${group(c)}`);
      }
      const look = (sel) => page.$eval(sel, (e) => {
        const s = getComputedStyle(e);
        return `${s.borderTopColor} ${s.borderTopWidth} ${s.backgroundColor}`;
      });
      assert.notEqual(await look('.cg-help'), await look('.cg-break'), 'the get-help group looks different');
      // Before Start nothing covers the Start button (the get-help group is pinned only once
      // the session runs): the button itself is what a tap on its middle reaches.
      await page.$eval('#btn-start', (b) => b.scrollIntoView({ block: 'end' }));
      const startOnTop = await page.$eval('#btn-start', (b) => {
        const r = b.getBoundingClientRect();
        return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === b;
      });
      assert.equal(startOnTop, true, 'the Start button is not covered');
      await page.evaluate(() => window.scrollTo(0, 0));
      const alarmButton = await page.$eval('.cg-help button[data-cue="chokes"]', (b) => getComputedStyle(b).color);
      const breakButton = await page.$eval('.cg-break button[data-cue="looks_away"]', (b) => getComputedStyle(b).color);
      assert.notEqual(alarmButton, breakButton, 'alarm buttons are coloured apart');
    });

    await step('a subtle cue takes over the screen: "Rest your hands", largest, with its own countdown; then the same step', async () => {
      await page.evaluate(() => { window.__spoken = []; });
      await start();
      assert.equal(await page.isHidden('#fit-note'), true, 'the cut note goes once the massage runs');
      // The player says the cut too, before the preparation reminder and the first step.
      const spoken = await page.evaluate(() => window.__spoken);
      const data = state.data;
      assert.equal(spoken[0], data.plan.time_note, JSON.stringify(spoken));
      assert.equal(spoken[1], data.phrases.prepare, JSON.stringify(spoken));
      assert.equal(spoken[2], data.plan.steps[0].say, JSON.stringify(spoken));
      // Always on screen once the session runs: pinned to the bottom of the phone's screen,
      // wherever the page is.
      for (const y of [0, 400]) {
        await page.evaluate((to) => window.scrollTo(0, to), y);
        assert.equal(await onScreen(page), true, `the get-help group is on screen at scroll ${y}`);
      }
      await page.evaluate(() => window.scrollTo(0, 0));
      const before = await page.evaluate(() => window.sootheDebug.engine.view());
      const name = (await page.textContent('#step-name')).trim();
      await page.click('.cg-break button[data-cue="looks_away"]');
      assert.equal(await page.evaluate(() => window.sootheDebug.engine.view().status), 'cue_pause');
      assert.equal(await page.isVisible('#rest'), true, 'the rest panel shows');
      assert.equal(await page.isHidden('#step-view'), true, 'the step steps aside');
      assert.equal((await page.textContent('#rest-title')).trim(), 'Rest your hands');
      const inView = await page.$eval('#rest-title', (e) => {
        const r = e.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight;
      });
      assert.equal(inView, true, '"Rest your hands" is on screen, even after tapping a cue lower down');
      const sizes = await page.evaluate(() => {
        const visible = (e) => {
          const r = e.getBoundingClientRect();
          const s = getComputedStyle(e);
          return r.width > 1 && r.height > 1 && s.visibility !== 'hidden' && !e.closest('[hidden], .sr, dialog:not([open])');
        };
        const ownText = (e) => Array.from(e.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
        const title = document.getElementById('rest-title');
        let other = { size: 0, height: 0, text: '' };
        for (const e of document.querySelectorAll('body *')) {
          if (e === title || !ownText(e) || !visible(e)) continue;
          const size = parseFloat(getComputedStyle(e).fontSize);
          if (size > other.size) other = { size, height: e.getBoundingClientRect().height, text: e.textContent.trim().slice(0, 40) };
        }
        return {
          title: parseFloat(getComputedStyle(title).fontSize),
          titleHeight: title.getBoundingClientRect().height,
          other,
        };
      });
      assert.ok(sizes.title > sizes.other.size,
        `"Rest your hands" (${sizes.title}px) is larger than anything else (${sizes.other.size}px: "${sizes.other.text}")`);
      assert.ok(sizes.titleHeight >= sizes.other.height, 'and takes at least as much height');
      await screenshot(page, 'player-rest.png');
      const count = async () => parseInt((await page.textContent('#rest-count')).trim(), 10);
      const first = await count();
      assert.ok(first <= 15 && first >= 13, `the countdown starts at 15 (${first})`);
      await until(async () => (await count()) <= first - 2, { message: 'the rest countdown to run' });
      // After 15 s the same step resumes, with the time it had.
      await page.waitForFunction(() => window.sootheDebug.engine.view().status === 'running', null, { timeout: 20_000 });
      const after = await page.evaluate(() => window.sootheDebug.engine.view());
      assert.equal(after.step, before.step, 'the same step');
      await until(async () => page.isVisible('#step-view'), { message: 'the step to come back' });
      assert.equal(await page.isHidden('#rest'), true);
      assert.equal((await page.textContent('#step-name')).trim(), name);
    });

    await step('the end after crying: the comfort words alone, then one clean panel with rating words', async () => {
      await page.click('.cg-stop button[data-cue="cries"]');
      const data = state.data;
      await page.locator('#end-panel').waitFor({ state: 'visible' });
      assert.equal((await page.textContent('#end-title')).trim(), 'Comfort your baby');
      assert.equal((await page.textContent('#end-words')).trim(), data.plan.comfort.trim());
      assert.equal(await page.isHidden('#finish'), true, 'nothing else until the parent is ready');
      const visibleButtons = () => page.$$eval('#player button', (bs) => bs
        .filter((b) => b.getClientRects().length > 0 && !b.closest('[hidden]'))
        .map((b) => ({ id: b.id || b.dataset.cue || b.textContent.trim(), disabled: b.disabled, inPanel: !!b.closest('#end-panel') })));
      assert.deepEqual(await visibleButtons(), [{ id: 'btn-ready', disabled: false, inPanel: true }]);
      assert.equal(await page.isHidden('#step-view'), true);
      assert.equal(await page.isHidden('#live-controls'), true);
      assert.equal(await page.isHidden('#get-help'), true, 'no dead alarm buttons at the end');

      await page.click('#btn-ready');
      await page.locator('#finish').waitFor({ state: 'visible' });
      const buttons = await visibleButtons();
      assert.ok(buttons.every((b) => b.inPanel && !b.disabled), `no dead buttons: ${JSON.stringify(buttons)}`);
      const label = (v) => page.textContent(`#finish label:has(input[name="rating"][value="${v}"])`);
      assert.match(await label(1), /did not enjoy it/);
      assert.match(await label(5), /loved it/);
      for (const v of [2, 3, 4]) assert.match(await label(v), /\w{3,}/, `rating ${v} has words`);
      assert.match(await page.textContent('#finish-summary'), /steps done in full/);
      const cues = await page.$$eval('#finish-cues li', (lis) => lis.map((l) => l.textContent));
      assert.equal(cues.length, 2);
      assert.match(cues[0], /^Looks away at \d+:\d\d: rested hands$/);
      assert.match(cues[1], /^Cries at \d+:\d\d: ended the massage$/);
      await screenshot(page, 'player-end.png', { fullPage: true });
    });

    await step('a subtle cue in an area that had one, 180 s later, leaves that part out and says so', async () => {
      // A page with a fake clock, so that minutes pass at once. (Before the alarm step: its
      // warning sign holds the next massage back.)
      const p2 = await context.newPage();
      const problems2 = watchPage(p2);
      try {
        await p2.clock.install();
        await p2.goto(`${base}${PLAY}`, { waitUntil: 'load' });
        assert.equal(await p2.evaluate(() => typeof window.sootheDebug.engine), 'object');
        const plan = await p2.evaluate(() => JSON.parse(document.getElementById('session-data').textContent).plan);
        await p2.click('#btn-start');
        await p2.clock.runFor((plan.steps[0].seconds + 2) * 1000);
        const v = await p2.evaluate(() => window.sootheDebug.engine.view());
        assert.equal(v.step, plan.steps[1].id);
        const area = plan.steps[1].area;
        await p2.click('.cg-break button[data-cue="looks_away"]');
        assert.equal(await p2.isVisible('#rest'), true);
        await p2.click('#btn-pause');
        await p2.clock.runFor(200_000);
        await p2.click('#btn-pause');
        await p2.click('.cg-break button[data-cue="yawns"]');
        const log = await p2.evaluate(() => window.sootheDebug.engine.cueLog());
        assert.deepEqual(log.map((c) => c.response), ['paused', 'skipped_area']);
        assert.ok(log[1].t - log[0].t >= 180, JSON.stringify(log));
        assert.equal(await p2.isVisible('#notice'), true, 'the notice shows');
        const words = area.replace(/_/g, ' ').replace('abdomen', 'tummy');
        assert.equal((await p2.textContent('#notice')).trim(),
          `The ${words} is left out for today: your baby showed "yawns" after an earlier sign there.`);
        assert.equal(await p2.isVisible('#step-view'), true, 'the next part goes on');
        assert.notEqual(await p2.evaluate(() => window.sootheDebug.engine.view().step), plan.steps[1].id);
        assert.deepEqual(problems2, []);
      } finally {
        await p2.close();
      }
    }, { independent: true });

    await step('an alarm cue: the urgent advice at once, in large type; the warning sign noted in one tap; the record keeps the cue', async () => {
      const data = await open();
      await start();
      const chokes = data.cues.find((c) => c.id === 'chokes');
      assert.equal(chokes.warning_sign, 'choking');
      await page.click('.cg-help button[data-cue="chokes"]');
      await page.locator('#end-panel').waitFor({ state: 'visible' });
      assert.equal((await page.textContent('#end-title')).trim(), 'Get help now: Chokes');
      assert.equal((await page.textContent('#end-words')).trim(), chokes.respond);
      assert.match(chokes.respond, /call your local emergency number/);
      const big = await page.evaluate(() => ({
        words: parseFloat(getComputedStyle(document.getElementById('end-words')).fontSize),
        body: parseFloat(getComputedStyle(document.body).fontSize),
      }));
      assert.ok(big.words >= 1.4 * big.body, `large type: ${big.words}px against ${big.body}px`);
      assert.equal(await page.isHidden('#finish'), true, 'the advice stands alone');
      const rec = await page.evaluate(() => window.sootheDebug.engine.record());
      assert.equal(rec.ended_reason, 'alarm');
      assert.equal(rec.comfort, false);
      assert.deepEqual(rec.cues.map((c) => [c.cue, c.response]), [['chokes', 'ended']]);

      const offer = page.locator('#btn-log-sign');
      assert.equal(await offer.isVisible(), true, 'it offers to note the warning sign');
      assert.match(await offer.textContent(), /choking/);
      await offer.click();
      await until(async () => /Noted in the journal/.test(await page.textContent('#sign-status')), { message: 'the sign to be noted' });
      assert.equal(await offer.isHidden(), true);
      const signs = await events(page, state.babyId, 'warning_sign');
      assert.equal(signs.length, 1, JSON.stringify(signs));
      assert.equal(signs[0].sign, 'choking');

      await screenshot(page, 'player-alarm.png', { fullPage: true });
      await page.click('#btn-ready');
      await page.getByRole('button', { name: 'Save to the journal' }).click();
      await until(async () => (await page.textContent('#finish-status')).trim() === 'Saved', { message: 'the session to be saved' });
      const massages = await events(page, state.babyId, 'massage');
      assert.equal(massages.length, 1);
      assert.equal(massages[0].ended, 'alarm');
      assert.deepEqual(massages[0].cues.map((c) => [c.cue, c.response]), [['chokes', 'ended']]);
      // The journal page shows the sign in plain words.
      await page.goto(`${base}/journal`);
      assert.match((await page.locator('main').textContent()).replace(/\s+/g, ' '), /choking/);
    });

    await step('no errors in the page', async () => {
      assert.deepEqual(problems, []);
    }, { independent: true });
  } finally {
    await context.close().catch(() => {});
    await browser.close().catch(() => {});
    await server.stop();
  }
});

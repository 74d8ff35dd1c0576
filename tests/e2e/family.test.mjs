// A family's day on a phone (390×844): first-run setup, a second baby, a feed logged and
// edited, Today's verdict, the readiness check, a guided massage that follows the baby's
// cues, the record in the journal, and Today's quick-log buttons.

import test from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import {
  clearScreenshots, daysAgo, inZone, launch, phoneContext, screenshot, stepper, toMinute, until, watchPage,
} from './lib/browser.mjs';
import { babies, events, setup, tile } from './lib/soothe.mjs';

const MIN = 60_000;

test('family: a day with soothe on a phone', { timeout: 300_000 }, async (t) => {
  const browser = await launch(t);
  if (!browser) return;
  clearScreenshots('fail-family-');
  const server = await startServer();
  const base = server.url;
  const context = await phoneContext(browser);
  const page = await context.newPage();
  const problems = watchPage(page);
  const step = stepper(t, {
    onFail: (name) => screenshot(page, `fail-family-${name.replace(/\W+/g, '-').slice(0, 60)}.png`, { fullPage: true }),
  });
  const state = {};

  try {
    await step('first-run setup signs the owner in and shows Today', async () => {
      state.owner = await setup(page, base);
      assert.equal(new URL(page.url()).pathname, '/');
      await assertVisible(page.locator('section.verdict[data-verdict]'), 'the verdict');
      assert.equal((await page.locator('header .who').textContent()).trim(), state.owner.babyName);
      const list = await babies(page);
      assert.equal(list.length, 1);
      assert.equal(list[0].name, state.owner.babyName);
      assert.equal(list[0].born, state.owner.born);
      state.babyId = list[0].id;
    });

    await step('a second baby: an empty name is refused, with what was typed kept', async () => {
      await page.goto(`${base}/babies/new`);
      const born = daysAgo(56);
      // Only spaces: the browser accepts it (the field is filled), the server trims it.
      await page.fill('#name', '   ');
      await page.fill('#born', born);
      await page.locator('details.more > summary').click();
      await page.selectOption('#sex', 'male');
      await page.fill('#clinician_note', 'Check the hips at 3 months');
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.url() === `${base}/babies` && r.request().method() === 'POST'),
        page.getByRole('button', { name: 'Save' }).click(),
      ]);
      assert.equal(res.status(), 422, 'a refused form answers 422');
      await page.waitForLoadState();
      await assertVisible(page.locator('#name-err'), 'the name error');
      assert.match(await page.locator('#name-err').textContent(), /a baby needs a name/);
      assert.match(await page.locator('#form-errors').textContent(), /a baby needs a name/);
      assert.equal(await page.getAttribute('#name', 'aria-invalid'), 'true');
      assert.equal(await page.getAttribute('#name', 'aria-describedby'), 'name-err');
      assert.equal(await page.inputValue('#born'), born, 'the date of birth is kept');
      assert.equal(await page.inputValue('#sex'), 'male', 'the sex is kept');
      assert.equal(await page.inputValue('#clinician_note'), 'Check the hips at 3 months', 'the note is kept');

      await page.fill('#name', 'Noé');
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/'),
        page.getByRole('button', { name: 'Save' }).click(),
      ]);
      // The new baby is the one the pages show now; the switcher lists both.
      await assertVisible(page.locator('details.switch summary'), 'the baby switcher');
      assert.match(await page.locator('details.switch summary').textContent(), /Noé/);
      const list = await babies(page);
      assert.deepEqual(list.map((b) => b.name).sort(), ['Léa', 'Noé']);
      const noe = list.find((b) => b.name === 'Noé');
      assert.equal(noe.born, born);
      assert.equal(noe.sex, 'male');

      // Back to the first baby for the rest of the day.
      await page.locator('details.switch summary').click();
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/'),
        page.locator('details.switch').getByRole('button', { name: state.owner.babyName }).click(),
      ]);
      assert.match(await page.locator('details.switch summary').textContent(), new RegExp(state.owner.babyName));
    });

    await step('a feed that ended 20 minutes ago is logged from the journal form', async () => {
      const end = toMinute(Date.now() - 20 * MIN);
      const start = new Date(end.getTime() - 15 * MIN);
      state.feedEnd = end;
      state.feedStart = start;
      await page.goto(`${base}/journal/new?kind=feeding`);
      await page.fill('#start', inZone(start).local);
      await page.fill('#end', inZone(end).local);
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/journal'),
        page.getByRole('button', { name: 'Save' }).click(),
      ]);
      assert.equal(new URL(page.url()).searchParams.get('day'), inZone(start).date);
      const line = page.locator('li.ev.k-feeding');
      assert.equal(await line.count(), 1, 'one feed in the journal');
      assert.equal((await line.locator('time').textContent()).trim(), inZone(start).hm);
      assert.match(await line.textContent(), new RegExp(`until ${inZone(end).hm} \\(15 min\\)`));
      const stored = await events(page, state.babyId, 'feeding');
      assert.equal(stored.length, 1);
      assert.equal(new Date(stored[0].end).getTime(), end.getTime(), 'the end is stored as typed in Paris time');
      state.feedId = stored[0].id;
    });

    await step('Today says wait, until the feed end plus 45 minutes', async () => {
      await page.goto(`${base}/`);
      const verdict = page.locator('section.verdict');
      assert.equal(await verdict.getAttribute('data-verdict'), 'wait');
      const expected = inZone(state.feedEnd.getTime() + 45 * MIN).hm;
      assert.equal((await page.locator('p.until strong').textContent()).trim(), expected);
      assert.match(await page.locator('p.until').textContent(), new RegExp(`Until ${expected}`));
      // The countdown runs (filled by app.js).
      await until(async () => /left/.test(await page.locator('#countdown').textContent()), { message: 'the countdown' });
      await screenshot(page, 'today.png');
    });

    await step('the feed is edited in the journal so it ended an hour ago', async () => {
      // The journal files an event under the day it started.
      await page.goto(`${base}/journal?day=${inZone(state.feedStart).date}`);
      const line = page.locator(`#ev-${state.feedId}`);
      await Promise.all([
        page.waitForURL((u) => u.pathname === `/events/${state.feedId}/edit`),
        line.getByRole('link', { name: /^Edit/ }).click(),
      ]);
      // The form shows the stored times in the household's zone.
      assert.equal(await page.inputValue('#end'), inZone(state.feedEnd).local);
      const end = toMinute(Date.now() - 60 * MIN);
      const start = new Date(end.getTime() - 15 * MIN);
      await page.fill('#start', inZone(start).local);
      await page.fill('#end', inZone(end).local);
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/journal'),
        page.getByRole('button', { name: 'Save' }).click(),
      ]);
      const stored = await events(page, state.babyId, 'feeding');
      assert.equal(stored.length, 1, 'still one feed: edited, not added');
      assert.equal(stored[0].id, state.feedId);
      assert.equal(new Date(stored[0].end).getTime(), end.getTime());
      assert.match(await page.locator(`#ev-${state.feedId}`).textContent(), new RegExp(`until ${inZone(end).hm}`));
      await page.goto(`${base}/`);
      assert.notEqual(await page.locator('section.verdict').getAttribute('data-verdict'), 'wait',
        'an hour after a feed, Today no longer says wait');
      assert.equal(await page.locator('p.until').count(), 0);
      assert.match(await page.locator('main').textContent(), new RegExp(`Last feed ended at ${inZone(end).hm}`));
    });

    await step('the readiness check for full-body, quiet alert, no oil is ready', async () => {
      await page.goto(`${base}/massage`);
      await page.selectOption('#routine', 'full-body');
      await page.check('input[name="state"][value="quiet_alert"]');
      await page.selectOption('#oil', 'none');
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/massage' && u.searchParams.get('routine') === 'full-body'),
        page.getByRole('button', { name: 'Check' }).click(),
      ]);
      const answer = page.locator('section.verdict');
      assert.equal(await answer.getAttribute('data-verdict'), 'ready', await answer.textContent());
      assert.equal(await answer.getByRole('link', { name: 'Start the guided massage' }).isHidden(), true,
        'Start waits for the preparation check');
      await answer.getByRole('button', { name: 'Everything is ready' }).click();
      const go = answer.getByRole('link', { name: 'Start the guided massage' });
      const href = new URL(await go.getAttribute('href'), base);
      assert.equal(href.pathname, '/massage/play');
      assert.equal(href.searchParams.get('routine'), 'full-body');
      assert.equal(href.searchParams.get('state'), 'quiet_alert');
      assert.equal(href.searchParams.get('oil'), 'none');
      await Promise.all([page.waitForURL((u) => u.pathname === '/massage/play'), go.click()]);
      await page.waitForFunction(() => window.sootheDebug && window.sootheDebug.engine);
    });

    await step('the player pauses on a subtle cue and ends with comfort when the baby cries', async () => {
      assert.equal(await page.isDisabled('button[data-cue="looks_away"]'), true, 'cues wait for Start');
      assert.equal(await page.isHidden('#finish'), true, 'the finish form waits for the end');
      assert.equal(await page.isHidden('#journal-link'), true, 'the journal link waits for the save');
      await page.click('#btn-start');
      await page.waitForFunction(() => window.sootheDebug.engine.view().clock >= 2, null, { timeout: 10_000 });
      assert.equal(await engineStatus(page), 'running');
      assert.equal(await page.isHidden('#btn-start'), true);
      assert.notEqual((await page.textContent('#step-name')).trim(), 'Ready when you are');

      await page.click('button[data-cue="looks_away"]');
      assert.equal(await engineStatus(page), 'cue_pause');
      await until(async () => (await page.textContent('#phase')).trim() === 'Resting hands', { message: '#phase to say Resting hands' });
      assert.match(await page.textContent('#status-live'), /Looks away noted/);
      // Clicking scrolled the cue buttons into view; show the top of the player, as a parent
      // sees it after Start.
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, 'player.png');

      await page.click('button[data-cue="cries"]');
      await assertVisible(page.locator('#end-words'), 'the comfort words');
      assert.equal(await page.isHidden('#finish'), true, 'the form waits until the parent is ready');
      const rec = await page.evaluate(() => window.sootheDebug.engine.record());
      assert.equal(rec.ended_reason, 'baby_cues');
      assert.equal(rec.comfort, true);
      assert.deepEqual(rec.cues.map((c) => [c.cue, c.response]), [['looks_away', 'paused'], ['cries', 'ended']]);
      const plan = await page.evaluate(() => JSON.parse(document.getElementById('session-data').textContent).plan);
      assert.equal((await page.textContent('#end-words')).trim(), plan.comfort.trim());
      assert.equal((await page.textContent('#end-title')).trim(), 'Comfort your baby');
      assert.equal(await page.isHidden('button[data-cue="looks_away"]'), true, 'cues are gone once ended');
      await page.click('#btn-ready');
      await assertVisible(page.locator('#finish'), 'the finish form');
    });

    await step('the session is saved with a rating and a note', async () => {
      await page.check('#finish input[name="rating"][value="4"]');
      await page.fill('#finish-note', 'Loved the legs, not the tummy today');
      await page.getByRole('button', { name: 'Save to the journal' }).click();
      await until(async () => (await page.textContent('#finish-status')).trim() !== '', { message: '#finish-status' });
      assert.equal((await page.textContent('#finish-status')).trim(), 'Saved');
      assert.equal(await page.isHidden('#finish-error'), true);
      await assertVisible(page.locator('#journal-link'), 'the journal link');
    });

    await step('the journal shows the massage with its cues and rating', async () => {
      await page.goto(`${base}/journal`);
      const line = page.locator('li.ev.k-massage');
      assert.equal(await line.count(), 1, 'one massage in the journal');
      const text = (await line.textContent()).replace(/\s+/g, ' ');
      assert.match(text, /Massage/);
      assert.match(text, /cues: looks away \(hands rested\), cries \(massage ended\)/);
      assert.match(text, /rated 4\/5/);
      assert.match(text, /Loved the legs, not the tummy today/);
      assert.match(text, /full-body massage/);
      assert.match(text, /how it ended: stopped when your baby had had enough/);
      const stored = await events(page, state.babyId, 'massage');
      assert.equal(stored.length, 1);
      assert.equal(stored[0].rating, 4);
      await screenshot(page, 'journal.png');
    });

    await step('quick log: Start feed turns the tile into Stop feed', async () => {
      await page.goto(`${base}/`);
      const before = Number(await tile(page, 'Feeds'));
      await page.getByRole('button', { name: 'Start feed' }).click();
      const stop = page.getByRole('button', { name: /Stop feed/ });
      await assertVisible(stop, 'the Stop feed tile');
      assert.match(await stop.textContent(), /since \d\d:\d\d/);
      assert.equal(await page.getByRole('button', { name: 'Start feed' }).count(), 0);
      const running = (await events(page, state.babyId, 'feeding')).filter((e) => !e.end);
      assert.equal(running.length, 1, 'one feed running');
      // It stays after a reload (it was stored, not only drawn).
      await page.reload();
      await assertVisible(page.getByRole('button', { name: /Stop feed/ }), 'Stop feed after a reload');
      assert.ok(Number(await tile(page, 'Feeds')) >= before);
    });

    await step('quick log: Stop feed ends the running feed', async () => {
      await page.goto(`${base}/`);
      const running = (await events(page, state.babyId, 'feeding')).filter((e) => !e.end);
      assert.equal(running.length, 1, 'a feed is running');
      await page.getByRole('button', { name: /Stop feed/ }).click();
      await assertVisible(page.getByRole('button', { name: 'Start feed', exact: true }), 'the Start feed tile again');
      const fed = (await events(page, state.babyId, 'feeding')).find((e) => e.id === running[0].id);
      assert.ok(fed.end, 'the feed has an end');
      assert.match(await page.locator('main').textContent(), /Last feed ended at \d\d:\d\d/);
      // What the toast (a live region) says: what happened, in words (not a button's label).
      const toast = (await page.textContent('#toast')).trim();
      assert.equal(toast, 'Feed ended.', `the toast reads "${toast}"`);
    });

    await step('quick log: Nappy → Wet counts one more nappy', async () => {
      await page.goto(`${base}/`);
      const before = Number(await tile(page, 'Nappies'));
      await page.locator('summary.tile', { hasText: 'Nappy' }).click();
      await page.getByRole('button', { name: 'Wet', exact: true }).click();
      await until(async () => Number(await tile(page, 'Nappies')) === before + 1, { message: `the Nappies tile to show ${before + 1}` });
      const nappies = await events(page, state.babyId, 'nappy');
      assert.equal(nappies.length, 1);
      assert.equal(nappies[0].contents, 'wet');
    }, { independent: true });

    await step('quick log: a bad temperature shows an error and keeps what was typed', async () => {
      await page.goto(`${base}/`);
      await page.locator('summary.tile', { hasText: 'Temperature' }).click();
      await page.fill('#celsius', 'abc');
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.url() === `${base}/log` && r.request().method() === 'POST'),
        page.getByRole('button', { name: 'Save temperature' }).click(),
      ]);
      assert.equal(res.status(), 422);
      const err = page.locator('#celsius-err');
      await assertVisible(err, 'the temperature error');
      assert.match(await err.textContent(), /abc/);
      assert.match(await err.textContent(), /not a temperature/);
      assert.equal(await page.inputValue('#celsius'), 'abc', 'the typed value is kept');
      assert.equal(await page.getAttribute('#celsius', 'aria-invalid'), 'true');
      assert.equal(await page.locator('details.sheet', { has: page.locator('#celsius') }).getAttribute('open'), '',
        'the temperature sheet stays open');
      assert.equal((await events(page, state.babyId, 'temperature')).length, 0, 'nothing stored');
    }, { independent: true });

    await step('the pages raised no script errors', async () => {
      assert.deepEqual(problems.filter((p) => !/status of 422/.test(p)), []);
    }, { independent: true });
  } finally {
    await context.close().catch(() => {});
    await browser.close().catch(() => {});
    await server.stop();
  }
});

async function engineStatus(page) {
  return page.evaluate(() => window.sootheDebug.engine.view().status);
}

async function assertVisible(locator, what) {
  try {
    await locator.first().waitFor({ state: 'visible', timeout: 10_000 });
  } catch {
    assert.fail(`${what} is not visible`);
  }
}

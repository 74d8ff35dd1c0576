// Today agrees with the readiness check, on a phone (390×844): without a state the headline
// asks how the baby is; the state picker speaks plainly; a sleep still running when the
// parent says the baby is awake ends at the time given; an illness is listed with "It's
// over"; the preparation check comes before Start; and under `seek_care` (38.0 °C in a baby
// under 3 months) there is no Start button, only what to do, with a tap-to-call link once
// the baby's doctor's number is on the baby form.

import test from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { clearScreenshots, launch, phoneContext, screenshot, stepper, until, watchPage } from './lib/browser.mjs';
import { babies, csrfOf, events, setup } from './lib/soothe.mjs';

test('today: what Today says agrees with the check', { timeout: 240_000 }, async (t) => {
  const browser = await launch(t);
  if (!browser) return;
  clearScreenshots('fail-today-');
  const server = await startServer();
  const base = server.url;
  const context = await phoneContext(browser);
  const page = await context.newPage();
  const problems = watchPage(page);
  const step = stepper(t, {
    onFail: (name) => screenshot(page, `fail-today-${name.replace(/\W+/g, '-').slice(0, 60)}.png`, { fullPage: true }),
  });
  const s = {};
  const verdict = () => page.locator('section.verdict').getAttribute('data-verdict');
  const headline = async () => (await page.locator('#verdict-title').textContent()).trim();
  const start = page.getByRole('link', { name: 'Start a massage' });

  try {
    await step('without a state, Today never says "a good moment": it asks how the baby is', async () => {
      await setup(page, base); // a baby of about ten weeks
      s.baby = (await babies(page))[0].id;
      assert.equal(await verdict(), 'ready');
      assert.equal(await headline(), 'Nothing in the journal holds a massage back');
      // The check's answer never calls now a good moment without the baby's state; the
      // planner's line beside it only speaks of the day's timing ("Next good moment: 18:40–19:20").
      assert.doesNotMatch(await page.locator('section.verdict').textContent(), /good moment/);
      const moment = await page.locator('section.next-moment').textContent();
      assert.doesNotMatch(moment.replace(/Next good moment: [^\n]*\d–[^\n]*\d|No good moment left today/, ''), /good moment/);
      const picker = page.getByRole('navigation', { name: 'How is your baby right now?' });
      const words = (await picker.getByRole('link').allTextContents()).map((x) => x.trim());
      assert.deepEqual(words.filter((w) => w !== 'Hungry'), [
        'Awake, calm, looking at you', 'Awake but squirmy or fussing', 'Crying', 'Drowsy', 'Asleep',
      ]);
      assert.doesNotMatch(await page.locator('main').textContent(), /quiet alert|active alert|clinician|preterm/i);
      await Promise.all([
        page.waitForURL((u) => u.searchParams.get('state') === 'quiet_alert'),
        picker.getByRole('link', { name: 'Awake, calm, looking at you' }).click(),
      ]);
      assert.equal(await headline(), 'A good moment for a massage');
      assert.equal(new URL(await start.getAttribute('href'), base).search, '?state=quiet_alert');
    });

    await step('a sleep still running while the baby is awake: "did your baby wake up?" ends it', async () => {
      await page.goto(`${base}/`);
      await page.getByRole('button', { name: 'Fell asleep' }).click();
      await page.getByRole('button', { name: /Woke up/ }).waitFor();
      const sleep = (await events(page, s.baby, 'sleep'))[0];
      assert.equal(sleep.end, undefined, 'the sleep runs');
      await page.goto(`${base}/?state=quiet_alert`);
      assert.equal(await headline(), 'Did your baby wake up?');
      assert.equal(await start.count(), 0, 'no Start while the journal says asleep');
      assert.doesNotMatch(await page.locator('main').textContent(), /Let them sleep/);
      // The time input holds the time now; the minute the sleep began is accepted.
      assert.match(await page.inputValue('#woke'), /^\d\d:\d\d$/);
      await page.getByRole('button', { name: 'Yes, end the sleep' }).click();
      await until(async () => (await headline()) === 'A good moment for a massage', { message: 'Today to be ready again' });
      const ended = (await events(page, s.baby, 'sleep')).find((e) => e.id === sleep.id);
      assert.ok(ended.end, 'the sleep has an end');
      assert.ok(new Date(ended.end) >= new Date(sleep.start), 'not before it began');
    });

    await step('an open illness is listed with "It\'s over", which ends it', async () => {
      const csrf = await csrfOf(page);
      const r = await page.evaluate(async ([baby, token]) => {
        const res = await fetch(`/api/v1/babies/${baby}/events`, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': token },
          body: JSON.stringify({ kind: 'illness', start: new Date(Date.now() - 3_600_000).toISOString() }),
        });
        return res.status;
      }, [s.baby, csrf]);
      assert.equal(r, 201);
      await page.goto(`${base}/`);
      assert.equal(await verdict(), 'not_today');
      assert.match(await page.locator('p.todo').textContent(), /No massage today\. Call your doctor today/);
      assert.equal(await start.count(), 0);
      const open = page.getByRole('region', { name: 'Still going on' });
      assert.match(await open.textContent(), /Unwell/);
      await open.getByRole('button', { name: "It's over" }).click();
      await until(async () => (await verdict()) === 'ready', { message: 'Today to be ready once the illness is over' });
      assert.equal(await page.getByRole('region', { name: 'Still going on' }).count(), 0);
      const ill = await events(page, s.baby, 'illness');
      assert.ok(ill[0].end, 'the illness has an end');
    });

    await step('the massage check shows the preparation check before Start; "don\'t show again" is kept', async () => {
      await page.goto(`${base}/massage?routine=full-body&state=quiet_alert&oil=none`);
      const answer = page.locator('section.verdict');
      assert.equal(await answer.getAttribute('data-verdict'), 'ready');
      const go = answer.getByRole('link', { name: 'Start the guided massage' });
      assert.equal(await go.isHidden(), true, 'Start waits for the check');
      assert.match(await answer.textContent(), /the floor, on a towel, is safest/);
      await page.check('input[data-prepare-skip]');
      await answer.getByRole('button', { name: 'Everything is ready' }).click();
      assert.equal(await go.isVisible(), true);
      await page.reload();
      assert.equal(await page.locator('[data-prepare]').isHidden(), true, 'not shown again on this phone');
      assert.equal(await answer.getByRole('link', { name: 'Start the guided massage' }).isVisible(), true);
      await page.evaluate(() => localStorage.removeItem('soothe.prepare.skip'));
      await page.goto(`${base}/massage?routine=gas-relief&state=quiet_alert&oil=none`);
      assert.match(await page.locator('main').textContent(), /When a tummy needs a doctor, not a massage/);
    });

    await step('38.0 °C under 3 months: no Start button, what to do instead', async () => {
      await page.goto(`${base}/`);
      await page.locator('summary.tile', { hasText: 'Temperature' }).click();
      await page.fill('#celsius', '38.0');
      await page.getByRole('button', { name: 'Save temperature' }).click();
      await until(async () => (await verdict()) === 'seek_care', { message: 'Today to say seek_care' });
      assert.equal(await headline(), 'Get medical help now');
      assert.match(await page.locator('p.todo').textContent(), /Call your doctor or your local emergency number now/);
      assert.equal(await start.count(), 0, 'no Start a massage');
      assert.equal(await page.getByRole('navigation', { name: 'How is your baby right now?' }).count(), 0);
      await page.goto(`${base}/?state=quiet_alert`);
      assert.equal(await verdict(), 'seek_care');
      assert.equal(await start.count(), 0);
    });

    await step("with the doctor's number on the baby form, seek_care offers a tap-to-call link", async () => {
      await page.goto(`${base}/`);
      assert.equal(await page.locator('a[href^="tel:"]').count(), 0, 'no link before a number is known');
      await page.goto(`${base}/babies/${s.baby}/edit`);
      await page.locator('summary', { hasText: 'Health, doctor or nurse, and oil' }).click();
      const phone = page.getByLabel("Your baby's doctor or clinic: phone number");
      assert.equal(await phone.getAttribute('type'), 'tel');
      await phone.fill('+33 (0)1 23 45 67 89');
      await Promise.all([page.waitForURL((u) => !u.pathname.endsWith('/edit')), page.getByRole('button', { name: 'Save' }).click()]);
      await page.goto(`${base}/`);
      assert.equal(await verdict(), 'seek_care');
      const call = page.getByRole('link', { name: "Call your baby's doctor: +33 (0)1 23 45 67 89" });
      assert.equal(await call.getAttribute('href'), 'tel:+330123456789');
      assert.equal(await call.isVisible(), true);
      assert.match(await page.locator('p.todo').textContent(), /or your local emergency number now/);
      assert.equal(await start.count(), 0, 'still no Start a massage');
      await page.goto(`${base}/massage?routine=full-body&state=quiet_alert&oil=none`);
      assert.equal(
        await page.getByRole('link', { name: "Call your baby's doctor: +33 (0)1 23 45 67 89" }).getAttribute('href'),
        'tel:+330123456789',
      );
    });

    await step('the pages raised no script errors', async () => {
      assert.deepEqual(problems, []);
    }, { independent: true });
  } finally {
    await context.close().catch(() => {});
    await browser.close().catch(() => {});
    await server.stop();
  }
});

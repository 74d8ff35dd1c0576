// Without a connection: a guided massage that ends offline is kept on the phone and sent,
// once, when the connection returns; a quick log tapped offline too.

import test from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { clearScreenshots, launch, phoneContext, screenshot, stepper, until } from './lib/browser.mjs';
import { babies, events, setup } from './lib/soothe.mjs';

const PLAY = '/massage/play?routine=full-body&state=quiet_alert&oil=none';

test('offline: what is done without a connection is sent once when it returns', { timeout: 240_000 }, async (t) => {
  const browser = await launch(t);
  if (!browser) return;
  clearScreenshots('fail-offline-');
  const server = await startServer();
  const base = server.url;
  const context = await phoneContext(browser);
  const page = await context.newPage();
  const step = stepper(t, {
    onFail: (name) => screenshot(page, `fail-offline-${name.replace(/\W+/g, '-').slice(0, 60)}.png`, { fullPage: true }),
  });
  const s = {};
  const queue = () => page.evaluate(() => window.soothe.queue());

  try {
    await step('a fresh baby with no feed logged is ready for a massage', async () => {
      await setup(page, base);
      s.baby = (await babies(page))[0];
      assert.equal((await events(page, s.baby.id)).length, 0, 'nothing logged yet');
      await page.goto(`${base}/massage?routine=full-body&state=quiet_alert&oil=none`);
      const answer = page.locator('section.verdict');
      assert.equal(await answer.getAttribute('data-verdict'), 'ready', await answer.textContent());
      await answer.getByRole('button', { name: 'Everything is ready' }).click();
      await Promise.all([
        page.waitForURL((u) => `${u.pathname}${u.search}` === PLAY),
        answer.getByRole('link', { name: 'Start the guided massage' }).click(),
      ]);
      await page.waitForFunction(() => window.sootheDebug && window.soothe);
    });

    await step('the session ends offline and is kept on the phone', async () => {
      await page.click('#btn-start');
      await page.waitForFunction(() => window.sootheDebug.engine.view().clock >= 1, null, { timeout: 10_000 });
      await context.setOffline(true);
      assert.equal(await page.evaluate(() => navigator.onLine), false);
      await page.click('#btn-stop');
      await page.locator('#finish').waitFor({ state: 'visible' });
      assert.equal(await page.evaluate(() => window.sootheDebug.engine.record().ended_reason), 'parent_stopped');
      await page.check('#finish input[name="rating"][value="3"]');
      await page.fill('#finish-note', 'Stopped early, the doorbell rang');
      await page.getByRole('button', { name: 'Save to the journal' }).click();
      await until(async () => (await page.textContent('#finish-status')).trim() !== '', { message: '#finish-status' });
      assert.match(await page.textContent('#finish-status'), /^Saved on this phone/);
      assert.equal(await page.isHidden('#finish-error'), true);
      const q = await queue();
      assert.equal(q.length, 1, 'one item waits in the queue');
      assert.match(q[0].url, new RegExp(`/api/v1/babies/${s.baby.id}/sessions$`));
      s.queued = q[0];
      assert.equal(await page.evaluate(() => document.documentElement.classList.contains('pending')), true,
        'the page shows that something waits to be sent');
    });

    await step('back online, the session is sent once', async () => {
      await context.setOffline(false);
      await page.evaluate(() => window.dispatchEvent(new Event('online')));
      await page.evaluate(() => window.soothe.flush());
      const stored = await until(async () => {
        const list = await events(page, s.baby.id, 'massage');
        return list.length >= 1 && list;
      }, { message: 'the massage to be stored' });
      assert.equal(stored.length, 1, 'exactly one massage');
      assert.equal(stored[0].id, JSON.parse(s.queued.body).id, 'stored under the id the phone made');
      assert.equal(stored[0].ended, 'parent_stopped');
      assert.equal(stored[0].rating, 3);
      assert.equal(stored[0].note, 'Stopped early, the doorbell rang');
      await until(async () => (await queue()).length === 0, { message: 'the queue to empty' });
      assert.equal(await page.evaluate(() => document.documentElement.classList.contains('pending')), false);
    });

    await step('flushing again, reloading, even re-sending the same upload stores nothing more', async () => {
      await page.evaluate(() => window.soothe.flush());
      await page.reload();
      await page.waitForFunction(() => window.soothe);
      await page.evaluate(() => window.soothe.flush());
      assert.equal((await events(page, s.baby.id, 'massage')).length, 1);
      // A retry of an upload that did arrive (e.g. the answer was lost): same id, stored once.
      await page.evaluate((item) => localStorage.setItem('soothe.queue', JSON.stringify([item])), s.queued);
      await page.evaluate(() => window.soothe.flush());
      await until(async () => (await queue()).length === 0, { message: 'the re-sent item to leave the queue' });
      assert.equal((await events(page, s.baby.id, 'massage')).length, 1, 'still exactly one massage');
      await page.goto(`${base}/journal`);
      assert.equal(await page.locator('li.ev.k-massage').count(), 1);
    });

    await step('a nappy logged offline on Today is queued, then sent once online', async () => {
      await page.goto(`${base}/`);
      await page.waitForFunction(() => window.soothe);
      assert.equal((await events(page, s.baby.id, 'nappy')).length, 0);
      await context.setOffline(true);
      await page.locator('summary.tile', { hasText: 'Nappy' }).click();
      await page.getByRole('button', { name: 'Wet', exact: true }).click();
      await until(async () => /Saved on this phone/.test(await page.textContent('#toast')), { message: 'the "saved on this phone" toast' });
      const q = await queue();
      assert.equal(q.length, 1, 'the nappy waits in the queue');
      assert.equal(new URL(q[0].url, base).pathname, '/log', 'queued for /log');
      assert.equal(new URLSearchParams(q[0].body).get('contents'), 'wet');
      await context.setOffline(false);
      await page.evaluate(() => window.dispatchEvent(new Event('online')));
      await page.evaluate(() => window.soothe.flush());
      const nappies = await until(async () => {
        const list = await events(page, s.baby.id, 'nappy');
        return list.length >= 1 && list;
      }, { message: 'the nappy to be stored' });
      assert.equal(nappies.length, 1);
      assert.equal(nappies[0].contents, 'wet');
      await until(async () => (await queue()).length === 0, { message: 'the queue to empty' });
      await page.evaluate(() => window.soothe.flush());
      await page.reload();
      assert.equal((await events(page, s.baby.id, 'nappy')).length, 1, 'still one nappy');
    });

    await step('a feed started and stopped offline is stored once, with both times', async () => {
      await page.goto(`${base}/`);
      await page.waitForFunction(() => window.soothe);
      await context.setOffline(true);
      const started = Date.now();
      await page.getByRole('button', { name: 'Start feed' }).click();
      await page.getByRole('button', { name: 'Stop feed' }).waitFor();
      await page.waitForTimeout(1500);
      await page.getByRole('button', { name: 'Stop feed' }).click();
      await until(async () => (await queue()).length === 2, { message: 'start and stop in the queue' });
      const [start, stop] = (await queue()).map((q) => new URLSearchParams(q.body));
      assert.equal(start.get('action'), 'start');
      assert.equal(stop.get('action'), 'stop');
      assert.equal(stop.get('event'), start.get('id'), 'the stop names the start it ends');
      await context.setOffline(false);
      await page.evaluate(() => window.soothe.flush());
      await until(async () => (await queue()).length === 0, { message: 'the queue to empty' });
      const feeds = await events(page, s.baby.id, 'feeding');
      assert.equal(feeds.length, 1, 'one feed');
      assert.equal(feeds[0].id, start.get('id'));
      assert.ok(feeds[0].end, 'it ended');
      const took = new Date(feeds[0].end) - new Date(feeds[0].start);
      assert.ok(took >= 1000 && took < 60_000, `the times are the taps' times (${took} ms), not the sending's`);
      assert.ok(Math.abs(new Date(feeds[0].start) - started) < 5000);
      await page.reload();
      assert.equal(await page.getByRole('button', { name: 'Start feed' }).count(), 1, 'Today is back to Start feed');
    });
  } finally {
    await context.close().catch(() => {});
    await browser.close().catch(() => {});
    await server.stop();
  }
});

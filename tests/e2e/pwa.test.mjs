// Installable and usable offline: the manifest and its icons, the service worker, which pages
// it keeps (and which it must not), and the note that says a page is read offline.

import test from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { clearScreenshots, launch, phoneContext, screenshot, stepper, until } from './lib/browser.mjs';
import { setup } from './lib/soothe.mjs';

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(bytes) {
  assert.deepEqual([...bytes.subarray(1, 4)], [0x50, 0x4e, 0x47], 'a PNG');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

test('pwa: installable, and pages opened before work offline', { timeout: 180_000 }, async (t) => {
  const browser = await launch(t);
  if (!browser) return;
  clearScreenshots('fail-pwa-');
  const server = await startServer();
  const base = server.url;
  const context = await phoneContext(browser);
  const page = await context.newPage();
  const step = stepper(t, {
    onFail: (name) => screenshot(page, `fail-pwa-${name.replace(/\W+/g, '-').slice(0, 60)}.png`, { fullPage: true }),
  });

  try {
    await step('the manifest names soothe, opens full screen and has its icons', async () => {
      await setup(page, base);
      const href = await page.getAttribute('link[rel="manifest"]', 'href');
      const res = await page.request.get(`${base}${href}`);
      assert.equal(res.status(), 200);
      assert.match(res.headers()['content-type'], /^application\/manifest\+json/);
      const m = await res.json();
      assert.equal(m.name, 'soothe');
      assert.equal(m.start_url, '/');
      assert.equal(m.display, 'standalone');
      const sizes = {};
      for (const icon of m.icons) {
        const r = await page.request.get(`${base}${icon.src}`);
        assert.equal(r.status(), 200, icon.src);
        assert.equal(r.headers()['content-type'], icon.type, icon.src);
        if (icon.type === 'image/png') {
          const [w, h] = pngSize(await r.body());
          assert.equal(`${w}x${h}`, icon.sizes, `${icon.src} is as large as it says`);
          sizes[icon.sizes] = true;
        }
      }
      assert.ok(sizes['192x192'] && sizes['512x512'], 'PNG icons of 192 and 512 pixels');
    });

    await step('the service worker takes over and keeps the assets', async () => {
      await page.goto(`${base}/journal`);
      await page.evaluate(() => navigator.serviceWorker.ready);
      await page.reload();
      await until(() => page.evaluate(() => !!navigator.serviceWorker.controller), { message: 'a controlling worker' });
      const kept = await page.evaluate(async () => {
        const names = await caches.keys();
        const cache = await caches.open(names.find((n) => n.startsWith('soothe-')));
        return (await cache.keys()).map((r) => new URL(r.url).pathname);
      });
      assert.ok(kept.some((p) => /^\/assets\/app\.[0-9a-f]+\.css$/.test(p)), kept.join(' '));
      assert.ok(kept.some((p) => /^\/assets\/engine\.[0-9a-f]+\.js$/.test(p)), 'the player works offline');
      assert.ok(kept.includes('/offline'));
      assert.ok(kept.includes('/journal'), 'a page opened is kept');
      await page.goto(`${base}/account`);
      await page.goto(`${base}/`);
    });

    await step('offline, a page opened before comes from the phone and says so', async () => {
      await context.setOffline(true);
      await page.goto(`${base}/journal`);
      assert.equal(await page.locator('h1').first().textContent(), 'Journal');
      await page.locator('.offline-note').waitFor({ state: 'visible' });
      assert.match(await page.locator('.offline-note').textContent(), /No connection\. This page is from /);
    });

    await step('offline, pages that must not be kept are not shown from the phone', async () => {
      await page.goto(`${base}/account`);
      assert.equal(await page.locator('h1').first().textContent(), 'You are offline', 'the account page is never kept');
      await page.goto(`${base}/massage/play?routine=full-body&state=quiet_alert&oil=none`);
      assert.equal(await page.locator('h1').first().textContent(), 'You are offline', 'an old plan is never replayed');
    });

    await step('back online, the note goes away', async () => {
      await context.setOffline(false);
      await page.goto(`${base}/`);
      assert.equal(await page.locator('.offline-note').isVisible(), false);
    });
  } finally {
    await context.close();
    await browser.close();
    await server.stop();
  }
});

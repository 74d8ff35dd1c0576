// Page weight: a fresh load (cache off) of each main page transfers at most 60 KiB of HTML,
// CSS and JavaScript, compressed; every HTML, CSS and JS answer is gzip-compressed, and
// assets have a content hash in their URL and a year of immutable caching.

import test from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { launch, phoneContext } from './lib/browser.mjs';
import { setup } from './lib/soothe.mjs';

const BUDGET = 60 * 1024;
const PAGES = [
  '/',
  '/journal',
  '/massage',
  '/massage/play?routine=full-body&state=quiet_alert&oil=none',
  '/routines',
  '/evidence',
  '/oils',
  '/household',
];
const COUNTED = new Set(['Document', 'Stylesheet', 'Script']);
const IMMUTABLE = 'public, max-age=31536000, immutable';

test('weight: each page loads in at most 60 KiB of compressed HTML, CSS and JS', { timeout: 240_000 }, async (t) => {
  const browser = await launch(t);
  if (!browser) return;
  const server = await startServer();
  const base = server.url;
  // No service worker: it would fetch every asset on install, next to the page's own loads.
  const context = await phoneContext(browser, { serviceWorkers: 'block' });
  const figures = [];
  try {
    const first = await context.newPage();
    await setup(first, base);
    await first.close();

    for (const path of PAGES) {
      await t.test(path, async () => {
        const page = await context.newPage();
        try {
          const loads = await freshLoad(context, page, `${base}${path}`);
          const counted = loads.filter((l) => COUNTED.has(l.type));
          const total = counted.reduce((sum, l) => sum + l.bytes, 0);
          const by = (type) => counted.filter((l) => l.type === type).reduce((s, l) => s + l.bytes, 0);
          figures.push({ page: path, html: by('Document'), css: by('Stylesheet'), js: by('Script'), total });
          t.diagnostic(`${path}: ${total} B (html ${by('Document')}, css ${by('Stylesheet')}, js ${by('Script')})`);

          assert.equal(counted.filter((l) => l.type === 'Document').length, 1, 'one document');
          assert.ok(counted.some((l) => l.type === 'Stylesheet'), 'the stylesheet was loaded');
          assert.ok(counted.some((l) => l.type === 'Script'), 'the script was loaded');
          for (const l of counted) {
            assert.equal(l.status, 200, `${l.url} answered ${l.status}`);
            assert.equal(l.headers['content-encoding'], 'gzip', `${l.url} (${l.type}) is gzip-compressed`);
          }
          // (The favicon request may be cancelled by the browser: only answered loads count.)
          for (const l of loads.filter((x) => x.status > 0 && new URL(x.url).pathname.startsWith('/assets/'))) {
            assert.match(new URL(l.url).pathname, /^\/assets\/[\w-]+\.[0-9a-f]{8,}\.[a-z0-9]+$/, `${l.url} has a content hash`);
            assert.equal(l.headers['cache-control'], IMMUTABLE, `${l.url} is cached for a year`);
          }
          assert.ok(total <= BUDGET, `${path} transfers ${total} B of HTML, CSS and JS; the budget is ${BUDGET} B`);
        } finally {
          await page.close();
        }
      });
    }
  } finally {
    if (figures.length) {
      const rows = figures.map((f) => `${f.page.padEnd(62)} ${String(f.html).padStart(7)} ${String(f.css).padStart(7)} ${String(f.js).padStart(7)} ${String(f.total).padStart(8)}`);
      process.stdout.write(`page weight, bytes over the wire (budget ${BUDGET}):\n${'page'.padEnd(62)} ${'html'.padStart(7)} ${'css'.padStart(7)} ${'js'.padStart(7)} ${'total'.padStart(8)}\n${rows.join('\n')}\n`);
    }
    await context.close().catch(() => {});
    await browser.close().catch(() => {});
    await server.stop();
  }
});

/**
 * Loads `url` with the cache off and returns every request's {url, type, status, headers
 * (lower-case names), bytes, failed?} where bytes is the encoded transfer (Network.loadingFinished's
 * encodedDataLength).
 */
async function freshLoad(context, page, url) {
  const cdp = await context.newCDPSession(page);
  const byId = new Map();
  const finished = new Set();
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  cdp.on('Network.requestWillBeSent', (e) => {
    byId.set(e.requestId, { url: e.request.url, type: e.type, status: 0, headers: {}, bytes: 0 });
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = byId.get(e.requestId);
    if (!r) return;
    r.type = e.type;
    r.status = e.response.status;
    r.headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
  });
  cdp.on('Network.loadingFinished', (e) => {
    const r = byId.get(e.requestId);
    if (!r) return;
    r.bytes = e.encodedDataLength;
    finished.add(e.requestId);
  });
  cdp.on('Network.loadingFailed', (e) => {
    const r = byId.get(e.requestId);
    if (r) r.failed = e.errorText || 'failed';
    finished.add(e.requestId);
  });
  await page.goto(url, { waitUntil: 'load' });
  // Let every started request finish.
  const end = Date.now() + 10_000;
  while ([...byId.keys()].some((id) => !finished.has(id)) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
  }
  await cdp.detach();
  return [...byId.values()];
}

// The browser's session engine (assets/engine.js) against every conformance vector of the
// Rust engine (`soothe session vectors`), run in Chromium: the same views after each event,
// the same final view and the same record.

import test from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSoothe, startServer } from './lib/server.mjs';
import { launch, phoneContext } from './lib/browser.mjs';
import { apiGet, setup } from './lib/soothe.mjs';

test('vectors: the browser engine conforms to every vector', { timeout: 240_000 }, async (t) => {
  const browser = await launch(t);
  if (!browser) return;
  const dir = await mkdtemp(join(tmpdir(), 'soothe-vectors-'));
  const server = await startServer();
  const context = await phoneContext(browser);
  const page = await context.newPage();
  try {
    await runSoothe(['session', 'vectors', '--out', dir]);
    // index.json lists the vectors; every other file is one of them.
    const index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8'));
    const files = (await readdir(dir)).filter((f) => f.endsWith('.json') && f !== 'index.json').sort();
    assert.deepEqual(files, index.vectors.map((n) => `${n}.json`).sort(), 'index.json names every vector file');
    const vectors = await Promise.all(index.vectors.map(async (n) => JSON.parse(await readFile(join(dir, `${n}.json`), 'utf8'))));
    assert.ok(vectors.length >= 20, `soothe wrote ${vectors.length} vectors; expected at least 20`);

    // A signed-in page: the API accepts the session cookie for reads.
    await setup(page, server.url);
    await page.goto(`${server.url}/signin`);
    await page.addScriptTag({ url: '/assets/engine.js' });
    assert.equal(await page.evaluate(() => typeof SootheEngine), 'function', 'engine.js defines SootheEngine');
    const r = await apiGet(page, '/api/v1/catalog/cues');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const cues = r.body.cues;
    assert.ok(Array.isArray(cues) && cues.length > 0, 'the catalog has cues');

    for (const vector of vectors) {
      await t.test(vector.name, async () => {
        assert.equal(typeof vector.name, 'string');
        assert.ok(Array.isArray(vector.events) && vector.events.length > 0, 'the vector has events');
        const got = await page.evaluate(([v, c]) => {
          try {
            return { ok: SootheEngine.replay(v, c) };
          } catch (e) {
            return { error: `${e.code || e.name}: ${e.message}` };
          }
        }, [vector, cues]);
        assert.equal(got.error, undefined, `the engine threw on "${vector.name}" (${vector.description})`);
        const { states, final, record } = got.ok;
        assert.equal(states.length, vector.events.length, 'one view per event');
        states.forEach((s, i) => {
          assert.deepStrictEqual(s, vector.states[i], `view after event ${i} ${JSON.stringify(vector.events[i])}`);
        });
        assert.deepStrictEqual(final, vector.final, 'the final view');
        assert.deepStrictEqual(record, vector.record, 'the record');
      });
    }
  } finally {
    await context.close().catch(() => {});
    await browser.close().catch(() => {});
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
});

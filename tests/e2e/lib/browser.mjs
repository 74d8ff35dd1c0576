// Debian's Chromium driven by playwright-core, and small helpers every test file uses:
// phone-sized contexts, screenshots, steps that stop after the first failure, and times in
// the household's zone.

import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { REPO } from './server.mjs';

/** The browser the tests drive. */
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** Where screenshots go (created on first use). */
export const SCREENSHOTS = process.env.SOOTHE_SCREENSHOTS || join(REPO, 'target', 'screenshots');

/** The household's zone in every test. */
export const ZONE = 'Europe/Paris';

/** A phone: the viewport the family uses. */
export const PHONE = { width: 390, height: 844 };

/**
 * Launches headless Chromium. When the executable is missing: with `CI` set the test fails
 * loudly; otherwise the test is skipped with a message, and this resolves `null` (the caller
 * returns).
 */
export async function launch(t) {
  if (!existsSync(CHROMIUM)) {
    const msg = `Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM)`;
    if (process.env.CI) throw new Error(`${msg}; CI is set, so this is a failure`);
    t.skip(msg);
    return null;
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox'],
  });
}

/** A browser context like a phone in Paris. `options` go to `browser.newContext`. */
export async function phoneContext(browser, options = {}) {
  const context = await browser.newContext({
    viewport: PHONE,
    deviceScaleFactor: 1,
    isMobile: false,
    hasTouch: true,
    timezoneId: ZONE,
    locale: 'en-GB',
    ...options,
  });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  return context;
}

/**
 * Collects what goes wrong in a page (uncaught errors, console errors, CSP reports), so a
 * test can print them when it fails, or assert there are none.
 */
export function watchPage(page) {
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
  });
  return problems;
}

/** Saves a screenshot under SCREENSHOTS and returns its path. */
export async function screenshot(page, name, options = {}) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, name);
  await page.screenshot({ path, ...options });
  return path;
}

/** Removes the screenshots whose names start with `prefix` (a previous run's failures). */
export function clearScreenshots(prefix) {
  if (!existsSync(SCREENSHOTS)) return;
  for (const f of readdirSync(SCREENSHOTS)) {
    if (f.startsWith(prefix)) rmSync(join(SCREENSHOTS, f), { force: true });
  }
}

/**
 * Steps of one story: `step(name, fn)` runs `fn` as a subtest; after a failed step the
 * later ones are reported as skipped ("an earlier step failed"), unless marked
 * `{independent: true}`. `onFail(name)` (optional) runs when a step fails, e.g. to save a
 * screenshot.
 */
export function stepper(t, { onFail } = {}) {
  let failed = null;
  const step = async (name, fn, { independent = false } = {}) => {
    if (failed && !independent) {
      return t.test(name, { skip: `an earlier step failed: "${failed}"` }, () => {});
    }
    return t.test(name, async (st) => {
      try {
        await fn(st);
      } catch (e) {
        if (!independent) failed = name;
        if (onFail) {
          try {
            await onFail(name);
          } catch {
            /* best effort */
          }
        }
        throw e;
      }
    });
  };
  step.failed = () => failed;
  return step;
}

const partsFormat = new Map();
function parts(date, zone) {
  let f = partsFormat.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    partsFormat.set(zone, f);
  }
  const o = {};
  for (const p of f.formatToParts(date)) o[p.type] = p.value;
  return o;
}

/**
 * A moment in a zone: `{date: '2026-11-21', hm: '14:05', local: '2026-11-21T14:05'}`
 * (`local` is a `datetime-local` input's value).
 */
export function inZone(when, zone = ZONE) {
  const p = parts(new Date(when), zone);
  const date = `${p.year}-${p.month}-${p.day}`;
  const hm = `${p.hour}:${p.minute}`;
  return { date, hm, local: `${date}T${hm}` };
}

/**
 * The calendar date `n` days before today in `zone`. Not `n` × 24 hours back: across a clock
 * change that lands on the neighbouring date in the last hour before midnight.
 */
export function daysAgo(n, zone = ZONE) {
  const [y, m, d] = inZone(Date.now(), zone).date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d - n)).toISOString().slice(0, 10);
}

/** A time truncated to the minute (what a `datetime-local` input keeps). */
export function toMinute(when) {
  const ms = new Date(when).getTime();
  return new Date(ms - (ms % 60_000));
}

/** Polls `fn` until it returns a truthy value; fails with `message` after `timeoutMs`. */
export async function until(fn, { timeoutMs = 15_000, intervalMs = 250, message = 'condition' } = {}) {
  const end = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${message} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

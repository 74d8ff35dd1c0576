// Starts a real `soothe serve` on a free port with a fresh data directory (a fresh install:
// no account yet, so /setup is open), and stops it again.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root. */
export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The soothe binary the tests run. */
export const BIN = process.env.SOOTHE_BIN || join(REPO, 'target', 'debug', 'soothe');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until the binary exists (it is rebuilt from time to time and may be missing for a
 * moment). Fails after `timeoutMs`.
 */
export async function waitForBinary(timeoutMs = 180_000) {
  const until = Date.now() + timeoutMs;
  let told = false;
  while (!existsSync(BIN)) {
    if (Date.now() > until) {
      throw new Error(`the soothe binary ${BIN} does not exist (build it, or set SOOTHE_BIN)`);
    }
    if (!told) {
      process.stderr.write(`# waiting for ${BIN} to appear (being rebuilt?)\n`);
      told = true;
    }
    await sleep(1000);
  }
}

/** Errors that mean "the binary is being replaced right now": try again shortly. */
const TRANSIENT = new Set(['ENOENT', 'ETXTBSY', 'ENOEXEC', 'EACCES']);

/** The environment for a child soothe: only our settings, no config file, no PostgreSQL. */
function childEnv(dataDir, extra) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('SOOTHE_')) continue; // tests need a fresh SQLite install
    env[k] = v;
  }
  return {
    ...env,
    SOOTHE_DATA_DIR: dataDir,
    SOOTHE_BIND: '127.0.0.1:0',
    SOOTHE_LOG_FORMAT: 'json',
    ...extra,
  };
}

function spawnOnce(args, options) {
  return new Promise((resolveSpawn, rejectSpawn) => {
    const child = spawn(BIN, args, options);
    child.once('spawn', () => resolveSpawn(child));
    child.once('error', rejectSpawn);
  });
}

/** Spawns the binary, retrying for a while when it is being rebuilt. */
async function spawnSoothe(args, options) {
  const until = Date.now() + 180_000;
  for (;;) {
    await waitForBinary(Math.max(1000, until - Date.now()));
    try {
      return await spawnOnce(args, options);
    } catch (e) {
      if (!TRANSIENT.has(e.code) || Date.now() > until) throw e;
      await sleep(1000);
    }
  }
}

/**
 * Starts `soothe serve` and resolves when it says where it listens.
 * Returns `{url, origin, dataDir, logs(), stop()}`.
 */
export async function startServer({ env = {}, timeoutMs = 60_000 } = {}) {
  const dataDir = await mkdtemp(join(tmpdir(), 'soothe-e2e-'));
  const child = await spawnSoothe(['serve'], {
    cwd: dataDir, // no soothe.toml here
    env: childEnv(dataDir, env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = [];
  let exited = null;
  const exit = new Promise((r) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      r(exited);
    });
  });

  const url = await new Promise((resolveUrl, rejectUrl) => {
    let done = false;
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      rejectUrl(new Error(`soothe did not say where it listens within ${timeoutMs} ms:\n${lines.join('\n')}`));
    }, timeoutMs);
    const onLine = (line) => {
      lines.push(line);
      if (lines.length > 5000) lines.shift();
      const m = /soothe is listening on (http:\/\/[0-9.:\[\]a-fA-F]+)/.exec(line);
      if (m && !done) {
        done = true;
        clearTimeout(timer);
        resolveUrl(m[1]);
      }
    };
    for (const stream of [child.stdout, child.stderr]) {
      let buf = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk) => {
        buf += chunk;
        let i;
        while ((i = buf.indexOf('\n')) >= 0) {
          onLine(buf.slice(0, i));
          buf = buf.slice(i + 1);
        }
      });
    }
    exit.then(({ code, signal }) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      rejectUrl(new Error(`soothe serve exited (${code ?? signal}) before listening:\n${lines.join('\n')}`));
    });
  });

  let stopped = false;
  async function stop() {
    if (stopped) return;
    stopped = true;
    if (!exited) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => {
        if (!exited) child.kill('SIGKILL');
      }, 10_000);
      await exit;
      clearTimeout(killer);
    }
    await rm(dataDir, { recursive: true, force: true });
  }

  return {
    url,
    origin: new URL(url).origin,
    dataDir,
    logs: () => lines.slice(),
    stop,
  };
}

/** Runs the soothe binary once (e.g. `session vectors --out DIR`); resolves its output. */
export async function runSoothe(args, { timeoutMs = 120_000 } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'soothe-e2e-run-'));
  try {
    const child = await spawnSoothe(args, {
      cwd: dir,
      env: childEnv(dir, { SOOTHE_LOG_FORMAT: 'human' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const code = await new Promise((r) => child.once('exit', (c) => r(c)));
    clearTimeout(timer);
    if (code !== 0) {
      throw new Error(`soothe ${args.join(' ')} exited ${code}:\n${stderr}${stdout}`);
    }
    return { stdout, stderr };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

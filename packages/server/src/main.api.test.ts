import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './test/harness.ts';

/** Runs `npm start`'s server entry with an environment; resolves with its exit code, output and the time taken. */
function runMain(env: Record<string, string>, untilOutput?: RegExp): Promise<{ code: number | null; out: string; ms: number }> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', join(ROOT, 'packages/server/src/main.ts')], {
      cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      if (untilOutput?.test(out)) child.kill('SIGTERM');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => { clearTimeout(timer); resolve({ code, out, ms: Date.now() - t0 }); });
  });
}

describe('server start', () => {
  it('fails fast with a message that says what to check when DATABASE_URL is unreachable', async () => {
    const key = Buffer.alloc(32, 1).toString('base64');
    const r = await runMain({
      DATABASE_URL: 'postgres://tongban:secret@127.0.0.1:1/tongban', PORT: '0',
      PII_KEYS: `k1:${key}`, PII_INDEX_KEY: key, SESSION_SECRET: key,
      PLATFORM_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    });
    assert.equal(r.code, 1);
    assert.match(r.out, /Cannot connect to PostgreSQL at postgres:\/\/tongban:\*\*\*@127\.0\.0\.1:1\/tongban/);
    assert.match(r.out, /Check that the server is running/);
    assert.doesNotMatch(r.out, /tongban:secret/);
    assert.ok(r.ms < 20_000, `took ${r.ms} ms`);
  });

  it('refuses to start on PostgreSQL without the personal-data keys, saying which to set', async () => {
    const r = await runMain({ DATABASE_URL: 'postgres://tongban:secret@127.0.0.1:1/tongban', PORT: '0', PII_KEYS: '', PII_INDEX_KEY: '', SESSION_SECRET: '' });
    assert.equal(r.code, 1);
    assert.match(r.out, /Tongban could not start: PII_KEYS, PII_INDEX_KEY and SESSION_SECRET must be set/);
  });

  it('starts on the embedded database, loads the demo catalog and prints its address', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tongban-start-'));
    try {
      const r = await runMain({ DATA_DIR: dir, PORT: '0', ADMIN_TOKEN: 'x', DATABASE_URL: '' }, /is running at/);
      assert.match(r.out, /Tongban \(通办\) is running at http:\/\/localhost:\d+\//);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

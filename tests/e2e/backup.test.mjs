// Backups of the embedded databases taken while the shop serves, and their restore onto a new
// data directory (a lost machine); damaged or incomplete backups are refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, cpSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, runCli, json } from './server.mjs';

const headers = { 'Content-Type': 'application/json' };

test('backup while serving, restore on an empty data directory, refuse damaged backups', async () => {
  const work = mkdtempSync(join(tmpdir(), 'rapidtrade-backup-'));
  const liveDir = join(work, 'live'), restoredDir = join(work, 'restored'), backup = join(work, 'backup');
  let server = await startServer({ dataDir: liveDir });
  try {
    const email = `sauvegarde-${Date.now()}@example.fr`;
    const signUp = await fetch(server.url + '/apis/customers/', {
      method: 'POST', headers, body: JSON.stringify({ email, password: 'motdepasse-sauvegarde', first_name: 'Sam', last_name: 'Sauve' }),
    });
    assert.equal(signUp.status, 201);

    // Online: the shop keeps answering during the backup.
    const during = fetch(server.url + '/apis/products/?per_page=5');
    const made = await runCli(['backup', '--to', backup], { DATA_DIR: liveDir });
    assert.equal(made.code, 0, made.stderr);
    assert.match(made.stdout, /backup complete/);
    assert.equal((await during).status, 200);
    const metrics = await (await fetch(server.url + '/metrics')).text();
    const when = Number(/^rapidtrade_backup_last_success_timestamp_seconds (\S+)/m.exec(metrics)?.[1]);
    assert.ok(Math.abs(when - Date.now() / 1000) < 60, `the last backup time is published: ${when}`);
    const manifest = JSON.parse(readFileSync(join(backup, 'manifest.json'), 'utf8'));
    assert.deepEqual(manifest.files.map((f) => f.service).sort(),
      ['auth', 'cart', 'catalog', 'checkout', 'customers', 'email', 'payment', 'shipping']);
    for (const f of manifest.files) assert.match(f.sha256, /^[0-9a-f]{64}$/);

    const again = await runCli(['backup', '--to', backup], { DATA_DIR: liveDir });
    assert.notEqual(again.code, 0, 'a second backup into the same directory must be refused');

    const busy = await runCli(['restore', '--from', backup], { DATA_DIR: liveDir });
    assert.equal(busy.code, 1);
    assert.match(busy.stderr, /in use: stop the shop before restoring/);

    // Damaged and incomplete copies are refused, and change nothing.
    const damaged = join(work, 'damaged');
    cpSync(backup, damaged, { recursive: true });
    const file = join(damaged, 'customers.db');
    const bytes = readFileSync(file);
    bytes[bytes.length - 100] ^= 0xff;
    writeFileSync(file, bytes);
    const bad = await runCli(['restore', '--from', damaged], { DATA_DIR: restoredDir });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /damaged: .*customers\.db does not match its checksum/);
    const incomplete = join(work, 'incomplete');
    cpSync(backup, incomplete, { recursive: true });
    rmSync(join(incomplete, 'auth.db'));
    const partial = await runCli(['restore', '--from', incomplete], { DATA_DIR: restoredDir });
    assert.equal(partial.code, 1);
    assert.match(partial.stderr, /incomplete: .*auth\.db is missing/);
    rmSync(join(incomplete, 'manifest.json'));
    assert.equal((await runCli(['restore', '--from', incomplete], { DATA_DIR: restoredDir })).code, 1);
    assert.ok(!readdirSync(work).includes('restored') || !readdirSync(restoredDir).some((f) => f.endsWith('.db')),
      'a refused restore must not leave databases behind');

    // The good backup, onto a new machine's empty data directory.
    const restored = await runCli(['restore', '--from', backup], { DATA_DIR: restoredDir });
    assert.equal(restored.code, 0, restored.stderr);
    await server.stop();
    server = await startServer({ dataDir: restoredDir });
    const login = await fetch(server.url + '/apis/auth/token', {
      method: 'POST', headers, body: JSON.stringify({ email, password: 'motdepasse-sauvegarde' }),
    });
    assert.equal(login.status, 200, 'the customer signed up before the backup logs in after the restore');
    const me = await json(await fetch(server.url + '/apis/customers/me', { headers: { Authorization: `Bearer ${(await json(login)).access_token}` } }));
    assert.equal(me.first_name, 'Sam');
  } finally {
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  }
});

// What a person sees who types `rapidtrade serve` (make run) at a terminal: a greeting that says
// where the shop is and how to log in, then one readable line per event, not JSON. The terminal is
// a real pseudo-terminal (util-linux `script`), so the binary's own isatty() check is what decides.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, failOnSanitizerReport } from './server.mjs';
import { freePort } from './ports.mjs';

// Runs `rapidtrade serve` on a pseudo-terminal; resolves once `ready` matches what it printed.
async function serveOnTerminal(env, ready) {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'rapidtrade-tty-'));
  // `script -qfec CMD /dev/null`: CMD on a new pty, its output copied to our pipe as it comes.
  const proc = spawn('script', ['-qfec', `${BIN} serve`, '/dev/null'], {
    env: { PATH: process.env.PATH, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,  // its own process group: stop() ends script and the shop together
  });
  let output = '';
  proc.stdout.on('data', (d) => { output += d; });
  proc.stderr.on('data', (d) => { output += d; });
  const exited = new Promise((resolve) => proc.on('exit', resolve));
  await new Promise((resolve, reject) => {
    const timer = setInterval(() => { if (ready.test(output)) { clearInterval(timer); resolve(); } }, 50);
    exited.then(() => { clearInterval(timer); reject(new Error(`exited early:\n${output}`)); });
    setTimeout(() => { clearInterval(timer); reject(new Error(`no greeting within 15 s:\n${output}`)); }, 15000).unref();
  });
  return {
    url: `http://127.0.0.1:${port}`,
    output: () => output.replace(/\r/g, ''),
    async stop() {
      try { process.kill(-proc.pid, 'SIGTERM'); } catch { /* already gone */ }
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
      failOnSanitizerReport(output);
    },
  };
}

test('at a terminal the shop greets with its URLs and the demo account, then logs readable lines', async () => {
  const shop = await serveOnTerminal({}, /Health\s+http:/);
  try {
    const home = await fetch(`${shop.url}/`);
    assert.equal(home.status, 200);
    const missing = await fetch(`${shop.url}/nulle-part%0A12:00:00.000%20error%20forged`);
    assert.equal(missing.status, 404);
    await new Promise((r) => setTimeout(r, 300));
    const out = shop.output();
    assert.match(out, new RegExp(`Shop\\s+${shop.url}/\\n`));
    assert.match(out, new RegExp(`Back-office\\s+${shop.url}/admin/ `));
    assert.match(out, /Demo customer\s+jean\.rault@example\.fr \/ EDesign-Demo-2026/);
    assert.match(out, /Demo admin\s+admin@example\.fr \/ EDesign-Admin-2026/);
    assert.match(out, new RegExp(`Mailbox\\s+${shop.url}/boite-mail`));
    assert.match(out, /Promo code\s+ViveLeDesign/);
    // One readable line per request; the hostile path (a line break once decoded) stays quoted on its line.
    assert.match(out, /^\d\d:\d\d:\d\d\.\d{3} info  GET \/ 200 [\d.]+ms frontend$/m);
    assert.match(out, /GET "\/nulle-part\\n12:00:00\.000 error forged" 404/);
    assert.doesNotMatch(out, /^12:00:00\.000 error/m);
    assert.doesNotMatch(out, /^\{"ts"/m, 'no JSON lines at a terminal');
  } finally {
    await shop.stop();
  }
});

test('LOG_FORMAT=json keeps JSON lines even at a terminal; a bad value is refused', async () => {
  const shop = await serveOnTerminal({ LOG_FORMAT: 'json' }, /"event":"listening"/);
  try {
    assert.match(shop.output(), /^\{"ts":"[^"]+","level":"info","event":"listening"/m);
  } finally {
    await shop.stop();
  }
  const bad = spawn(BIN, ['serve'], { env: { PATH: process.env.PATH, LOG_FORMAT: 'yaml', PORT: '0' } });
  let stderr = '';
  bad.stderr.on('data', (d) => { stderr += d; });
  setTimeout(() => bad.kill(), 5000).unref();  // had it started serving, the assertions below fail
  const code = await new Promise((resolve) => bad.on('close', resolve));  // stderr read to its end
  assert.equal(code, 2);
  assert.match(stderr, /LOG_FORMAT/);
});

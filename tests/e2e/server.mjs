// Starts the real `rapidtrade` binary for a test and talks HTTP to it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import http from 'node:http';

export const BIN = process.env.RAPIDTRADE_BIN;
if (!BIN) throw new Error('RAPIDTRADE_BIN is not set: run the suite through ctest / make test');

export const API_KEY = 'e2e-test-key-0123456789';

// Starts `rapidtrade serve` on a free port (PORT=0, read back from the "listening" log line).
// `dataDir`: use this data directory (and keep it at stop) instead of a fresh temporary one.
export async function startServer({ env = {}, args = [], dataDir: givenDir } = {}) {
  const dataDir = givenDir ?? mkdtempSync(join(tmpdir(), 'rapidtrade-e2e-'));
  const proc = spawn(BIN, ['serve', ...args], {
    env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, API_KEY, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = [];
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  // 'close', not 'exit': 'exit' can come before the last lines of stdout are read, and a test that
  // looks for the "stopped" log line after stop() would then miss it.
  const exited = new Promise((resolve) => proc.on('close', (code, signal) => resolve({ code, signal })));
  const port = await new Promise((resolve, reject) => {
    let buffer = '';
    proc.stdout.on('data', (chunk) => {
      buffer += chunk;
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        try { lines.push(JSON.parse(line)); } catch { lines.push({ raw: line }); }
        const last = lines[lines.length - 1];
        if (last.event === 'listening') resolve(last.port);
      }
    });
    exited.then(({ code }) => reject(new Error(`rapidtrade exited with ${code}: ${stderr}`)));
    // unref: a pending start-up timer must not keep the test process alive.
    setTimeout(() => reject(new Error('rapidtrade did not start within 10 s')), 10000).unref();
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url, port, proc, lines, dataDir,
    stderr: () => stderr,
    async stop() {
      if (proc.exitCode === null) proc.kill('SIGTERM');
      const result = await exited;
      if (!givenDir) rmSync(dataDir, { recursive: true, force: true });
      failOnSanitizerReport(stderr);
      return result;
    },
  };
}

// Under make test-sanitize the binary is built with AddressSanitizer and UndefinedBehaviorSanitizer:
// a report on its stderr (memory error, leak at exit, undefined behaviour) is printed and fails the
// test file (its exit code), without throwing: a throw from stop() in a `finally` would skip the
// other clean-ups (a server left running keeps the test process, and CI, waiting).
export function failOnSanitizerReport(stderr) {
  const report = /(ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:)[\s\S]{0,6000}/.exec(stderr);
  if (!report) return;
  console.error(`sanitizer report from rapidtrade:\n${report[0]}`);
  process.exitCode = 1;
}

// Runs the binary to completion (for CLI checks).
export function runCli(args, env = {}) {
  return new Promise((resolve) => {
    const proc = spawn(BIN, args, { env: { PATH: process.env.PATH, ...env } });
    let stdout = '', stderr = '';
    proc.stdout.on('data', (d) => { stdout += d; });
    proc.stderr.on('data', (d) => { stderr += d; });
    proc.on('close', (code) => {  // after stdout and stderr are read to their end
      failOnSanitizerReport(stderr);
      resolve({ code, stdout, stderr });
    });
  });
}

export async function json(res) {
  const text = await res.text();
  return text ? JSON.parse(text) : null;
}

// A request through node's http module (no fetch normalisation), for raw targets and bodies.
export function rawRequest(url, { method = 'GET', path = '/', headers = {}, body, agent } = {}) {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = http.request({ host: u.hostname, port: u.port, method, path, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

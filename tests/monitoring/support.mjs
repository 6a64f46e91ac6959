// What the monitoring tests share: free ports, running a command, and starting the real
// Prometheus and Pushgateway of Debian's packages until they answer /-/ready.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { freePort } from '../e2e/ports.mjs';

export { freePort };

export const PROMTOOL = process.env.PROMTOOL ?? 'promtool';
export const PROMETHEUS = process.env.PROMETHEUS ?? 'prometheus';
// Debian names the Pushgateway's binary prometheus-pushgateway, and so on.
export const PUSHGATEWAY = process.env.PUSHGATEWAY ?? 'prometheus-pushgateway';
export const ALERTMANAGER = process.env.ALERTMANAGER ?? 'prometheus-alertmanager';
export const AMTOOL = process.env.AMTOOL ?? 'amtool';
export const BLACKBOX = process.env.BLACKBOX_EXPORTER ?? 'prometheus-blackbox-exporter';

// Runs a command to its end: { code, out } with stdout and stderr together.
export function run(cmd, args, { cwd, env } = {}) {
  return new Promise((res) => {
    const p = spawn(cmd, args, { cwd, env });
    let out = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { out += d; });
    p.on('error', (e) => res({ code: -1, out: `${cmd}: ${e.message}` }));
    p.on('close', (code) => res({ code, out }));  // 'close': the output is read to its end
  });
}

// Starts a server that answers GET /-/ready when it is up: { url, output(), stop() }.
async function startReadyServer(what, cmd, args, port) {
  const proc = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout.on('data', (d) => { out += d; });
  proc.stderr.on('data', (d) => { out += d; });
  let spawnError = null;
  proc.on('error', (e) => { spawnError = e; });
  const exited = new Promise((res) => proc.on('close', (code, signal) => res({ code, signal })));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15000;
  for (;;) {
    if (spawnError) throw new Error(`${what}: cannot start ${cmd} (${spawnError.message}); install Debian's package: scripts/install-deps.sh test`);
    if (proc.exitCode !== null) throw new Error(`${what} exited:\n${out}`);
    try { if ((await fetch(`${url}/-/ready`)).ok) break; } catch { /* not yet */ }
    if (Date.now() > deadline) { proc.kill('SIGKILL'); throw new Error(`${what} not ready within 15 s:\n${out}`); }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    output: () => out,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      await exited;
    },
  };
}

// A Prometheus running `config` (an object, written to dir/prometheus.yml), its data in dir/data,
// on `port` (a free one when not given).
export async function startPrometheus(config, dir, port) {
  port ??= await freePort();
  writeFileSync(join(dir, 'prometheus.yml'), YAML.stringify(config));
  return startReadyServer('prometheus', PROMETHEUS, [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
  ], port);
}

// In memory only: Debian's build persists to /var/lib/prometheus/pushgateway.data by default,
// which would carry metrics from one run to the next.
export async function startPushgateway() {
  const port = await freePort();
  return startReadyServer('pushgateway', PUSHGATEWAY, [`--web.listen-address=127.0.0.1:${port}`, '--persistence.file='], port);
}

// An Alertmanager running the configuration file `configFile` (its templates where it names
// them), its silences and notification log in dir/alertmanager-data; a single instance (no gossip).
export async function startAlertmanager(configFile, dir) {
  const port = await freePort();
  return startReadyServer('alertmanager', ALERTMANAGER, [
    `--config.file=${configFile}`,
    `--storage.path=${join(dir, 'alertmanager-data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    `--web.external-url=http://127.0.0.1:${port}`,
    '--cluster.listen-address=',
  ], port);
}

// A blackbox exporter running the configuration file `configFile`.
export async function startBlackbox(configFile) {
  const port = await freePort();
  return startReadyServer('blackbox exporter', BLACKBOX, [`--config.file=${configFile}`, `--web.listen-address=127.0.0.1:${port}`], port);
}

// An instant query: { series: [...] } or { error }.
export async function query(promUrl, expr) {
  const res = await fetch(`${promUrl}/api/v1/query`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ query: expr }),
  });
  const body = await res.json();
  if (body.status !== 'success') return { error: `${body.errorType}: ${body.error}` };
  return { series: body.data.result };
}

// Polls `check` (async, returns a failure description or null) until it passes or `ms` elapse.
export async function eventually(check, ms = 20000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const failure = await check();
    if (!failure) return;
    if (Date.now() > deadline) throw new Error(failure);
    await new Promise((r) => setTimeout(r, 500));
  }
}

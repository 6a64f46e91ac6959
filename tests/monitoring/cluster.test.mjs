// The cluster's Prometheus configuration (deploy/monitoring/prometheus/prometheus.yml) run by a
// real Prometheus: its relabelling keeps exactly the shop's pods, and the pg_dump backup
// CronJob's script (deploy/k8s/components/backups) reports its success through a real
// Pushgateway, so that the backup alerts have their input.
// Kubernetes discovery is not available here (no cluster, and Debian's Prometheus is built
// without it): the pods are handed to the same relabelling through a file, with the labels
// Kubernetes discovery gives them (__meta_kubernetes_pod_*).
// Needs /usr/bin/prometheus, /usr/bin/prometheus-pushgateway and RAPIDTRADE_BIN.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, readFileSync, writeFileSync, readdirSync, copyFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { startServer } from '../e2e/server.mjs';
import { freePort, startPrometheus, startPushgateway, query, eventually } from './support.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const PROM_DIR = join(ROOT, 'deploy/monitoring/prometheus');
const BACKUP_SCRIPTS = join(ROOT, 'deploy/k8s/components/backups');
const DATABASES = ['catalog', 'customers', 'auth', 'cart', 'shipping', 'payment', 'checkout', 'email'];
const BACKUP_METRIC = 'rapidtrade_backup_last_success_timestamp_seconds';

let srv;
let pushgateway;
let prom;
let dir;

// One pod as Kubernetes discovery describes it (role: pod, one target per container port).
function pod(name, { ip = '127.0.0.1', port = 5000, labels = {}, annotations = {}, phase = 'Running', init = false } = {}) {
  const meta = {
    __meta_kubernetes_namespace: 'rapidtradeco',
    __meta_kubernetes_pod_name: name,
    __meta_kubernetes_pod_ip: ip,
    __meta_kubernetes_pod_node_name: 'worker-1',
    __meta_kubernetes_pod_phase: phase,
    __meta_kubernetes_pod_container_init: String(init),
  };
  for (const [k, v] of Object.entries(labels)) meta[`__meta_kubernetes_pod_label_${k.replace(/[^a-zA-Z0-9_]/g, '_')}`] = v;
  for (const [k, v] of Object.entries(annotations)) meta[`__meta_kubernetes_pod_annotation_${k.replace(/[^a-zA-Z0-9_]/g, '_')}`] = v;
  return { targets: [`${ip}:${port}`], labels: meta };
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rapidtrade-cluster-monitoring-'));
  srv = await startServer();
  pushgateway = await startPushgateway();
  const shopPort = String(srv.port);
  const name = (n) => ({ 'app.kubernetes.io/name': n });
  const pods = [
    // The shop's targets: scraped.
    pod('catalog-7d9f-abcde', { labels: name('catalog'), annotations: { 'prometheus.io/port': shopPort } }),
    pod('frontend-5c6b-fghij', { labels: { app: 'frontend' }, annotations: { 'prometheus.io/port': shopPort } }),
    pod('cart-84d2-klmno', { ip: '127.0.0.2', labels: name('cart') }),
    pod('exporter-1', { ip: '127.0.0.3', port: 9100, annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9100', 'prometheus.io/path': '/probe' } }),
    // Everything else: not scraped by the job "rapidtrade".
    pod('catalog-7d9f-migrate', { labels: name('catalog'), init: true }),
    pod('catalog-7d9f-pending', { labels: name('catalog'), phase: 'Pending' }),
    pod('checkout-opted-out', { labels: name('checkout'), annotations: { 'prometheus.io/scrape': 'false' } }),
    pod('postgres-1', { port: 5432, labels: { 'app.kubernetes.io/name': 'postgres', 'cnpg.io/cluster': 'postgres' } }),
    pod('postgres-backup-29131-xyz', { labels: name('postgres-backup') }),
    pod('mailpit-1', { port: 1025, labels: name('mailpit') }),
    pod('prometheus-1', { port: 9090, labels: name('prometheus') }),
    pod('grafana-1', { port: 3000, labels: name('grafana') }),
    pod('pushgateway-1', { port: 9091, labels: name('pushgateway') }),
    pod('stray', { port: 8080, labels: { run: 'debug' } }),
  ];
  writeFileSync(join(dir, 'pods.json'), JSON.stringify(pods));

  const config = YAML.parse(readFileSync(join(PROM_DIR, 'prometheus.yml'), 'utf8'));
  config.global = { ...config.global, scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' };
  config.rule_files = config.rule_files.map((f) => join(PROM_DIR, f));
  const promPort = await freePort();
  const jobs = [];
  for (const job of config.scrape_configs) {
    // The kubelets are reached through the API server only: nothing to scrape here.
    if (job.job_name === 'kubelet') continue;
    if (job.kubernetes_sd_configs) {
      delete job.kubernetes_sd_configs;
      job.file_sd_configs = [{ files: [join(dir, 'pods.json')] }];
    }
    // The Services of the cluster, here on this machine.
    for (const sc of job.static_configs ?? [])
      sc.targets = sc.targets.map((t) => ({ 'pushgateway:9091': pushgateway.url.slice('http://'.length), 'localhost:9090': `127.0.0.1:${promPort}` })[t] ?? t);
    jobs.push(job);
  }
  config.scrape_configs = jobs;
  prom = await startPrometheus(config, dir, promPort);
});

after(async () => {
  if (prom) await prom.stop();
  if (pushgateway) await pushgateway.stop();
  if (srv) await srv.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function targets() {
  const body = await (await fetch(`${prom.url}/api/v1/targets?state=any`)).json();
  return body.data;
}

test('pod discovery keeps the shop\'s pods, on their port and path, labelled app/pod/node, and nothing else', async () => {
  let active = [];
  await eventually(async () => {
    active = (await targets()).activeTargets.filter((t) => t.scrapePool === 'rapidtrade');
    return active.length >= 4 ? null : `discovery not done: ${active.length} targets`;
  });
  const seen = active.map((t) => `${t.labels.pod} ${t.labels.app ?? '-'} ${t.scrapeUrl}`).sort();
  assert.deepEqual(seen, [
    `cart-84d2-klmno cart http://127.0.0.2:5000/metrics`,
    `catalog-7d9f-abcde catalog http://127.0.0.1:${srv.port}/metrics`,
    'exporter-1 - http://127.0.0.3:9100/probe',
    `frontend-5c6b-fghij frontend http://127.0.0.1:${srv.port}/metrics`,
  ]);
  for (const t of active) {
    assert.equal(t.labels.namespace, 'rapidtradeco');
    assert.equal(t.labels.node, 'worker-1');
  }
  // And the kept ones are really scraped: the shop's metrics arrive labelled with their app.
  await eventually(async () => {
    const r = await query(prom.url, 'sum by (app) (up{job="rapidtrade", app=~"catalog|frontend"})');
    const apps = (r.series ?? []).filter((s) => s.value[1] === '1').map((s) => s.metric.app).sort();
    return apps.join() === 'catalog,frontend' ? null : `catalog and frontend not up yet: ${JSON.stringify(r)}`;
  });
  const r = await query(prom.url, 'scrape_samples_scraped{job="rapidtrade", app="catalog"} > 100');
  assert.equal(r.series?.length, 1, `the shop's metrics were scraped: ${JSON.stringify(r)}`);
});

// Runs the CronJob's backup.sh, with its push-metric.sh beside it as in the ConfigMap, and
// stand-ins for pg_dump and pg_restore (the scripts' own logic and the push are under test; the
// real pg_dump is in the disaster-recovery drill of tests/e2e/backup.test.mjs).
function runBackup(pushgatewayUrl) {
  const work = mkdtempSync(join(dir, 'backup-'));
  const scripts = join(work, 'scripts');
  const bin = join(work, 'bin');
  const root = join(work, 'backups');
  for (const d of [scripts, bin, root]) mkdirSync(d);
  for (const f of readdirSync(BACKUP_SCRIPTS).filter((f) => f.endsWith('.sh'))) copyFileSync(join(BACKUP_SCRIPTS, f), join(scripts, f));
  writeFileSync(join(bin, 'pg_dump'), '#!/bin/bash\nfor a; do case "$a" in --file=*) f="${a#--file=}";; esac; done\necho dump > "$f"\n', { mode: 0o755 });
  writeFileSync(join(bin, 'pg_restore'), '#!/bin/bash\nexit 0\n', { mode: 0o755 });
  const env = { PATH: `${bin}:${process.env.PATH}`, BACKUP_ROOT: root, BACKUP_KEEP: '2', POSTGRES_HOST: 'postgres', DATABASES: DATABASES.join(' ') };
  for (const d of DATABASES) env[`DB_PASSWORD_${d.toUpperCase()}`] = 'x';
  if (pushgatewayUrl) env.PUSHGATEWAY_URL = pushgatewayUrl;
  const r = spawnSync('bash', [join(scripts, 'backup.sh')], { env, encoding: 'utf8' });
  return { ...r, lastSuccess: existsSync(join(root, 'last-success')) };
}

test('the backup CronJob reports its success through the Pushgateway: Prometheus knows the last backup\'s age', async () => {
  const backupAge = `time() - max(${BACKUP_METRIC}{job="postgres-backup"})`;
  // Before any backup: nothing, so RapidTradeBackupMetricMissing's expression holds.
  assert.deepEqual((await query(prom.url, `${BACKUP_METRIC}{job="postgres-backup"}`)).series, []);

  const started = Date.now() / 1000;
  const r = runBackup(pushgateway.url);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.lastSuccess, 'last-success written');
  assert.match(r.stdout, new RegExp(`push-metric: ${BACKUP_METRIC}=\\d+ pushed to ${pushgateway.url} \\(job postgres-backup\\)`));

  // The Pushgateway holds it under job="postgres-backup"; Prometheus scrapes it with that label.
  await eventually(async () => {
    const s = (await query(prom.url, backupAge)).series ?? [];
    return s.length === 1 ? null : `no ${BACKUP_METRIC} from the Pushgateway yet`;
  });
  const [pushed] = (await query(prom.url, `${BACKUP_METRIC}{job="postgres-backup"}`)).series;
  assert.ok(Math.abs(Number(pushed.value[1]) - started) < 30, `pushed the backup's time: ${pushed.value[1]} vs ${started}`);
  // The two backup alerts, with the committed rules, stay quiet.
  const alerts = YAML.parse(readFileSync(join(PROM_DIR, 'rules/alerts.yml'), 'utf8')).groups.flatMap((g) => g.rules);
  for (const name of ['RapidTradeBackupTooOld', 'RapidTradeBackupMetricMissing']) {
    const rule = alerts.find((a) => a.alert === name);
    assert.deepEqual((await query(prom.url, rule.expr)).series, [], `${name}: ${rule.expr} holds after a backup`);
  }
});

test('a Pushgateway that cannot be reached leaves the backup complete, with a warning', async () => {
  const closed = await freePort();
  const r = runBackup(`http://127.0.0.1:${closed}`);
  assert.equal(r.status, 0, `the backup succeeded: ${r.stderr}`);
  assert.ok(r.lastSuccess, 'last-success written');
  assert.match(r.stderr, new RegExp(`backup: warning: could not report the success to http://127.0.0.1:${closed} \\(the backup itself is complete\\)`));
  const bad = runBackup('https://pushgateway:9091');
  assert.equal(bad.status, 0);
  assert.match(bad.stderr, /PUSHGATEWAY_URL must be http:\/\/host\[:port\], not 'https:\/\/pushgateway:9091'/);
});

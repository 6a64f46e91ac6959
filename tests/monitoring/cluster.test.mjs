// The cluster's Prometheus configuration (deploy/monitoring/prometheus/prometheus.yml) run by a
// real Prometheus: its relabelling keeps exactly the shop's pods, and the pg_dump backup
// CronJob's script (deploy/k8s/components/backups) reports its success through a real
// Pushgateway, so that the backup alerts have their input.
// Kubernetes discovery is not available here (no cluster, and Debian's Prometheus is built
// without it): the pods are handed to the same relabelling through a file, with the labels
// Kubernetes discovery gives them (__meta_kubernetes_pod_*). The probes of probes.yml go through a
// real blackbox exporter to the shop (standing for the Ingress), and Prometheus finds the real
// Alertmanager it sends its alerts to. Last, the monitoring component's manifests, rendered by
// kustomize in both overlays: Alertmanager and the blackbox exporter run exactly these files.
// Needs /usr/bin/prometheus, /usr/bin/prometheus-pushgateway, /usr/bin/prometheus-alertmanager,
// /usr/bin/prometheus-blackbox-exporter, kubectl and RAPIDTRADE_BIN.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, readFileSync, writeFileSync, readdirSync, copyFileSync, existsSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path, { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { startServer } from '../e2e/server.mjs';
import { freePort, startPrometheus, startPushgateway, startAlertmanager, startBlackbox, query, eventually } from './support.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../..');
const MON = join(ROOT, 'deploy/monitoring');
const PROM_DIR = join(MON, 'prometheus');
// Where probes.yml sends the probes: Traefik, k3s's Ingress controller, by its in-cluster name.
const INGRESS = 'https://traefik.kube-system.svc.cluster.local';
const BACKUP_SCRIPTS = join(ROOT, 'deploy/k8s/components/backups');
const DATABASES = ['catalog', 'customers', 'auth', 'cart', 'shipping', 'payment', 'checkout', 'email'];
const BACKUP_METRIC = 'rapidtrade_backup_last_success_timestamp_seconds';
const CNPG_PODS = ['postgres-2', 'postgres-1-initdb-x7k2p'];

let srv;
let pushgateway;
let prom;
let dir;
let blackbox;
let alertmanager;

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
  // Each label and annotation twice, as discovery gives them: its value, and that it is present.
  for (const [k, v] of Object.entries(labels)) {
    meta[`__meta_kubernetes_pod_label_${k.replace(/[^a-zA-Z0-9_]/g, '_')}`] = v;
    meta[`__meta_kubernetes_pod_labelpresent_${k.replace(/[^a-zA-Z0-9_]/g, '_')}`] = 'true';
  }
  for (const [k, v] of Object.entries(annotations)) {
    meta[`__meta_kubernetes_pod_annotation_${k.replace(/[^a-zA-Z0-9_]/g, '_')}`] = v;
    meta[`__meta_kubernetes_pod_annotationpresent_${k.replace(/[^a-zA-Z0-9_]/g, '_')}`] = 'true';
  }
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
    // CloudNativePG's instances and jobs as newer releases label them: an app label the keep rule
    // takes, dropped for their cnpg.io/cluster.
    ...CNPG_PODS.map((n) => pod(n, { port: 5432, labels: { 'app.kubernetes.io/name': 'postgresql', 'cnpg.io/cluster': 'postgres', ...(n.includes('initdb') ? { 'cnpg.io/jobRole': 'initdb' } : { 'cnpg.io/instanceRole': 'primary' }) } })),
    pod('postgres-backup-29131-xyz', { labels: name('postgres-backup') }),
    pod('mailpit-1', { port: 1025, labels: name('mailpit') }),
    pod('prometheus-1', { port: 9090, labels: name('prometheus') }),
    pod('grafana-1', { port: 3000, labels: name('grafana') }),
    pod('pushgateway-1', { port: 9091, labels: name('pushgateway') }),
    pod('alertmanager-1', { port: 9093, labels: name('alertmanager') }),
    pod('blackbox-exporter-1', { port: 9115, labels: name('blackbox-exporter') }),
    pod('stray', { port: 8080, labels: { run: 'debug' } }),
  ];
  writeFileSync(join(dir, 'pods.json'), JSON.stringify(pods));

  blackbox = await startBlackbox(join(MON, 'blackbox/blackbox.yml'));
  alertmanager = await startAlertmanager(join(MON, 'alertmanager/alertmanager.yml'), dir);
  // probes.yml, the Ingress being the shop here.
  writeFileSync(join(dir, 'probes.yml'), readFileSync(join(PROM_DIR, 'probes.yml'), 'utf8').replaceAll(`${INGRESS}/`, `${srv.url}/`));
  const here = {
    'pushgateway:9091': pushgateway.url.slice('http://'.length),
    'alertmanager:9093': alertmanager.url.slice('http://'.length),
    'blackbox-exporter:9115': blackbox.url.slice('http://'.length),
  };
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
      sc.targets = sc.targets.map((t) => ({ ...here, 'localhost:9090': `127.0.0.1:${promPort}` })[t] ?? t);
    // Every second here (the probes' own 30 s included).
    if (job.scrape_interval) job.scrape_interval = '1s';
    if (job.scrape_timeout) job.scrape_timeout = '1s';
    for (const sd of job.file_sd_configs ?? []) sd.files = sd.files.map((f) => (f === 'probes.yml' ? join(dir, f) : f));
    for (const r of job.relabel_configs ?? []) if (r.target_label === '__address__' && here[r.replacement]) r.replacement = here[r.replacement];
    jobs.push(job);
  }
  config.scrape_configs = jobs;
  for (const am of config.alerting.alertmanagers)
    for (const sc of am.static_configs) sc.targets = sc.targets.map((t) => here[t] ?? t);
  prom = await startPrometheus(config, dir, promPort);
});

after(async () => {
  if (prom) await prom.stop();
  if (pushgateway) await pushgateway.stop();
  if (blackbox) await blackbox.stop();
  if (alertmanager) await alertmanager.stop();
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
  // Discovered and dropped, not merely missing from the file: a rule that lost them fails above.
  const dropped = (await targets()).droppedTargets.map((t) => t.discoveredLabels.__meta_kubernetes_pod_name);
  for (const n of CNPG_PODS) assert.ok(dropped.includes(n), `CloudNativePG pod ${n} (app.kubernetes.io/name: postgresql, cnpg.io/cluster) dropped`);
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

test('the probes of probes.yml go through the blackbox exporter to the Ingress, labelled route and service, and pass', async () => {
  let probes = [];
  await eventually(async () => {
    probes = (await targets()).activeTargets.filter((t) => t.scrapePool === 'blackbox');
    return probes.length === 3 ? null : `probe targets: ${probes.length}`;
  });
  const seen = probes.map((t) => `${t.labels.route} ${t.labels.service} ${new URL(t.scrapeUrl).searchParams.get('module')} ${t.labels.instance}`).sort();
  assert.deepEqual(seen, [
    `/ frontend http_page ${srv.url}/`,
    `/apis/customers/ customers http_api_refusal ${srv.url}/apis/customers/`,
    `/apis/products/ catalog http_json_list ${srv.url}/apis/products/`,
  ]);
  for (const t of probes) assert.equal(new URL(t.scrapeUrl).host, blackbox.url.slice('http://'.length), 'asked of the blackbox exporter');
  // The committed file probes the Ingress, on the paths the probes are labelled with.
  for (const entry of YAML.parse(readFileSync(join(PROM_DIR, 'probes.yml'), 'utf8')))
    assert.deepEqual(entry.targets, [`${INGRESS}${entry.labels.route}`]);
  await eventually(async () => {
    const r = await query(prom.url, 'probe_success{job="blackbox"} == 1');
    return r.series?.length === 3 ? null : `probes not all passing yet: ${JSON.stringify(r)}`;
  });
});

test('Prometheus sends its alerts to the Alertmanager of its configuration, and scrapes it', async () => {
  await eventually(async () => {
    const body = await (await fetch(`${prom.url}/api/v1/alertmanagers`)).json();
    const urls = body.data.activeAlertmanagers.map((a) => a.url);
    return urls.includes(`${alertmanager.url}/api/v2/alerts`) ? null : `alertmanagers: ${JSON.stringify(urls)}`;
  });
  await eventually(async () => {
    const r = await query(prom.url, 'up{job="alertmanager"} == 1');
    return r.series?.length === 1 ? null : 'alertmanager not scraped yet';
  });
});

// ---------------------------------------------------------------------------------------------
// The component's manifests for Alertmanager and the blackbox exporter, in both overlays, rendered
// as tests/deploy/manifests.test.mjs does (a scratch copy, secrets by generate-secrets.sh). That
// file checks what every workload must be (security context, probes, resources, Secrets, network
// policies as a whole); here: that they run the committed files, reachable where Prometheus looks.

function render(overlay) {
  const scratch = mkdtempSync(join(dir, 'k8s-'));
  const isRealSecret = (src) => /\/secrets\/[^/]+$/.test(src) && !src.endsWith('.example');
  for (const d of ['k8s', 'monitoring']) cpSync(join(ROOT, 'deploy', d), join(scratch, d), { recursive: true, filter: (src) => !isRealSecret(src) });
  const gen = spawnSync('bash', [join(scratch, 'k8s/generate-secrets.sh')], { encoding: 'utf8' });
  assert.equal(gen.status, 0, gen.stderr);
  const r = spawnSync('kubectl', ['kustomize', join(scratch, 'k8s/overlays', overlay)], { encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(r.error, undefined, 'kubectl is needed (it embeds kustomize)');
  assert.equal(r.status, 0, r.stderr);
  return YAML.parseAllDocuments(r.stdout).map((d) => d.toJS()).filter(Boolean);
}

const find = (objs, kind, name) => objs.find((o) => o.kind === kind && (o.metadata.name === name || new RegExp(`^${name}-[a-z0-9]{10}$`).test(o.metadata.name)));
const committed = (f) => readFileSync(join(MON, f), 'utf8');
// Path -> content of the files a ConfigMap (or projected ConfigMap) volume lays out.
function laidOut(objs, volume) {
  const files = {};
  const sources = volume.projected ? volume.projected.sources : [{ configMap: volume.configMap }];
  for (const { configMap } of sources) {
    if (!configMap) continue;
    const cm = find(objs, 'ConfigMap', configMap.name);
    assert.ok(cm, `ConfigMap ${configMap.name}`);
    for (const item of configMap.items ?? Object.keys(cm.data).map((key) => ({ key, path: key }))) files[item.path] = cm.data[item.key];
  }
  return files;
}
const arg = (c, flag) => c.args.find((a) => a.startsWith(`--${flag}=`))?.slice(flag.length + 3);
const mountOf = (c, file) => c.volumeMounts.filter((m) => file.startsWith(`${m.mountPath}/`)).sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
const portOf = (service, port) => service.spec.ports.find((p) => p.port === port);

for (const overlay of ['local', 'production']) {
  test(`${overlay} overlay: Alertmanager and the blackbox exporter run the committed files, where Prometheus sends and asks`, () => {
    const objs = render(overlay);
    const promConfig = YAML.parse(committed('prometheus/prometheus.yml'));

    // Alertmanager: alertmanager.yml and its templates as the file names them, the SMTP password
    // from the generated Secret where smtp_auth_password_file reads it, its state on a volume.
    const am = find(objs, 'Deployment', 'alertmanager');
    assert.ok(am, 'a Deployment alertmanager');
    const ac = am.spec.template.spec.containers[0];
    const amVolumes = Object.fromEntries(am.spec.template.spec.volumes.map((v) => [v.name, v]));
    const configFile = arg(ac, 'config.file');
    const configMount = mountOf(ac, configFile);
    const files = laidOut(objs, amVolumes[configMount.name]);
    assert.equal(files[path.relative(configMount.mountPath, configFile)], committed('alertmanager/alertmanager.yml'));
    const amConfig = YAML.parse(committed('alertmanager/alertmanager.yml'));
    assert.deepEqual(amConfig.templates, ['templates/*.tmpl']);
    for (const f of readdirSync(join(MON, 'alertmanager/templates')))
      assert.equal(files[`templates/${f}`], committed(`alertmanager/templates/${f}`), `template ${f} beside alertmanager.yml`);
    const passwordFile = amConfig.global.smtp_auth_password_file;
    const secretMount = mountOf(ac, passwordFile);
    const secretSources = amVolumes[secretMount.name].projected.sources.filter((x) => x.secret).map((x) => x.secret);
    const secret = find(objs, 'Secret', 'alertmanager-smtp');
    assert.ok(secret && secret.metadata.name !== 'alertmanager-smtp', 'Secret alertmanager-smtp, generated (hash suffix)');
    assert.deepEqual(secretSources, [{ name: secret.metadata.name, items: [{ key: 'password', path: path.relative(secretMount.mountPath, passwordFile) }] }]);
    assert.ok('password' in secret.data);
    assert.equal(ac.volumeMounts.filter((m) => m.mountPath.startsWith(`${configMount.mountPath}/`)).length, 0, 'no mount nested in the configuration');
    const dataVolume = amVolumes[mountOf(ac, `${arg(ac, 'storage.path')}/x`).name];
    assert.ok(find(objs, 'PersistentVolumeClaim', dataVolume.persistentVolumeClaim?.claimName), 'silences on a volume');
    assert.equal(am.spec.strategy.type, 'Recreate');
    assert.equal(arg(ac, 'cluster.listen-address'), '', 'a single instance: no gossip');
    const [amTarget] = promConfig.alerting.alertmanagers[0].static_configs[0].targets;
    const amService = find(objs, 'Service', amTarget.split(':')[0]);
    assert.ok(amService, `Prometheus sends to ${amTarget}: a Service`);
    assert.equal(portOf(amService, Number(amTarget.split(':')[1]))?.targetPort, 'http');
    assert.equal(amService.spec.selector['app.kubernetes.io/name'], 'alertmanager');
    assert.equal(arg(ac, 'web.listen-address'), `:${ac.ports.find((p) => p.name === 'http').containerPort}`);

    // The blackbox exporter: blackbox.yml where --config.file says; the Service Prometheus asks.
    const bb = find(objs, 'Deployment', 'blackbox-exporter');
    assert.ok(bb, 'a Deployment blackbox-exporter');
    const bc = bb.spec.template.spec.containers[0];
    const bbConfig = arg(bc, 'config.file');
    const bbMount = mountOf(bc, bbConfig);
    const bbFiles = laidOut(objs, bb.spec.template.spec.volumes.find((v) => v.name === bbMount.name));
    assert.equal(bbFiles[path.relative(bbMount.mountPath, bbConfig)], committed('blackbox/blackbox.yml'));
    const job = promConfig.scrape_configs.find((j) => j.job_name === 'blackbox');
    const address = job.relabel_configs.find((r) => r.target_label === '__address__').replacement;
    const bbService = find(objs, 'Service', address.split(':')[0]);
    assert.ok(bbService, `Prometheus asks ${address}: a Service`);
    assert.equal(portOf(bbService, Number(address.split(':')[1]))?.targetPort, 'http');
    assert.equal(bbService.spec.selector['app.kubernetes.io/name'], 'blackbox-exporter');
    // Every module the probes name exists.
    const modules = Object.keys(YAML.parse(committed('blackbox/blackbox.yml')).modules);
    for (const entry of YAML.parse(committed('prometheus/probes.yml'))) assert.ok(modules.includes(entry.labels.__param_module), entry.labels.__param_module);

    // Prometheus has probes.yml beside prometheus.yml (file_sd_configs: probes.yml).
    const prom = find(objs, 'Deployment', 'prometheus');
    const pc = prom.spec.template.spec.containers[0];
    const promMount = mountOf(pc, arg(pc, 'config.file'));
    const promFiles = laidOut(objs, prom.spec.template.spec.volumes.find((v) => v.name === promMount.name));
    assert.deepEqual(job.file_sd_configs, [{ files: ['probes.yml'] }]);
    assert.equal(promFiles['probes.yml'], committed('prometheus/probes.yml'));

    // The component's generated ConfigMaps and Secrets carry the prune label (deploy/k8s/prune-generated.sh).
    const mine = objs.filter((o) => ['ConfigMap', 'Secret'].includes(o.kind) && /^(grafana|prometheus|alertmanager|blackbox)-/.test(o.metadata.name));
    assert.ok(mine.length >= 6, `generated objects: ${mine.length}`);
    for (const o of mine) assert.equal(o.metadata.labels?.['rapidtrade.shop/generated'], 'true', `${o.kind}/${o.metadata.name}: prune label`);

    // Neither is on the shop's Ingress.
    for (const ing of objs.filter((o) => o.kind === 'Ingress'))
      for (const rule of ing.spec.rules)
        for (const p of rule.http.paths) assert.ok(!['alertmanager', 'blackbox-exporter'].includes(p.backend.service.name), `the Ingress exposes ${p.backend.service.name}`);

    // With the network policies (production): Prometheus -> Alertmanager and the blackbox exporter,
    // Alertmanager -> the mail catcher, the blackbox exporter -> Traefik's entry points.
    if (overlay !== 'production') return;
    const policies = objs.filter((o) => o.kind === 'NetworkPolicy');
    const selects = (np, name) => np.spec.podSelector.matchLabels?.['app.kubernetes.io/name'] === name;
    const egressTo = (from, match, port) => policies.some((np) => selects(np, from) && (np.spec.egress ?? []).some((r) =>
      r.to.some((peer) => match(peer)) && r.ports.some((p) => p.port === port)));
    const ingressFrom = (to, from, port) => policies.some((np) => selects(np, to) && (np.spec.ingress ?? []).some((r) =>
      r.from.some((peer) => peer.podSelector?.matchLabels?.['app.kubernetes.io/name'] === from && !peer.namespaceSelector) && r.ports.some((p) => p.port === port)));
    const pod = (name) => (peer) => peer.podSelector?.matchLabels?.['app.kubernetes.io/name'] === name && !peer.namespaceSelector;
    assert.ok(egressTo('prometheus', pod('alertmanager'), 9093) && ingressFrom('alertmanager', 'prometheus', 9093), 'prometheus -> alertmanager:9093');
    assert.ok(egressTo('prometheus', pod('blackbox-exporter'), 9115) && ingressFrom('blackbox-exporter', 'prometheus', 9115), 'prometheus -> blackbox-exporter:9115');
    assert.ok(egressTo('alertmanager', pod('mailpit'), 1025) && ingressFrom('mailpit', 'alertmanager', 1025), 'alertmanager -> mailpit:1025');
    const traefik = (peer) => peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'kube-system' && peer.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'traefik';
    assert.ok(egressTo('blackbox-exporter', traefik, 8443) && egressTo('blackbox-exporter', traefik, 8000), 'blackbox-exporter -> traefik:8000,8443');
  });
}

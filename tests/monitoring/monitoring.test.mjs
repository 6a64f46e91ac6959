// Monitoring as code (deploy/monitoring): the Prometheus configs and rules pass promtool, the
// alerts behave (promtool test rules, alerts.test.yml), and every dashboard panel and recording
// rule returns data from a real Prometheus scraping the real `rapidtrade serve` after 3 orders,
// with the blackbox exporter probing its public routes as the compose configuration does.
// Needs /usr/bin/prometheus and /usr/bin/promtool (Debian package `prometheus`),
// /usr/bin/prometheus-blackbox-exporter and RAPIDTRADE_BIN.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, readFileSync, writeFileSync, readdirSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { startServer, API_KEY } from '../e2e/server.mjs';
import { PROMTOOL, BLACKBOX, run, startPrometheus, startBlackbox, query as promQuery, eventually } from './support.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const MON = resolve(HERE, '../../deploy/monitoring');
const PROM_DIR = join(MON, 'prometheus');
const RULE_FILES = ['rules/recording.yml', 'rules/alerts.yml'].map((f) => join(PROM_DIR, f));
const DASH_DIR = join(MON, 'grafana/dashboards');
const BLACKBOX_CONFIG = join(MON, 'blackbox/blackbox.yml');

async function expectOk(cmd, args, opts) {
  const r = await run(cmd, args, opts);
  assert.equal(r.code, 0, `${cmd} ${args.join(' ')} failed:\n${r.out}`);
  return r.out;
}

const dashboards = () => readdirSync(DASH_DIR).filter((f) => f.endsWith('.json'))
  .map((f) => ({ file: f, json: JSON.parse(readFileSync(join(DASH_DIR, f), 'utf8')) }));

// ---------------------------------------------------------------------------------------------
// (a) promtool check config / check rules

test('promtool check config: compose configuration', async () => {
  await expectOk(PROMTOOL, ['check', 'config', 'prometheus-compose.yml'], { cwd: PROM_DIR });
});

test('promtool check config: Kubernetes configuration', async (t) => {
  // Checked on a copy (with rules/ next to it) whose in-cluster service-account files point at
  // dummies, since promtool stats them and they exist only inside a pod.
  const config = YAML.parse(readFileSync(join(PROM_DIR, 'prometheus.yml'), 'utf8'));
  const jobs = Object.fromEntries(config.scrape_configs.map((j) => [j.job_name, j]));
  assert.deepEqual(jobs.rapidtrade?.kubernetes_sd_configs, [{ role: 'pod', namespaces: { names: ['rapidtradeco'] } }]);
  assert.deepEqual(jobs.kubelet?.kubernetes_sd_configs, [{ role: 'node' }]);
  const dir = mkdtempSync(join(tmpdir(), 'rapidtrade-promcheck-'));
  try {
    cpSync(join(PROM_DIR, 'rules'), join(dir, 'rules'), { recursive: true });
    cpSync(join(PROM_DIR, 'probes.yml'), join(dir, 'probes.yml'));
    writeFileSync(join(dir, 'token'), 'dummy');
    writeFileSync(join(dir, 'ca.crt'), '');
    const text = readFileSync(join(PROM_DIR, 'prometheus.yml'), 'utf8')
      .replaceAll('/var/run/secrets/kubernetes.io/serviceaccount/token', join(dir, 'token'))
      .replaceAll('/var/run/secrets/kubernetes.io/serviceaccount/ca.crt', join(dir, 'ca.crt'));
    writeFileSync(join(dir, 'prometheus.yml'), text);
    const r = await run(PROMTOOL, ['check', 'config', 'prometheus.yml'], { cwd: dir });
    if (r.code === 0) return;
    // Debian's prometheus is built without Kubernetes service discovery ("field
    // kubernetes_sd_configs not found"): then the discovery blocks are checked above by hand and
    // the rest by promtool, each kubernetes_sd_configs replaced by a static target.
    assert.match(r.out, /field kubernetes_sd_configs not found/, `promtool check config prometheus.yml failed:\n${r.out}`);
    t.diagnostic('this promtool lacks kubernetes_sd_configs (Debian build): discovery blocks checked structurally');
    const copy = YAML.parse(text);
    for (const job of copy.scrape_configs) {
      if (!job.kubernetes_sd_configs) continue;
      delete job.kubernetes_sd_configs;
      job.static_configs = [{ targets: ['kubernetes-sd.invalid:5000'] }];
    }
    writeFileSync(join(dir, 'prometheus.yml'), YAML.stringify(copy));
    await expectOk(PROMTOOL, ['check', 'config', 'prometheus.yml'], { cwd: dir });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('promtool check rules: recording and alerting rules', async () => {
  await expectOk(PROMTOOL, ['check', 'rules', ...RULE_FILES]);
});

test('every alert has annotations.runbook and a severity', () => {
  const groups = YAML.parse(readFileSync(RULE_FILES[1], 'utf8')).groups;
  const alerts = groups.flatMap((g) => g.rules);
  const names = alerts.map((a) => a.alert);
  for (const expected of ['RapidTradeTargetDown', 'RapidTradeHighErrorRatio', 'RapidTradeHighLatencyP99',
    'RapidTradeCheckoutErrors', 'RapidTradeEmailQueueStale', 'RapidTradeBackupTooOld', 'RapidTradePostgresVolumeAlmostFull',
    'RapidTradeProbeFailed', 'RapidTradeProbeSlow', 'RapidTradeAlertNotificationsFailing']) {
    assert.ok(names.includes(expected), `missing alert ${expected}`);
  }
  for (const a of alerts) {
    assert.ok(a.annotations?.runbook?.length > 40, `${a.alert}: no annotations.runbook`);
    assert.match(a.labels?.severity ?? '', /^(critical|warning)$/, `${a.alert}: severity`);
  }
});

test('blackbox exporter: the configuration loads', async () => {
  const r = await run(BLACKBOX, [`--config.file=${BLACKBOX_CONFIG}`, '--config.check']);
  assert.equal(r.code, 0, r.out);
});

// ---------------------------------------------------------------------------------------------
// (b) promtool test rules

test('promtool test rules: alerts.test.yml', async () => {
  await expectOk(PROMTOOL, ['test', 'rules', 'alerts.test.yml'], { cwd: HERE });
});

// ---------------------------------------------------------------------------------------------
// Dashboards: structure (Grafana 10 JSON, ${datasource} variable).

test('dashboards: Grafana JSON with a ${datasource} Prometheus variable on every panel', () => {
  const all = dashboards();
  assert.ok(all.some((d) => d.json.title === 'RapidTrade – boutique'), 'no "RapidTrade – boutique" dashboard');
  for (const s of ['catalog', 'customers', 'auth', 'cart', 'shipping', 'payment', 'checkout', 'email', 'frontend']) {
    assert.ok(all.some((d) => d.json.uid === `rapidtrade-${s}`), `no dashboard for ${s}`);
  }
  assert.equal(new Set(all.map((d) => d.json.uid)).size, all.length, 'duplicate dashboard uid');
  for (const { file, json } of all) {
    assert.ok(json.schemaVersion >= 36, `${file}: schemaVersion`);
    const v = json.templating.list.find((x) => x.name === 'datasource');
    assert.equal(v?.type, 'datasource', `${file}: no datasource variable`);
    assert.equal(v.query, 'prometheus');
    assert.equal(new Set(json.panels.map((p) => p.id)).size, json.panels.length, `${file}: duplicate panel id`);
    for (const p of json.panels) {
      assert.equal(p.datasource?.uid, '${datasource}', `${file} / ${p.title}: datasource`);
      assert.ok(p.targets?.length > 0, `${file} / ${p.title}: no targets`);
      for (const tg of p.targets) assert.ok(tg.expr, `${file} / ${p.title}: empty expr`);
    }
  }
});

// ---------------------------------------------------------------------------------------------
// (c) A real Prometheus scraping the real server: every panel and recording rule returns data.

const VARS = { __rate_interval: '1m', __interval: '15s', __range: '5m', __range_s: '300' };
function substitute(expr) {
  const out = expr.replace(/\$\{(\w+)(?::\w+)?\}|\$(\w+)/g, (m, a, b) => {
    const v = VARS[a ?? b];
    if (v === undefined) throw new Error(`unknown template variable ${m} in ${expr}`);
    return v;
  });
  return out;
}

let srv;
let prom;
let promUrl;
let promDir;
let blackbox;

before(async () => {
  srv = await startServer();
  promDir = mkdtempSync(join(tmpdir(), 'rapidtrade-prometheus-'));
  const config = {
    global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
    rule_files: RULE_FILES,
    scrape_configs: [{
      job_name: 'rapidtrade',
      static_configs: [{ targets: [`127.0.0.1:${srv.port}`], labels: { app: 'rapidtrade' } }],
    }],
  };
  // The recording rules' own 30 s interval would be too slow here: evaluate every 1 s.
  const rules = RULE_FILES.map((f, i) => {
    const doc = YAML.parse(readFileSync(f, 'utf8'));
    for (const g of doc.groups) g.interval = '1s';
    const copy = join(promDir, `rules-${i}.yml`);
    writeFileSync(copy, YAML.stringify(doc));
    return copy;
  });
  config.rule_files = rules;
  // The compose configuration's probes, every second, the compose services being this one process.
  blackbox = await startBlackbox(BLACKBOX_CONFIG);
  const probes = YAML.parse(readFileSync(join(PROM_DIR, 'prometheus-compose.yml'), 'utf8')).scrape_configs.find((j) => j.job_name === 'blackbox');
  probes.scrape_interval = '1s';
  probes.scrape_timeout = '1s';
  for (const sc of probes.static_configs) sc.targets = sc.targets.map((t) => t.replace(/^http:\/\/[a-z-]+:5000\//, `${srv.url}/`));
  probes.relabel_configs.find((r) => r.target_label === '__address__').replacement = blackbox.url.slice('http://'.length);
  config.scrape_configs.push(probes);
  prom = await startPrometheus(config, promDir);
  promUrl = prom.url;
});

after(async () => {
  if (prom) await prom.stop();
  if (blackbox) await blackbox.stop();
  if (srv) await srv.stop();
  if (promDir) rmSync(promDir, { recursive: true, force: true });
});

async function call(method, path, body) {
  const res = await fetch(srv.url + path, {
    method,
    headers: { 'X-Api-Key': API_KEY, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

async function query(expr) {
  const r = await promQuery(promUrl, expr);
  return r.error ? r : { series: r.series.length };
}

test('live: every dashboard panel and recording rule returns at least one series', async (t) => {
  for (let i = 0; i < 3; i++) {
    const cart = await call('POST', '/apis/carts/', {});
    await call('POST', `/apis/carts/${cart.id}/lines`, { product_id: 'OPUK6V6EV0', quantity: 1 });
    const order = await call('POST', '/apis/orders/', {
      cart_id: cart.id,
      email: `monitoring-${i}@example.fr`,
      shipping_address: { full_name: 'Jean Rault', street: '3 rue du Temple', city: 'Auxerre', postal_code: '89000' },
      card: { holder: 'Jean Rault', number: '4556426261628918', cvv: '229', exp_month: 2, exp_year: 2028 },
    });
    assert.equal(order.status, 'paid', JSON.stringify(order));
  }

  const exprs = [];
  for (const { file, json } of dashboards()) {
    for (const p of json.panels) {
      for (const tg of p.targets) exprs.push({ where: `${file} / ${p.title} / ${tg.refId}`, expr: substitute(tg.expr) });
    }
  }
  for (const f of RULE_FILES.slice(0, 1)) {
    for (const g of YAML.parse(readFileSync(f, 'utf8')).groups) {
      for (const r of g.rules) exprs.push({ where: `recording rule ${r.record}`, expr: r.expr });
    }
  }
  // ...and the recorded series themselves, as Prometheus evaluated them.
  for (const g of YAML.parse(readFileSync(RULE_FILES[0], 'utf8')).groups) {
    for (const r of g.rules) exprs.push({ where: `recorded series ${r.record}`, expr: r.record });
  }

  // Rates need two scrapes after the orders: retry until everything answers or 25 s have passed.
  const deadline = Date.now() + 25000;
  let failed;
  for (;;) {
    failed = [];
    const placed = await query('sum(rapidtrade_orders_total{outcome="placed"}) >= 3');
    if (!placed.series) failed.push({ where: 'scrape after the 3 orders', expr: 'rapidtrade_orders_total', result: 'not yet' });
    for (const e of exprs) {
      const r = await query(e.expr);
      if (r.error || r.series === 0) failed.push({ ...e, result: r.error ?? 'no series' });
    }
    if (failed.length === 0 || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  t.diagnostic(`${exprs.length} expressions evaluated`);
  assert.deepEqual(failed.map((f) => `${f.where}: ${f.result}\n    ${f.expr}`), [],
    `expressions without data:\n${failed.map((f) => `- ${f.where}: ${f.result}\n    ${f.expr}`).join('\n')}`);
});

test('live: the probes of /, /apis/products/ and /apis/customers/ succeed on the real answers', async () => {
  let seen = [];
  await eventually(async () => {
    const r = await promQuery(promUrl, 'probe_success{job="blackbox"}');
    seen = (r.series ?? []).map((x) => `${x.metric.route} ${x.metric.service} ${x.value[1]}`).sort();
    return seen.length === 3 && seen.every((x) => x.endsWith(' 1')) ? null : `probes: ${JSON.stringify(seen)}`;
  });
  assert.deepEqual(seen, ['/ frontend 1', '/apis/customers/ customers 1', '/apis/products/ catalog 1']);
  const [d] = (await promQuery(promUrl, 'max(probe_duration_seconds{job="blackbox"})')).series;
  assert.ok(Number(d.value[1]) < 1, `the probes are fast here: ${d.value[1]} s`);
});

test('the probe modules fail on a wrong answer (wrong service, page, status)', async () => {
  const probe = async (module, path) => {
    const text = await (await fetch(`${blackbox.url}/probe?module=${module}&target=${encodeURIComponent(srv.url + path)}`)).text();
    return /^probe_success (\d)/m.exec(text)?.[1];
  };
  assert.equal(await probe('http_page', '/'), '1');
  assert.equal(await probe('http_page', '/apis/products/'), '0', 'JSON is not the home page');
  assert.equal(await probe('http_json_list', '/apis/products/'), '1');
  assert.equal(await probe('http_json_list', '/apis/nothing/'), '0', 'an API 404 is not the catalogue');
  assert.equal(await probe('http_json_list', '/'), '0', 'a page is not the catalogue');
  assert.equal(await probe('http_api_refusal', '/apis/customers/'), '1');
  assert.equal(await probe('http_api_refusal', '/apis/products/'), '0', 'a 200 is not the customers service\'s refusal');
  assert.equal(await probe('http_api_refusal', '/apis/nothing/'), '0', 'a 404 is not the customers service\'s refusal');
});

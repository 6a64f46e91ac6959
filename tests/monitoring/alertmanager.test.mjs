// Alertmanager as deployed (deploy/monitoring/alertmanager): amtool accepts the configuration and
// routes each severity where docs/operations.md says; then a real Alertmanager (Debian's) runs the
// committed routes, inhibitions and French template against a real SMTP sink and a real webhook:
// critical alerts reach the on-call address and the webhook, one notification each; warnings are
// grouped in one e-mail to the operations mailbox; the alerts of the services that depend on a
// service that is down are held back; a resolution is sent.
// Only what cannot work here changes: the SMTP relay and the webhook's address, and the grouping
// delays (seconds instead of minutes).
// Needs Debian's prometheus-alertmanager (/usr/bin/prometheus-alertmanager, /usr/bin/amtool).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtempSync, rmSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { start as startSmtpSink } from '../e2e/smtp_sink.mjs';
import { AMTOOL, run, startAlertmanager, eventually } from './support.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const AM_DIR = resolve(HERE, '../../deploy/monitoring/alertmanager');
const CONFIG = join(AM_DIR, 'alertmanager.yml');
const ALERT_RULES = resolve(HERE, '../../deploy/monitoring/prometheus/rules/alerts.yml');
const ONCALL = 'astreinte@rapidtradeco.shop';
const OPS = 'exploitation@rapidtradeco.shop';

let dir;
let sink;
let hooks;
let hookServer;
let am;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rapidtrade-alertmanager-'));
  sink = await startSmtpSink();
  hooks = [];
  hookServer = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      hooks.push({ method: req.method, url: req.url, body: JSON.parse(body) });
      res.end('ok');
    });
  });
  await new Promise((r) => hookServer.listen(0, '127.0.0.1', r));

  const config = YAML.parse(readFileSync(CONFIG, 'utf8'));
  config.global.smtp_smarthost = `127.0.0.1:${sink.port}`;
  config.templates = config.templates.map((t) => join(AM_DIR, t));
  for (const r of config.receivers)
    for (const w of r.webhook_configs ?? []) w.url = `http://127.0.0.1:${hookServer.address().port}/alertmanager`;
  for (const route of [config.route, ...config.route.routes]) {
    route.group_wait = '1s';
    route.group_interval = '1s';
  }
  writeFileSync(join(dir, 'alertmanager.yml'), YAML.stringify(config));
  am = await startAlertmanager(join(dir, 'alertmanager.yml'), dir);
});

after(async () => {
  if (am) await am.stop();
  if (sink) await sink.stop();
  if (hookServer) await new Promise((r) => hookServer.close(r));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('amtool check-config accepts the configuration and its template', async () => {
  const r = await run(AMTOOL, ['check-config', 'alertmanager.yml'], { cwd: AM_DIR });
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /SUCCESS/);
  assert.match(r.out, /- 10 inhibit rules/);
  assert.match(r.out, /- 2 receivers/);
});

test('routes: critical to the on-call (e-mail and webhook), warning and anything else to operations', async () => {
  const config = YAML.parse(readFileSync(CONFIG, 'utf8'));
  const receiver = (name) => config.receivers.find((r) => r.name === name);
  assert.deepEqual(receiver('astreinte').email_configs.map((e) => e.to), [ONCALL]);
  assert.equal(receiver('astreinte').webhook_configs.length, 1);
  assert.deepEqual(receiver('exploitation').email_configs.map((e) => e.to), [OPS]);
  assert.equal(receiver('exploitation').webhook_configs, undefined, 'warnings do not page');
  for (const r of config.receivers) for (const e of r.email_configs) assert.equal(e.send_resolved, true, `${r.name}: resolutions by e-mail`);
  for (const [labels, expected] of [
    [['severity=critical', 'alertname=RapidTradeTargetDown', 'app=cart'], 'astreinte'],
    [['severity=critical', 'alertname=RapidTradeProbeFailed', 'route=/'], 'astreinte'],
    [['severity=warning', 'alertname=RapidTradeHighLatencyP99', 'service=cart'], 'exploitation'],
    [['alertname=SomethingWithoutSeverity'], 'exploitation'],
  ]) {
    const r = await run(AMTOOL, ['config', 'routes', 'test', `--config.file=${CONFIG}`, `--verify.receivers=${expected}`, ...labels]);
    assert.equal(r.code, 0, `${labels.join(' ')} -> ${expected}: ${r.out}`);
  }
  // Every severity the rules use has its route.
  const severities = new Set(YAML.parse(readFileSync(ALERT_RULES, 'utf8')).groups.flatMap((g) => g.rules).map((a) => a.labels.severity));
  assert.deepEqual([...severities].sort(), ['critical', 'warning']);
});

// POST /api/v2/alerts as Prometheus does.
async function post(alerts) {
  const res = await fetch(`${am.url}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(alerts),
  });
  assert.equal(res.status, 200, await res.text());
}

const RUNBOOK = 'Regarder les journaux du service.';
function alert(labels, { endsAt } = {}) {
  return {
    labels: { cluster: 'rapidtradeco', ...labels },
    annotations: { summary: `${labels.alertname} ${labels.app ?? labels.service ?? ''}`.trim(), runbook: RUNBOOK },
    startsAt: new Date(Date.now() - 60000).toISOString(),
    ...(endsAt ? { endsAt } : {}),
    generatorURL: 'http://prometheus:9090/graph',
  };
}

const catalogDown = { alertname: 'RapidTradeTargetDown', app: 'catalog', severity: 'critical', job: 'rapidtrade', instance: 'catalog:5000' };
const held = [
  // Callers of catalog, and the public route it answers: consequences of the same outage.
  { alertname: 'RapidTradeHighErrorRatio', service: 'cart', severity: 'critical' },
  { alertname: 'RapidTradeProbeFailed', service: 'catalog', route: '/apis/products/', severity: 'critical' },
  { alertname: 'RapidTradeCheckoutErrors', severity: 'critical' },
  { alertname: 'RapidTradeHighLatencyP99', service: 'frontend', severity: 'warning' },
];
const sent = [
  // customers does not call catalog; another service's own outage is never held back.
  { alertname: 'RapidTradeHighErrorRatio', service: 'customers', severity: 'critical' },
  { alertname: 'RapidTradeTargetDown', app: 'cart', severity: 'critical', job: 'rapidtrade', instance: 'cart:5000' },
];
const warnings = [
  { alertname: 'RapidTradeHighLatencyP99', service: 'auth', severity: 'warning' },
  { alertname: 'RapidTradeHighLatencyP99', service: 'shipping', severity: 'warning' },
];
const sameName = (a, b) => Object.entries(b).every(([k, v]) => a[k] === v);

test('a real Alertmanager: pages the on-call, groups warnings, holds back what depends on a service that is down, in French', async () => {
  // The outage first, as in Prometheus where the dependants' alerts wait longer (`for`) than
  // RapidTradeTargetDown: an inhibition holds back only what arrives while its source is known.
  await post([alert(catalogDown)]);
  await eventually(async () => ((await (await fetch(`${am.url}/api/v2/alerts`)).json()).length === 1 ? null : 'catalog down not received yet'));
  await post([...held.map((l) => alert(l)), ...sent.map((l) => alert(l)), ...warnings.map((l) => alert(l)),
    // The same caller's alert from another cluster: not silenced by this cluster's outage.
    alert({ alertname: 'RapidTradeHighErrorRatio', service: 'cart', severity: 'critical', cluster: 'other' })]);

  // Alertmanager's own view: the dependants of catalog are suppressed by the inhibition, the rest active.
  let states;
  await eventually(async () => {
    const list = await (await fetch(`${am.url}/api/v2/alerts`)).json();
    states = list.map((a) => ({ labels: a.labels, state: a.status.state, inhibitedBy: a.status.inhibitedBy }));
    const suppressed = states.filter((s) => s.state === 'suppressed');
    return suppressed.length === held.length && states.length === 1 + held.length + sent.length + warnings.length + 1
      ? null : `not yet: ${JSON.stringify(states.map((s) => [s.labels.alertname, s.labels.app ?? s.labels.service, s.state]))}`;
  });
  for (const h of held) {
    const s = states.find((x) => sameName(x.labels, h) && x.labels.cluster === 'rapidtradeco');
    assert.equal(s.state, 'suppressed', `${JSON.stringify(h)} held back while catalog is down`);
    assert.equal(s.inhibitedBy.length, 1);
  }
  for (const l of [catalogDown, ...sent, ...warnings]) assert.equal(states.find((x) => sameName(x.labels, l)).state, 'active', JSON.stringify(l));
  assert.equal(states.find((x) => x.labels.cluster === 'other').state, 'active', 'another cluster is not inhibited');

  // E-mails: one per critical group, to the on-call; the warnings together, to operations.
  const subject = (what, extra = '') => `[RapidTrade] ALERTE critique : ${what}${extra}`;
  const page = await sink.waitFor((m) => m.subject === subject('RapidTradeTargetDown (catalog)'), 15000);
  assert.deepEqual(page.to, [ONCALL]);
  assert.match(page.text, /^1 alerte\(s\) en cours\./);
  assert.match(page.text, /== EN COURS : RapidTradeTargetDown \(gravité : critique\)/);
  assert.match(page.text, /Résumé : RapidTradeTargetDown catalog/);
  assert.match(page.text, new RegExp(`Que faire : ${RUNBOOK}`));
  assert.match(page.text, /app=catalog/);
  assert.match(page.text, /amtool silence add/);
  assert.match(page.html, /<html lang="fr">/);
  assert.match(page.html, /En cours : RapidTradeTargetDown/);
  await sink.waitFor((m) => m.subject === subject('RapidTradeTargetDown (cart)'), 15000);
  await sink.waitFor((m) => m.subject === subject('RapidTradeHighErrorRatio (customers)'), 15000);
  const grouped = await sink.waitFor((m) => m.subject.startsWith('[RapidTrade] ALERTE avertissement : RapidTradeHighLatencyP99'), 15000);
  assert.deepEqual(grouped.to, [OPS]);
  assert.equal(grouped.subject, '[RapidTrade] ALERTE avertissement : RapidTradeHighLatencyP99, 2 en cours', 'one e-mail for both services');
  assert.match(grouped.text, /service=auth/);
  assert.match(grouped.text, /service=shipping/);
  await sink.waitFor((m) => m.subject === subject('RapidTradeHighErrorRatio (cart)') && /cluster=other/.test(m.text), 15000);

  // The webhook: the critical groups only, in Alertmanager's JSON.
  await eventually(async () => (hooks.some((h) => h.body.groupLabels.app === 'catalog') ? null : 'no webhook call for catalog yet'));
  const hook = hooks.find((h) => h.body.groupLabels.app === 'catalog');
  assert.equal(hook.method, 'POST');
  assert.equal(hook.body.receiver, 'astreinte');
  assert.equal(hook.body.status, 'firing');
  assert.equal(hook.body.alerts[0].labels.alertname, 'RapidTradeTargetDown');
  for (const h of hooks) assert.equal(h.body.commonLabels.severity, 'critical', 'warnings do not call the webhook');

  // Nothing went out for the held-back alerts (their groups would have been sent within a second).
  await new Promise((r) => setTimeout(r, 2500));
  const mine = (m) => /cluster=rapidtradeco/.test(m.text);
  for (const h of held) {
    const what = `${h.alertname}${h.service ? ` (${h.service})` : ''}`;
    assert.ok(!sink.messages.some((m) => m.subject.includes(what) && mine(m)), `${what} was sent while catalog is down`);
  }
  assert.ok(!sink.messages.some((m) => /service=frontend/.test(m.text)), 'frontend\'s warning was sent while catalog is down');
});

test('a resolution is sent by e-mail and to the webhook', async () => {
  await post([alert(catalogDown, { endsAt: new Date().toISOString() })]);
  const resolved = await sink.waitFor((m) => m.subject === '[RapidTrade] RÉSOLU : RapidTradeTargetDown (catalog)', 15000);
  assert.deepEqual(resolved.to, [ONCALL]);
  assert.match(resolved.text, /^Résolu : plus aucune alerte en cours pour ce groupe\./);
  assert.match(resolved.text, /== RÉSOLUE : RapidTradeTargetDown/);
  await eventually(async () => (hooks.some((h) => h.body.groupLabels.app === 'catalog' && h.body.status === 'resolved') ? null : 'no resolution at the webhook'));
});

test('maintenance, as docs/operations.md says: amtool silences a service\'s alerts (app= and service=), expiring them lets them out', async () => {
  const amtool = (...args) => run(AMTOOL, [`--alertmanager.url=${am.url}`, ...args]);
  const ids = [];
  for (const matcher of ['app=payment', 'service=payment']) {
    const r = await amtool('silence', 'add', '--duration=2h', '--author=exploitation', '--comment=maintenance: payment', matcher);
    assert.equal(r.code, 0, r.out);
    ids.push(r.out.trim());
  }
  const q = await amtool('silence', 'query', '-q');
  assert.deepEqual(q.out.trim().split('\n').sort(), [...ids].sort());

  const down = { alertname: 'RapidTradeTargetDown', app: 'payment', severity: 'critical', job: 'rapidtrade', instance: 'payment:5000' };
  const errors = { alertname: 'RapidTradeHighErrorRatio', service: 'payment', severity: 'critical' };
  await post([alert(down), alert(errors)]);
  await eventually(async () => {
    const list = await (await fetch(`${am.url}/api/v2/alerts`)).json();
    const mine = list.filter((a) => a.labels.app === 'payment' || a.labels.service === 'payment');
    return mine.length === 2 && mine.every((a) => a.status.state === 'suppressed' && a.status.silencedBy.length === 1) ? null : `not silenced: ${JSON.stringify(mine.map((a) => a.status))}`;
  });
  await new Promise((r) => setTimeout(r, 2500));
  assert.ok(!sink.messages.some((m) => /\(payment\)/.test(m.subject)), 'nothing sent for payment during the silence');

  const expired = await amtool('silence', 'expire', ...ids);
  assert.equal(expired.code, 0, expired.out);
  await sink.waitFor((m) => m.subject === '[RapidTrade] ALERTE critique : RapidTradeTargetDown (payment)', 15000);
  // payment's own error ratio is now held back by its outage (inhibition), no longer by the silence.
  const list = await (await fetch(`${am.url}/api/v2/alerts`)).json();
  const status = list.find((a) => a.labels.alertname === errors.alertname && a.labels.service === 'payment').status;
  assert.deepEqual([status.silencedBy, status.inhibitedBy.length], [[], 1]);
});

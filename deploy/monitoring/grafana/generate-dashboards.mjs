// Generates dashboards/*.json (Grafana 10 dashboard JSON, ${datasource} Prometheus variable).
// The JSON files are committed; re-run after editing: node deploy/monitoring/grafana/generate-dashboards.mjs
// tests/monitoring/monitoring.test.mjs evaluates every panel's expression against a real Prometheus.
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = join(dirname(fileURLToPath(import.meta.url)), 'dashboards');
const DS = { type: 'prometheus', uid: '${datasource}' };

// Targets as deployed (deploy/k8s/base, deploy/compose.yaml), with the `service` label of their metrics.
export const SERVICES = [
  { service: 'catalog', title: 'catalog', db: true },
  { service: 'customers', title: 'customers', db: true },
  { service: 'auth', title: 'auth', db: true },
  { service: 'cart', title: 'cart', db: true },
  { service: 'shipping', title: 'shipping', db: true },
  { service: 'payment', title: 'payment', db: true },
  { service: 'checkout', title: 'checkout', db: true },
  { service: 'email', title: 'email', db: true },
  { service: 'frontend', title: 'frontend', db: false },
];

let nextId = 1;
function panel({ title, type = 'timeseries', exprs, unit = 'short', w = 12, h = 8, x = 0, y = 0, description, thresholds, decimals }) {
  const defaults = { unit };
  if (decimals !== undefined) defaults.decimals = decimals;
  if (thresholds) defaults.thresholds = { mode: 'absolute', steps: thresholds };
  if (type === 'timeseries') defaults.custom = { drawStyle: 'line', lineWidth: 1, fillOpacity: 10, showPoints: 'never', spanNulls: false };
  return {
    id: nextId++,
    type,
    title,
    ...(description ? { description } : {}),
    datasource: DS,
    gridPos: { x, y, w, h },
    fieldConfig: { defaults, overrides: [] },
    options: type === 'stat'
      ? { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, colorMode: 'value', graphMode: 'area', textMode: 'auto', justifyMode: 'auto', orientation: 'auto' }
      : { legend: { displayMode: 'list', placement: 'bottom', showLegend: true }, tooltip: { mode: 'multi', sort: 'desc' } },
    targets: exprs.map(([expr, legendFormat], i) => ({
      refId: String.fromCharCode(65 + i), datasource: DS, expr, legendFormat: legendFormat ?? '__auto', range: true, editorMode: 'code',
    })),
  };
}

function dashboard({ uid, title, tags, panels, description }) {
  return {
    __inputs: [],
    __requires: [
      { type: 'grafana', id: 'grafana', name: 'Grafana', version: '10.0.0' },
      { type: 'datasource', id: 'prometheus', name: 'Prometheus', version: '1.0.0' },
    ],
    annotations: { list: [{ builtIn: 1, datasource: { type: 'grafana', uid: '-- Grafana --' }, enable: true, hide: true, iconColor: 'rgba(0, 211, 255, 1)', name: 'Annotations & Alerts', type: 'dashboard' }] },
    description,
    editable: true,
    fiscalYearStartMonth: 0,
    graphTooltip: 1,
    id: null,
    links: [{ asDropdown: true, icon: 'external link', includeVars: true, keepTime: true, tags: ['rapidtrade'], targetBlank: false, title: 'RapidTrade', type: 'dashboards' }],
    panels,
    refresh: '30s',
    schemaVersion: 38,
    style: 'dark',
    tags,
    templating: {
      list: [{
        name: 'datasource', label: 'Data source', type: 'datasource', query: 'prometheus',
        current: {}, hide: 0, includeAll: false, multi: false, options: [], refresh: 1, regex: '', skipUrlSync: false,
      }],
    },
    time: { from: 'now-6h', to: 'now' },
    timepicker: {},
    timezone: '',
    title,
    uid,
    version: 1,
    weekStart: '',
  };
}

const R = '$__rate_interval';

function boutique() {
  nextId = 1;
  return dashboard({
    uid: 'rapidtrade-boutique',
    title: 'RapidTrade – boutique',
    tags: ['rapidtrade', 'business'],
    description: 'The shop as the business sees it: orders, revenue, conversion, errors, e-mails, and its public routes as visitors reach them.',
    panels: [
      panel({ title: 'Orders placed (range)', type: 'stat', x: 0, y: 0, w: 6, h: 4, decimals: 0,
        exprs: [['sum(increase(rapidtrade_orders_total{outcome="placed"}[$__range]))', 'orders']] }),
      panel({ title: 'Revenue (range)', type: 'stat', x: 6, y: 0, w: 6, h: 4, unit: 'currencyEUR',
        exprs: [['sum(increase(rapidtrade_revenue_cents_total[$__range])) / 100', 'revenue']] }),
      panel({ title: 'Conversion (orders placed / carts created)', type: 'stat', x: 12, y: 0, w: 6, h: 4, unit: 'percentunit',
        exprs: [['sum(increase(rapidtrade_orders_total{outcome="placed"}[$__range])) / sum(increase(rapidtrade_carts_created_total[$__range]))', 'conversion']] }),
      panel({ title: 'Oldest queued e-mail', type: 'stat', x: 18, y: 0, w: 6, h: 4, unit: 's',
        thresholds: [{ color: 'green', value: null }, { color: 'orange', value: 300 }, { color: 'red', value: 600 }],
        exprs: [['max(rapidtrade_email_oldest_queued_age_seconds)', 'age']] }),
      panel({ title: 'Orders per minute by outcome', x: 0, y: 4, unit: 'short',
        exprs: [[`sum by (outcome) (rate(rapidtrade_orders_total[${R}])) * 60`, '{{outcome}}']] }),
      panel({ title: 'Revenue per hour', x: 12, y: 4, unit: 'currencyEUR',
        exprs: [[`sum(rate(rapidtrade_revenue_cents_total[${R}])) * 3600 / 100`, '€/h']] }),
      panel({ title: 'Conversion (1h window)', x: 0, y: 12, unit: 'percentunit',
        exprs: [['sum(increase(rapidtrade_orders_total{outcome="placed"}[1h])) / sum(increase(rapidtrade_carts_created_total[1h]))', 'orders placed / carts created']] }),
      panel({ title: 'Error ratio (5xx) by service', x: 12, y: 12, unit: 'percentunit',
        thresholds: [{ color: 'green', value: null }, { color: 'red', value: 0.01 }],
        exprs: [[`(sum by (service) (rate(http_requests_total{code=~"5.."}[${R}])) or 0 * sum by (service) (rate(http_request_duration_seconds_count[${R}]))) / sum by (service) (rate(http_request_duration_seconds_count[${R}]))`, '{{service}}']] }),
      panel({ title: 'Failed checkouts per minute', x: 0, y: 20, unit: 'short',
        description: 'outcome error = internal failure of the saga; payment_refused = card refused.',
        exprs: [[`(sum by (outcome) (rate(rapidtrade_orders_total{outcome!="placed"}[${R}])) * 60) or vector(0)`, '{{outcome}}']] }),
      panel({ title: 'E-mails per minute by status', x: 12, y: 20, unit: 'short',
        exprs: [[`sum by (status) (rate(rapidtrade_emails_total[${R}])) * 60`, '{{status}}']] }),
      panel({ title: 'E-mail queue: oldest queued age', x: 0, y: 28, unit: 's',
        thresholds: [{ color: 'green', value: null }, { color: 'red', value: 600 }],
        exprs: [['max(rapidtrade_email_oldest_queued_age_seconds)', 'oldest queued']] }),
      panel({ title: 'Carts, sign-ups, stock-outs per hour', x: 12, y: 28, unit: 'short',
        exprs: [
          [`sum(rate(rapidtrade_carts_created_total[${R}])) * 3600`, 'carts created'],
          [`sum(rate(rapidtrade_signups_total[${R}])) * 3600 or vector(0)`, 'sign-ups'],
          [`sum(rate(rapidtrade_stock_outs_total[${R}])) * 3600`, 'stock-outs'],
        ] }),
      // The public routes as visitors reach them (job "blackbox": /, /apis/products/, /apis/customers/
      // probed every 30 s; alerts RapidTradeProbeFailed and RapidTradeProbeSlow).
      panel({ title: 'Public routes: probe OK (1) or failing (0)', type: 'stat', x: 0, y: 36, unit: 'none', decimals: 0,
        description: 'Blackbox probes through the Ingress (compose: the service behind each path), every 30 s.',
        thresholds: [{ color: 'red', value: null }, { color: 'green', value: 1 }],
        exprs: [['min by (route) (probe_success{job="blackbox"})', '{{route}}']] }),
      panel({ title: 'Public routes: probe duration', x: 12, y: 36, unit: 's',
        description: 'Whole probe (DNS, connection, TLS, answer); RapidTradeProbeSlow above 1 s for 5 min.',
        thresholds: [{ color: 'green', value: null }, { color: 'red', value: 1 }],
        exprs: [['max by (route) (probe_duration_seconds{job="blackbox"})', '{{route}}']] }),
    ],
  });
}

function service({ service: s, title, db }) {
  nextId = 1;
  const sel = `service="${s}"`;
  const panels = [
    panel({ title: 'Requests per second', x: 0, y: 0, unit: 'reqps',
      exprs: [[`sum(rate(http_request_duration_seconds_count{${sel}}[${R}]))`, 'total'],
        [`sum by (route) (rate(http_request_duration_seconds_count{${sel}}[${R}]))`, '{{route}}']] }),
    panel({ title: 'Error ratio (5xx)', x: 12, y: 0, unit: 'percentunit',
      thresholds: [{ color: 'green', value: null }, { color: 'red', value: 0.01 }],
      exprs: [[`(sum(rate(http_requests_total{${sel},code=~"5.."}[${R}])) or 0 * sum(rate(http_request_duration_seconds_count{${sel}}[${R}]))) / sum(rate(http_request_duration_seconds_count{${sel}}[${R}]))`, '5xx ratio']] }),
    panel({ title: 'Latency p50 / p99', x: 0, y: 8, unit: 's',
      thresholds: [{ color: 'green', value: null }, { color: 'red', value: 0.25 }],
      exprs: [[`histogram_quantile(0.50, sum by (le) (rate(http_request_duration_seconds_bucket{${sel}}[${R}])))`, 'p50'],
        [`histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{${sel}}[${R}])))`, 'p99']] }),
    panel({ title: 'Latency p99 by route', x: 12, y: 8, unit: 's',
      exprs: [[`histogram_quantile(0.99, sum by (route, le) (rate(http_request_duration_seconds_bucket{${sel}}[${R}])))`, '{{route}}']] }),
    panel({ title: 'Responses per second by code', x: 0, y: 16, unit: 'reqps',
      exprs: [[`sum by (code) (rate(http_requests_total{${sel}}[${R}])) or vector(0)`, '{{code}}']] }),
    panel({ title: 'Open HTTP connections (per pod)', x: 12, y: 16, unit: 'short',
      exprs: [['sum by (instance) (http_open_connections)', '{{instance}}']] }),
  ];
  if (db) {
    panels.push(
      panel({ title: 'DB connections in use (saturation)', x: 0, y: 24, unit: 'short',
        exprs: [[`max(rapidtrade_db_connections_in_use{${sel}})`, 'max over pods'],
          [`sum by (instance) (rapidtrade_db_connections_in_use{${sel}})`, '{{instance}}']] }),
      panel({ title: 'DB pool waits per second', x: 12, y: 24, unit: 'short',
        exprs: [[`sum(rate(rapidtrade_db_pool_waits_total{${sel}}[${R}]))`, 'waits']] }),
      panel({ title: 'DB query p99 by query', x: 0, y: 32, w: 24, unit: 's',
        exprs: [[`histogram_quantile(0.99, sum by (query, le) (rate(rapidtrade_db_query_duration_seconds_bucket{${sel}}[${R}])))`, '{{query}}']] }),
    );
  } else {
    panels.push(
      panel({ title: 'Upstream calls per second by outcome', x: 0, y: 24, unit: 'reqps',
        description: 'Calls to the other services (all callers: frontend and checkout).',
        exprs: [[`sum by (upstream, outcome) (rate(rapidtrade_upstream_requests_total[${R}]))`, '{{upstream}} {{outcome}}']] }),
      panel({ title: 'Upstream mean duration', x: 12, y: 24, unit: 's',
        exprs: [[`sum by (upstream) (rate(rapidtrade_upstream_request_duration_seconds_sum[${R}])) / sum by (upstream) (rate(rapidtrade_upstream_request_duration_seconds_count[${R}]))`, '{{upstream}}']] }),
    );
  }
  return dashboard({
    uid: `rapidtrade-${s}`,
    title: `RapidTrade – ${title}`,
    tags: ['rapidtrade', 'service'],
    description: `Golden signals of the ${title} service (traffic, errors, latency, saturation).`,
    panels,
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, 'rapidtrade-boutique.json'), JSON.stringify(boutique(), null, 2) + '\n');
  for (const s of SERVICES) writeFileSync(join(OUT, `rapidtrade-${s.service}.json`), JSON.stringify(service(s), null, 2) + '\n');
  console.log(`wrote ${SERVICES.length + 1} dashboards to ${OUT}`);
}

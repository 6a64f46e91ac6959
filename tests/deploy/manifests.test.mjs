// The Kubernetes manifests (deploy/k8s/), checked without a cluster: every overlay is rendered
// with `kubectl kustomize` (secrets made by deploy/k8s/generate-secrets.sh in a scratch copy),
// every object is validated against the Kubernetes schemas (kubernetes-models) and, strictly, against
// the field tables of @kubernetes/client-node (an unknown or misspelt field fails), the CloudNativePG
// Cluster against the subset of postgresql.cnpg.io/v1 it uses, and then what the shop relies on:
// probes, resources and the restricted security context of every pod, Services that select pods,
// service URLs that name real Services, the brief's Ingress routes, the NetworkPolicies' exact set
// of allowed connections, autoscaling and disruption budgets, and secrets that are never committed.
//
//   node --test tests/deploy/
//
// Needs kubectl (>= 1.27, which embeds kustomize) and the npm packages kubernetes-models,
// @kubernetes/client-node and yaml (package.json devDependencies).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const K8S = path.join(ROOT, 'deploy/k8s');
// The monitoring component (Prometheus, Grafana, Pushgateway) lives beside its configuration.
const MONITORING = path.join(ROOT, 'deploy/monitoring');
// Where each secretGenerator reads its files, relative to deploy/.
const SECRET_DIRS = ['k8s/base/secrets', 'monitoring/k8s/secrets'];
const NAMESPACE = 'rapidtradeco';
// Off by default; README.md says when to add each (after network-policies).
const OPTIONAL_COMPONENTS = ['object-store-backups', 'loadgen', 'smtp-relay'];
// Secret files an operator writes by hand (no random value would do): relative to deploy/.
const HAND_SECRET_DIRS = ['k8s/components/object-store-backups/secrets', 'k8s/components/smtp-relay/secrets', 'k8s/cluster/cert-manager/secrets'];
const IMAGE = 'rapidtrade:0.1.0';
const APP_UID = 10001;

// ---------------------------------------------------------------------------------------------
// What the shop is (README, src/targets.cpp, src/platform/upstreams.cpp).

// target -> its Service (the default host of its *_URL), and whether it owns a database.
const TARGETS = {
  catalog: { service: 'productcatalog-service', urlVar: 'PRODUCTCATALOGSERVICE_URL', data: true },
  customers: { service: 'customers-service', urlVar: 'CUSTOMERSERVICE_URL', data: true },
  auth: { service: 'auth-service', urlVar: 'AUTHSERVICE_URL', data: true },
  cart: { service: 'cart-service', urlVar: 'CARTSERVICE_URL', data: true },
  shipping: { service: 'shipping-service', urlVar: 'SHIPPINGSERVICE_URL', data: true },
  payment: { service: 'payment-service', urlVar: 'PAYMENTSERVICE_URL', data: true },
  checkout: { service: 'checkout-service', urlVar: 'CHECKOUTSERVICE_URL', data: true },
  email: { service: 'email-service', urlVar: 'EMAILSERVICE_URL', data: true },
  frontend: { service: 'frontend', urlVar: null, data: false },
};
const TARGET_NAMES = Object.keys(TARGETS);
const DATA_TARGETS = TARGET_NAMES.filter((t) => TARGETS[t].data);
const STATELESS = ['frontend', 'catalog', 'cart', 'checkout', 'customers', 'auth', 'shipping', 'payment'];

// Who calls whom over HTTP (port 5000): the services' code, and token verification (JWKS).
const CALLS = {
  frontend: ['catalog', 'cart', 'auth', 'customers', 'checkout', 'email', 'shipping'],
  customers: ['auth', 'cart', 'checkout', 'email'],
  cart: ['catalog', 'auth'],
  checkout: ['cart', 'catalog', 'shipping', 'payment', 'email', 'auth'],
  catalog: ['auth'],
};
const INGRESS_EXPOSED = ['frontend', 'catalog', 'customers', 'auth'];
const INGRESS_ROUTES = {
  '/': 'frontend',
  '/apis/products': 'productcatalog-service',
  '/apis/customers': 'customers-service',
  '/apis/auth': 'auth-service',
};

// ---------------------------------------------------------------------------------------------
// Tools: kubectl, the npm packages.

const KUBECTL_MISSING =
  'kubectl is not installed (or not on PATH): these tests render deploy/k8s with `kubectl kustomize`. ' +
  'Install kubectl >= 1.27 (it embeds kustomize), e.g. from https://kubernetes.io/docs/tasks/tools/, ' +
  'then run `node --test tests/deploy/` again.';

// The kubectl client version, or null when there is none.
function kubectlVersion() {
  const r = spawnSync('kubectl', ['version', '--client', '-o', 'json'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return null;
  const v = JSON.parse(r.stdout).clientVersion;
  return { major: Number(v.major), minor: parseInt(v.minor, 10), text: v.gitVersion };
}

// Throws with what to do when kubectl is missing or too old for these manifests (components,
// `labels`, `replicas`: kustomize v5, kubectl 1.27 and later).
function requireKubectl() {
  const v = kubectlVersion();
  if (!v) throw new Error(KUBECTL_MISSING);
  if (v.major < 1 || (v.major === 1 && v.minor < 27))
    throw new Error(`kubectl ${v.text} is too old: ${KUBECTL_MISSING.replace(/^kubectl is not installed \(or not on PATH\): /, '')}`);
}

async function importOrExplain(specifier, pkg) {
  try {
    return await import(specifier);
  } catch (e) {
    throw new Error(`cannot load ${specifier}: install the test tools (npm ci; package.json lists ${pkg}): ${e.message}`);
  }
}

const CLIENT_NODE_MODELS = path.join(ROOT, 'node_modules/@kubernetes/client-node/dist/gen/models');
const modelCache = new Map();
// The attribute table of one @kubernetes/client-node model class (imported file by file: the
// package's main entry needs a newer Node).
async function model(name) {
  if (modelCache.has(name)) return modelCache.get(name);
  const file = path.join(CLIENT_NODE_MODELS, `${name}.js`);
  let table = null;
  if (fs.existsSync(file)) {
    const mod = await import(pathToFileURL(file).href);
    table = mod[name]?.attributeTypeMap ?? null;
  }
  modelCache.set(name, table);
  return table;
}

// ---------------------------------------------------------------------------------------------
// Rendering.

let YAML;
let tmp;
const renders = {}; // name -> array of objects
let renderError = null;
const EXAMPLES = {}; // secret file name -> example content

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return r.stdout;
}

before(async () => {
  try {
    requireKubectl();
    YAML = await importOrExplain('yaml', 'yaml');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rapidtrade-k8s-'));
    // A scratch copy of deploy/k8s and deploy/monitoring without any real secret that may sit in
    // the work tree.
    const isRealSecret = (src) => path.basename(path.dirname(src)) === 'secrets' && !src.endsWith('.example');
    for (const [from, to] of [[K8S, 'k8s'], [MONITORING, 'monitoring']])
      fs.cpSync(from, path.join(tmp, to), { recursive: true, filter: (src) => !isRealSecret(src) });
    for (const dir of SECRET_DIRS)
      for (const f of fs.readdirSync(path.join(ROOT, 'deploy', dir)))
        if (f.endsWith('.example'))
          EXAMPLES[f.slice(0, -'.example'.length)] = fs.readFileSync(path.join(ROOT, 'deploy', dir, f), 'utf8');
    run('bash', [path.join(tmp, 'k8s/generate-secrets.sh')]);
    // The secrets an operator writes by hand (optional components, cert-manager): their examples.
    for (const dir of HAND_SECRET_DIRS)
      for (const f of fs.readdirSync(path.join(tmp, dir)))
        if (f.endsWith('.example')) fs.copyFileSync(path.join(tmp, dir, f), path.join(tmp, dir, f.slice(0, -'.example'.length)));
    // The production overlay with every optional component added, as README.md says to.
    const optional = path.join(tmp, 'k8s/overlays/production-optional');
    fs.mkdirSync(optional);
    fs.writeFileSync(
      path.join(optional, 'kustomization.yaml'),
      fs.readFileSync(path.join(tmp, 'k8s/overlays/production/kustomization.yaml'), 'utf8').replace(
        /^components:\n((?:  .*\n)+)/m,
        (all) => all + OPTIONAL_COMPONENTS.map((c) => `  - ../../components/${c}\n`).join(''),
      ),
    );
    for (const [name, dir] of Object.entries({
      base: 'base',
      local: 'overlays/local',
      production: 'overlays/production',
      'production-optional': 'overlays/production-optional',
      'nfs-provisioner': 'cluster/nfs-provisioner',
      'cert-manager': 'cluster/cert-manager',
    })) {
      const out = run('kubectl', ['kustomize', path.join(tmp, 'k8s', dir)]);
      const docs = YAML.parseAllDocuments(out);
      for (const d of docs) if (d.errors.length) throw new Error(`${dir}: YAML error ${d.errors[0].message}`);
      renders[name] = docs.map((d) => d.toJS()).filter(Boolean);
      // kustomize wraps long base64 values over several lines; the API server's decoder skips the
      // line breaks, and so does this test.
      for (const o of renders[name])
        if (o.kind === 'Secret') for (const k of Object.keys(o.data ?? {})) o.data[k] = o.data[k].replace(/\s+/g, '');
    }
  } catch (e) {
    renderError = e;
  }
});

after(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

function rendered(name) {
  if (renderError) throw renderError;
  assert.ok(renders[name], `no render ${name}`);
  return renders[name];
}

const id = (o) => `${o.kind}/${o.metadata?.namespace ? o.metadata.namespace + '/' : ''}${o.metadata?.name}`;
const ofKind = (objs, kind) => objs.filter((o) => o.kind === kind);
const find = (objs, kind, name) => objs.find((o) => o.kind === kind && o.metadata.name === name);
// Generated objects carry a hash suffix: find them by the name they were given.
const generated = (objs, kind, base) =>
  objs.find((o) => o.kind === kind && (o.metadata.name === base || new RegExp(`^${base}-[a-z0-9]{10}$`).test(o.metadata.name)));
// Everything that runs pods: the long-running workloads (probes) and the batch ones (backups).
const LONG_RUNNING = ['Deployment', 'StatefulSet'];
const workloads = (objs) => objs.filter((o) => [...LONG_RUNNING, 'CronJob', 'Job'].includes(o.kind));
const podTemplate = (w) => (w.kind === 'CronJob' ? w.spec.jobTemplate.spec.template : w.spec.template);
const podSpec = (w) => podTemplate(w).spec;
const allContainers = (w) => [...(podSpec(w).initContainers ?? []), ...podSpec(w).containers];
const isRapidtrade = (c) => c.image?.split(':')[0] === 'rapidtrade';

function labelsMatch(selector, labels = {}) {
  if (!selector) return false;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    if (e.operator === 'In' && !(has && e.values.includes(labels[e.key]))) return false;
    if (e.operator === 'NotIn' && has && e.values.includes(labels[e.key])) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Schema checks.

// Strict pass: every field must exist in the client-node model of its place, with a value of the
// declared kind. Returns a list of "path: problem".
async function strictErrors(value, type, where) {
  const errors = [];
  const walk = async (v, t, p) => {
    if (v === null || v === undefined) return;
    let m;
    if ((m = /^Array<(.+)>$/.exec(t))) {
      if (!Array.isArray(v)) return errors.push(`${p}: expected a list`);
      for (let i = 0; i < v.length; i++) await walk(v[i], m[1], `${p}[${i}]`);
      return;
    }
    if ((m = /^\{ \[key: string\]: (.+); \}$/.exec(t))) {
      if (typeof v !== 'object' || Array.isArray(v)) return errors.push(`${p}: expected a map`);
      for (const [k, x] of Object.entries(v)) await walk(x, m[1], `${p}.${k}`);
      return;
    }
    switch (t) {
      case 'string':
      case 'Date':
        if (typeof v !== 'string') errors.push(`${p}: expected a string, got ${JSON.stringify(v)}`);
        return;
      case 'number':
        if (typeof v !== 'number') errors.push(`${p}: expected a number, got ${JSON.stringify(v)}`);
        return;
      case 'boolean':
        if (typeof v !== 'boolean') errors.push(`${p}: expected true or false, got ${JSON.stringify(v)}`);
        return;
      case 'IntOrString':
        if (!['number', 'string'].includes(typeof v)) errors.push(`${p}: expected a number or a string`);
        return;
      case 'any':
      case 'object':
        return;
    }
    const table = await model(t);
    if (!table) return errors.push(`${p}: no client-node model ${t}`);
    if (typeof v !== 'object' || Array.isArray(v)) return errors.push(`${p}: expected an object (${t})`);
    for (const [k, x] of Object.entries(v)) {
      const attr = table.find((a) => a.baseName === k);
      if (!attr) errors.push(`${p}.${k}: unknown field (not in ${t})`);
      else await walk(x, attr.type, `${p}.${k}`);
    }
  };
  await walk(value, type, where);
  return errors;
}

function modelName(obj) {
  const version = obj.apiVersion.split('/').pop();
  return version[0].toUpperCase() + version.slice(1) + obj.kind;
}

async function kubernetesModelsErrors(obj) {
  const [group, version] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : ['', obj.apiVersion];
  const spec = `kubernetes-models/${group ? group + '/' : ''}${version}/${obj.kind}`;
  let Model;
  try {
    Model = (await import(spec))[obj.kind];
  } catch {
    return [`${id(obj)}: kubernetes-models has no ${obj.apiVersion} ${obj.kind} (${spec})`];
  }
  try {
    new Model(obj).validate();
    return [];
  } catch (e) {
    return [`${id(obj)}: ${e.message}`];
  }
}

// The fields of postgresql.cnpg.io/v1 Cluster that these manifests may use, from the CloudNativePG
// API reference (ClusterSpec, BootstrapInitDB, RoleConfiguration, StorageConfiguration,
// AffinityConfiguration, PostgresConfiguration, EmbeddedObjectMetadata). A field outside it fails:
// add it here after checking the reference.
const S = { type: 'string' };
const B = { type: 'boolean' };
const I = { type: 'integer' };
const strMap = { type: 'map', values: S };
const strList = { type: 'array', items: S };
const secretRef = { type: 'object', required: ['name'], properties: { name: S } };
const secretKeyRef = { type: 'object', required: ['name', 'key'], properties: { name: S, key: S } };
const BARMAN_COMPRESSION = ['gzip', 'bzip2', 'snappy'];
const CNPG_CLUSTER = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { enum: ['postgresql.cnpg.io/v1'] },
    kind: { enum: ['Cluster'] },
    metadata: { k8s: 'V1ObjectMeta' },
    spec: {
      type: 'object',
      required: ['instances'],
      properties: {
        description: S,
        instances: { type: 'integer', minimum: 1 },
        imageName: S,
        imagePullPolicy: { enum: ['Always', 'IfNotPresent', 'Never'] },
        primaryUpdateStrategy: { enum: ['unsupervised', 'supervised'] },
        primaryUpdateMethod: { enum: ['switchover', 'restart'] },
        enableSuperuserAccess: B,
        enablePDB: B,
        superuserSecret: secretRef,
        inheritedMetadata: { type: 'object', properties: { labels: strMap, annotations: strMap } },
        postgresql: { type: 'object', properties: { parameters: strMap, pg_hba: strList, pg_ident: strList } },
        bootstrap: {
          type: 'object',
          properties: {
            initdb: {
              type: 'object',
              properties: {
                database: S,
                owner: S,
                secret: secretRef,
                encoding: S,
                localeCollate: S,
                localeCType: S,
                dataChecksums: B,
                walSegmentSize: I,
                options: strList,
                postInitSQL: strList,
                postInitApplicationSQL: strList,
                postInitTemplateSQL: strList,
              },
            },
          },
        },
        managed: {
          type: 'object',
          properties: {
            roles: {
              type: 'array',
              items: {
                type: 'object',
                required: ['name'],
                properties: {
                  name: S,
                  comment: S,
                  ensure: { enum: ['present', 'absent'] },
                  login: B,
                  superuser: B,
                  createdb: B,
                  createrole: B,
                  inherit: B,
                  replication: B,
                  bypassrls: B,
                  connectionLimit: I,
                  validUntil: S,
                  inRoles: strList,
                  disablePassword: B,
                  passwordSecret: secretRef,
                },
              },
            },
          },
        },
        storage: {
          type: 'object',
          properties: { size: { type: 'quantity' }, storageClass: S, resizeInUseVolumes: B },
        },
        resources: { k8s: 'V1ResourceRequirements' },
        affinity: {
          type: 'object',
          properties: {
            enablePodAntiAffinity: B,
            topologyKey: S,
            podAntiAffinityType: { enum: ['preferred', 'required'] },
            nodeSelector: strMap,
            tolerations: { k8s: 'Array<V1Toleration>' },
          },
        },
        monitoring: { type: 'object', properties: { enablePodMonitor: B } },
        // BackupConfiguration, BarmanObjectStoreConfiguration, S3Credentials, WalBackupConfiguration,
        // DataBackupConfiguration.
        backup: {
          type: 'object',
          properties: {
            retentionPolicy: { type: 'pattern', pattern: /^[1-9][0-9]*[dwm]$/ },
            target: { enum: ['primary', 'prefer-standby'] },
            barmanObjectStore: {
              type: 'object',
              required: ['destinationPath'],
              properties: {
                destinationPath: S,
                endpointURL: S,
                endpointCA: secretKeyRef,
                serverName: S,
                s3Credentials: {
                  type: 'object',
                  properties: { accessKeyId: secretKeyRef, secretAccessKey: secretKeyRef, region: secretKeyRef, sessionToken: secretKeyRef, inheritFromIAMRole: B },
                },
                wal: {
                  type: 'object',
                  properties: { compression: { enum: BARMAN_COMPRESSION }, encryption: { enum: ['AES256', 'aws:kms'] }, maxParallel: I },
                },
                data: {
                  type: 'object',
                  properties: { compression: { enum: BARMAN_COMPRESSION }, encryption: { enum: ['AES256', 'aws:kms'] }, jobs: I, immediateCheckpoint: B },
                },
                tags: strMap,
                historyTags: strMap,
              },
            },
          },
        },
      },
    },
  },
};

// postgresql.cnpg.io/v1 ScheduledBackup (ScheduledBackupSpec), the fields used here.
const CNPG_SCHEDULED_BACKUP = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { enum: ['postgresql.cnpg.io/v1'] },
    kind: { enum: ['ScheduledBackup'] },
    metadata: { k8s: 'V1ObjectMeta' },
    spec: {
      type: 'object',
      required: ['schedule', 'cluster'],
      properties: {
        // Six fields: seconds first.
        schedule: { type: 'pattern', pattern: /^\S+( \S+){5}$/ },
        cluster: { type: 'object', required: ['name'], properties: { name: S } },
        method: { enum: ['barmanObjectStore', 'volumeSnapshot', 'plugin'] },
        backupOwnerReference: { enum: ['none', 'self', 'cluster'] },
        immediate: B,
        suspend: B,
        online: B,
        target: { enum: ['primary', 'prefer-standby'] },
      },
    },
  },
};

async function schemaErrors(value, schema, p) {
  const errors = [];
  if (schema.k8s) return strictErrors(value, schema.k8s, p);
  if (schema.enum) {
    if (!schema.enum.includes(value)) errors.push(`${p}: ${JSON.stringify(value)} is not one of ${schema.enum.join(', ')}`);
    return errors;
  }
  switch (schema.type) {
    case 'string':
      if (typeof value !== 'string') errors.push(`${p}: expected a string`);
      break;
    case 'boolean':
      if (typeof value !== 'boolean') errors.push(`${p}: expected true or false`);
      break;
    case 'integer':
      if (!Number.isInteger(value)) errors.push(`${p}: expected an integer`);
      else if (schema.minimum !== undefined && value < schema.minimum) errors.push(`${p}: below ${schema.minimum}`);
      break;
    case 'pattern':
      if (typeof value !== 'string' || !schema.pattern.test(value)) errors.push(`${p}: ${JSON.stringify(value)} does not match ${schema.pattern}`);
      break;
    case 'quantity':
      if (typeof value !== 'string' || !/^\d+(\.\d+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$/.test(value))
        errors.push(`${p}: expected a quantity such as 5Gi`);
      break;
    case 'map':
      if (typeof value !== 'object' || Array.isArray(value)) errors.push(`${p}: expected a map`);
      else for (const [k, v] of Object.entries(value)) errors.push(...(await schemaErrors(v, schema.values, `${p}.${k}`)));
      break;
    case 'array':
      if (!Array.isArray(value)) errors.push(`${p}: expected a list`);
      else for (let i = 0; i < value.length; i++) errors.push(...(await schemaErrors(value[i], schema.items, `${p}[${i}]`)));
      break;
    case 'object':
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        errors.push(`${p}: expected an object`);
        break;
      }
      for (const r of schema.required ?? []) if (!(r in value)) errors.push(`${p}.${r}: required`);
      for (const [k, v] of Object.entries(value)) {
        if (!schema.properties[k]) errors.push(`${p}.${k}: not a field of postgresql.cnpg.io/v1 (as allowed here)`);
        else errors.push(...(await schemaErrors(v, schema.properties[k], `${p}.${k}`)));
      }
      break;
  }
  return errors;
}

// cert-manager's ClusterIssuer (cert-manager.io/v1), the subset deploy/k8s/cluster/cert-manager uses:
// ACME with the DNS-01 challenge at Cloudflare (an API token).
const CERT_MANAGER_CLUSTER_ISSUER = {
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  properties: {
    apiVersion: { enum: ['cert-manager.io/v1'] },
    kind: { enum: ['ClusterIssuer'] },
    metadata: { k8s: 'V1ObjectMeta' },
    spec: {
      type: 'object',
      required: ['acme'],
      properties: {
        acme: {
          type: 'object',
          required: ['server', 'privateKeySecretRef', 'solvers'],
          properties: {
            server: { type: 'pattern', pattern: /^https:\/\/acme(-staging)?-v02\.api\.letsencrypt\.org\/directory$/ },
            email: { type: 'pattern', pattern: /^[^@\s]+@[^@\s]+$/ },
            privateKeySecretRef: secretRef,
            solvers: {
              type: 'array',
              items: {
                type: 'object',
                required: ['dns01'],
                properties: {
                  selector: { type: 'object', properties: { dnsZones: strList, dnsNames: strList } },
                  dns01: {
                    type: 'object',
                    required: ['cloudflare'],
                    properties: { cloudflare: { type: 'object', required: ['apiTokenSecretRef'], properties: { apiTokenSecretRef: secretKeyRef } } },
                  },
                },
              },
            },
          },
        },
      },
    },
  },
};

// Every object of a render: Kubernetes kinds through kubernetes-models then the strict pass; the
// CloudNativePG Cluster through its own schema; anything else is an error.
async function validateAll(objs) {
  const errors = [];
  await importOrExplain('kubernetes-models', 'kubernetes-models');
  if (!fs.existsSync(CLIENT_NODE_MODELS))
    throw new Error(`${CLIENT_NODE_MODELS} is missing: install the test tools (package.json lists @kubernetes/client-node)`);
  for (const o of objs) {
    if (o.apiVersion === 'postgresql.cnpg.io/v1' && o.kind === 'Cluster') {
      errors.push(...(await schemaErrors(o, CNPG_CLUSTER, id(o))));
      continue;
    }
    if (o.apiVersion === 'cert-manager.io/v1' && o.kind === 'ClusterIssuer') {
      errors.push(...(await schemaErrors(o, CERT_MANAGER_CLUSTER_ISSUER, id(o))));
      continue;
    }
    if (o.apiVersion === 'postgresql.cnpg.io/v1' && o.kind === 'ScheduledBackup') {
      errors.push(...(await schemaErrors(o, CNPG_SCHEDULED_BACKUP, id(o))));
      continue;
    }
    errors.push(...(await kubernetesModelsErrors(o)));
    errors.push(...(await strictErrors(o, modelName(o), id(o))));
  }
  return errors;
}

// ---------------------------------------------------------------------------------------------
// Services and environment.

// The Services a render offers: its own, plus those CloudNativePG creates for a Cluster.
function servicesOf(objs) {
  const out = new Map();
  for (const s of ofKind(objs, 'Service')) out.set(s.metadata.name, s.spec.ports.map((p) => p.port));
  for (const c of ofKind(objs, 'Cluster'))
    for (const suffix of ['rw', 'ro', 'r']) out.set(`${c.metadata.name}-${suffix}`, [5432]);
  return out;
}

// The environment of a container as the kubelet builds it (secret values left out).
function environment(objs, container) {
  const env = {};
  for (const from of container.envFrom ?? []) {
    if (from.configMapRef) {
      const cm = find(objs, 'ConfigMap', from.configMapRef.name);
      assert.ok(cm, `envFrom names ConfigMap ${from.configMapRef.name}, which the render lacks`);
      Object.assign(env, cm.data);
    }
  }
  for (const e of container.env ?? []) {
    if ('value' in e) env[e.name] = e.value;
    else if (e.valueFrom?.configMapKeyRef) env[e.name] = find(objs, 'ConfigMap', e.valueFrom.configMapKeyRef.name)?.data?.[e.valueFrom.configMapKeyRef.key];
    else if (e.valueFrom?.secretKeyRef) env[e.name] = { secret: e.valueFrom.secretKeyRef };
  }
  return env;
}

const URL_RE = /^(https?|smtps?|postgres(?:ql)?):\/\/(?:[^@/]*@)?([^:/?#]+)(?::(\d+))?/;
const DEFAULT_PORTS = { http: 80, https: 443, smtp: 25, smtps: 465, postgres: 5432, postgresql: 5432 };

function checkHost(services, host, port, what) {
  const [name, ns] = host.split('.');
  assert.ok(!ns || ns === NAMESPACE, `${what}: ${host} is outside the namespace ${NAMESPACE}`);
  assert.ok(services.has(name), `${what}: no Service named ${name} in the render (have: ${[...services.keys()].join(', ')})`);
  assert.ok(services.get(name).includes(port), `${what}: Service ${name} has no port ${port} (has ${services.get(name).join(', ')})`);
}

// ---------------------------------------------------------------------------------------------
// NetworkPolicy evaluation: which connections the policies of a render allow.

function ipToInt(ip) {
  return ip.split('.').reduce((a, b) => a * 256 + Number(b), 0);
}
function inCidr(ip, cidr) {
  const [net, bits] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  return Math.floor(ipToInt(ip) / size) === Math.floor(ipToInt(net) / size);
}

// Everything a connection may come from or go to: the render's pods (one per workload), one
// CloudNativePG instance per Cluster, a stray pod of the namespace, and the outside world the
// shop touches or must not touch.
function endpoints(objs) {
  const list = [];
  let n = 1;
  const podIp = () => `10.42.0.${n++}`;
  for (const w of workloads(objs)) {
    const ports = podSpec(w).containers.flatMap((c) => (c.ports ?? []).map((p) => ({ port: p.containerPort, protocol: p.protocol ?? 'TCP', name: p.name })));
    list.push({ name: w.metadata.labels?.['app.kubernetes.io/name'] ?? w.metadata.name, ns: NAMESPACE, labels: podTemplate(w).metadata.labels, ports, ip: podIp() });
  }
  for (const c of ofKind(objs, 'Cluster'))
    list.push({
      name: c.metadata.name,
      ns: NAMESPACE,
      labels: { ...(c.spec.inheritedMetadata?.labels ?? {}), 'cnpg.io/cluster': c.metadata.name, 'cnpg.io/podRole': 'instance' },
      ports: [{ port: 5432, protocol: 'TCP', name: 'postgresql' }, { port: 8000, protocol: 'TCP', name: 'status' }],
      ip: podIp(),
    });
  list.push({ name: 'stray-pod', ns: NAMESPACE, labels: { run: 'debug' }, ports: [{ port: 8080, protocol: 'TCP' }], ip: podIp() });
  const outside = (name, ns, labels, ports) => ({ name, ns, labels, ports: ports.map(([port, protocol = 'TCP']) => ({ port, protocol })), ip: podIp() });
  list.push(outside('traefik', 'kube-system', { 'app.kubernetes.io/name': 'traefik' }, [[8000], [8443]]));
  list.push(outside('kube-dns', 'kube-system', { 'k8s-app': 'kube-dns' }, [[53, 'UDP'], [53, 'TCP']]));
  // A Prometheus the cluster may already run (namespace monitoring), besides the monitoring component's.
  list.push(outside('external-prometheus', 'monitoring', { 'app.kubernetes.io/name': 'prometheus' }, [[9090]]));
  list.push(outside('cnpg-operator', 'cnpg-system', { 'app.kubernetes.io/name': 'cloudnative-pg' }, [[9443]]));
  list.push(outside('stranger', 'default', { app: 'stranger' }, [[80]]));
  list.push({ name: 'kube-apiserver', ns: null, labels: null, ports: [{ port: 6443, protocol: 'TCP' }], ip: '192.168.115.10' });
  // The S3-compatible object store of CloudNativePG's WAL archive (the endpointURL of spec.backup).
  list.push({ name: 'object-store', ns: null, labels: null, ports: [{ port: 9000, protocol: 'TCP' }, { port: 443, protocol: 'TCP' }], ip: '192.168.115.29' });
  list.push({ name: 'internet', ns: null, labels: null, ports: [443, 25, 587, 465].map((port) => ({ port, protocol: 'TCP' })), ip: '93.184.216.34' });
  return list;
}

function peerMatches(peer, policyNs, ep) {
  if (peer.ipBlock) return inCidr(ep.ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((c) => inCidr(ep.ip, c));
  if (!ep.ns) return false; // selectors only select pods
  if (peer.namespaceSelector) {
    if (!labelsMatch(peer.namespaceSelector, { 'kubernetes.io/metadata.name': ep.ns })) return false;
  } else if (ep.ns !== policyNs) return false;
  return peer.podSelector ? labelsMatch(peer.podSelector, ep.labels) : true;
}

function portMatches(rulePorts, target, dstPort) {
  if (!rulePorts || rulePorts.length === 0) return true;
  return rulePorts.some((p) => {
    if ((p.protocol ?? 'TCP') !== dstPort.protocol) return false;
    if (p.port === undefined) return true;
    if (typeof p.port === 'string') return p.port === dstPort.name;
    return p.endPort ? dstPort.port >= p.port && dstPort.port <= p.endPort : p.port === dstPort.port;
  });
}

// Does `direction` (ingress of `subject` from `peer`, or egress of `subject` to `peer`) pass?
function allowedBy(policies, subject, direction, peer, dstPort) {
  const type = direction === 'ingress' ? 'Ingress' : 'Egress';
  const applying = policies.filter((np) => {
    const types = np.spec.policyTypes ?? (np.spec.egress ? ['Ingress', 'Egress'] : ['Ingress']);
    return np.metadata.namespace === subject.ns && types.includes(type) && labelsMatch(np.spec.podSelector, subject.labels);
  });
  if (applying.length === 0) return true; // not isolated in this direction
  return applying.some((np) =>
    (np.spec[direction] ?? []).some((rule) => {
      const peers = rule[direction === 'ingress' ? 'from' : 'to'];
      const peerOk = !peers || peers.length === 0 || peers.some((x) => peerMatches(x, np.metadata.namespace, peer));
      return peerOk && portMatches(rule.ports, direction === 'ingress' ? subject : peer, dstPort);
    }),
  );
}

function allowedConnections(objs) {
  const policies = ofKind(objs, 'NetworkPolicy');
  const eps = endpoints(objs);
  const allowed = new Set();
  for (const src of eps)
    for (const dst of eps) {
      if (src.ns !== NAMESPACE && dst.ns !== NAMESPACE) continue; // not governed by these policies
      for (const port of dst.ports) {
        const egressOk = src.ns !== NAMESPACE || allowedBy(policies, src, 'egress', dst, port);
        const ingressOk = dst.ns !== NAMESPACE || allowedBy(policies, dst, 'ingress', src, port);
        if (egressOk && ingressOk) allowed.add(`${src.name} -> ${dst.name}:${port.port}/${port.protocol}`);
      }
    }
  return allowed;
}

function expectedConnections() {
  const e = new Set();
  for (const [from, tos] of Object.entries(CALLS)) for (const to of tos) e.add(`${from} -> ${to}:5000/TCP`);
  for (const t of INGRESS_EXPOSED) e.add(`traefik -> ${t}:5000/TCP`);
  // Monitoring: both Prometheus scrape every target; Grafana queries the component's Prometheus,
  // which also scrapes the Pushgateway the backups push to, and discovers pods through the API.
  for (const t of TARGET_NAMES) {
    e.add(`prometheus -> ${t}:5000/TCP`);
    e.add(`external-prometheus -> ${t}:5000/TCP`);
  }
  e.add('grafana -> prometheus:9090/TCP');
  e.add('prometheus -> pushgateway:9091/TCP');
  e.add('postgres-backup -> pushgateway:9091/TCP');
  e.add('prometheus -> kube-apiserver:6443/TCP');
  // Alerting: Prometheus sends to Alertmanager, which mails (the catcher, or a relay outside the
  // cluster: SMTP ports) and calls the on-call webhook (HTTPS outside the cluster, which includes
  // the object store's address); the blackbox exporter probes the public routes through Traefik.
  e.add('prometheus -> alertmanager:9093/TCP');
  e.add('prometheus -> blackbox-exporter:9115/TCP');
  e.add('alertmanager -> mailpit:1025/TCP');
  for (const p of [25, 465, 587, 443]) e.add(`alertmanager -> internet:${p}/TCP`);
  e.add('alertmanager -> object-store:443/TCP');
  for (const p of [8000, 8443]) e.add(`blackbox-exporter -> traefik:${p}/TCP`);
  for (const t of DATA_TARGETS) e.add(`${t} -> postgres:5432/TCP`);
  e.add('email -> mailpit:1025/TCP');
  // CloudNativePG itself: the operator, replication between instances, the API server.
  for (const p of [5432, 8000]) {
    e.add(`cnpg-operator -> postgres:${p}/TCP`);
    e.add(`postgres -> postgres:${p}/TCP`);
  }
  e.add('postgres -> kube-apiserver:6443/TCP');
  // The pg_dump backup and restore Jobs.
  e.add('postgres-backup -> postgres:5432/TCP');
  for (const src of [...TARGET_NAMES, 'postgres', 'mailpit', 'postgres-backup', 'prometheus', 'grafana', 'pushgateway', 'alertmanager', 'blackbox-exporter', 'stray-pod']) {
    e.add(`${src} -> kube-dns:53/UDP`);
    e.add(`${src} -> kube-dns:53/TCP`);
  }
  return e;
}

// =============================================================================================
// The tests.

test('kubectl is available to render the manifests', () => {
  requireKubectl();
});

for (const name of ['base', 'local', 'production', 'production-optional', 'nfs-provisioner', 'cert-manager']) {
  test(`${name}: every object is valid (kubernetes-models, strict client-node fields, CloudNativePG schema)`, async () => {
    const objs = rendered(name);
    assert.ok(objs.length > 0);
    const errors = await validateAll(objs);
    assert.deepEqual(errors, [], `invalid objects:\n  ${errors.join('\n  ')}`);
  });
}

test('the strict pass and the CloudNativePG schema do reject unknown fields', async () => {
  rendered('base');
  const dep = structuredClone(find(rendered('base'), 'Deployment', 'catalog'));
  podSpec(dep).containers[0].livenessProbe.httpGets = { path: '/' };
  podSpec(dep).securityContext.runAsNonroot = true;
  const errs = await strictErrors(dep, 'V1Deployment', 'dep');
  assert.ok(errs.some((e) => e.includes('livenessProbe.httpGets: unknown field')), errs.join('\n'));
  assert.ok(errs.some((e) => e.includes('securityContext.runAsNonroot: unknown field')), errs.join('\n'));
  const cluster = structuredClone(find(rendered('production-optional'), 'Cluster', 'postgres'));
  cluster.spec.bootstrap.initdb.postInitSql = [];
  cluster.spec.storage.storageClassName = 'x';
  cluster.spec.backup.barmanObjectStore.wal.compresion = 'gzip';
  cluster.spec.backup.retentionPolicy = '7 days';
  const cerrs = await schemaErrors(cluster, CNPG_CLUSTER, 'cluster');
  assert.equal(cerrs.length, 4, cerrs.join('\n'));
  const sb = structuredClone(find(rendered('production-optional'), 'ScheduledBackup', 'postgres-daily'));
  sb.spec.schedule = '0 3 * * *';
  sb.spec.clusterName = 'postgres';
  const serrs = await schemaErrors(sb, CNPG_SCHEDULED_BACKUP, 'sb');
  assert.equal(serrs.length, 2, serrs.join('\n'));
});

for (const name of ['local', 'production']) {
  describe(`${name} overlay`, () => {
    test('everything lives in the rapidtradeco namespace, which enforces the restricted pod security profile', () => {
      const objs = rendered(name);
      const clusterScoped = new Set(['Namespace', 'StorageClass', 'ClusterRole', 'ClusterRoleBinding']);
      for (const o of objs) if (!clusterScoped.has(o.kind)) assert.equal(o.metadata.namespace, NAMESPACE, `${id(o)} is not in ${NAMESPACE}`);
      const ns = find(objs, 'Namespace', NAMESPACE);
      assert.ok(ns, 'the Namespace is part of the render');
      assert.equal(ns.metadata.labels['pod-security.kubernetes.io/enforce'], 'restricted');
    });

    // Traefik (kube-system) runs on k3s's pod network, 10.42.0.0/16 unless the operator changed
    // --cluster-cidr: every pod must believe its X-Forwarded-For and only its (the real client for
    // the log-in throttle), and a request it forwarded never gets /metrics (Prometheus scrapes the
    // pods directly, without that header).
    test('TRUSTED_PROXIES names the Ingress controller\'s pod network for every target; no Ingress path exposes /metrics', () => {
      const objs = rendered(name);
      const traefikPod = '10.42.0.9';
      for (const t of TARGET_NAMES) {
        const server = podSpec(find(objs, 'Deployment', t)).containers.find((c) => c.name === 'server');
        const proxies = environment(objs, server).TRUSTED_PROXIES;
        assert.ok(typeof proxies === 'string' && proxies.length > 0, `${t}: TRUSTED_PROXIES is not set`);
        const items = proxies.split(',').map((x) => x.trim());
        for (const item of items) assert.match(item, /^\d+\.\d+\.\d+\.\d+(\/\d{1,2})?$/, `${t}: TRUSTED_PROXIES item ${item}`);
        assert.ok(items.some((c) => inCidr(traefikPod, c.includes('/') ? c : `${c}/32`)), `${t}: ${proxies} does not cover Traefik's pods`);
        assert.ok(!items.some((c) => c.endsWith('/0')), `${t}: TRUSTED_PROXIES must not trust everyone`);
      }
      for (const ing of ofKind(objs, 'Ingress'))
        for (const rule of ing.spec.rules ?? [])
          for (const p of rule.http?.paths ?? [])
            assert.ok(!/^\/(metrics|healthz|readyz)/.test(p.path), `${id(ing)} routes ${p.path} from the Internet`);
    });

    test('one Deployment and one Service per target, with the names the code expects', () => {
      const objs = rendered(name);
      for (const [t, { service }] of Object.entries(TARGETS)) {
        const d = find(objs, 'Deployment', t);
        assert.ok(d, `no Deployment ${t}`);
        const server = podSpec(d).containers.find((c) => c.name === 'server');
        assert.ok(server, `${t}: no container named server`);
        assert.equal(server.image, IMAGE, `${t}: image`);
        assert.deepEqual(server.args, ['serve', '--target', t], `${t}: args`);
        assert.equal(server.env.find((e) => e.name === 'PORT')?.value, '5000', `${t}: PORT`);
        assert.ok(server.ports.some((p) => p.containerPort === 5000 && p.name === 'http'), `${t}: containerPort 5000 named http`);
        const s = find(objs, 'Service', service);
        assert.ok(s, `no Service ${service} for ${t}`);
        assert.ok(labelsMatch({ matchLabels: s.spec.selector }, d.spec.template.metadata.labels), `Service ${service} does not select ${t}'s pods`);
        if (t !== 'frontend') assert.ok(s.spec.ports.some((p) => p.port === 5000), `Service ${service} must listen on 5000 (the code's default URL)`);
      }
    });

    // Endpoints and Traefik drop a terminating pod while its preStop hook runs, not before: without
    // a wait there, a rollout answers 502 for what was still routed to the old pod. k3s 1.27 has no
    // preStop.sleep and the image no shell: the binary waits (`rapidtrade sleep`). The wait and the
    // server's drain (SHUTDOWN_TIMEOUT_MS, 10 s) fit in the grace period, or SIGKILL cuts requests.
    test('every target\'s server waits in a preStop hook (rapidtrade sleep) that fits the grace period with the drain', () => {
      const objs = rendered(name);
      for (const t of TARGET_NAMES) {
        const d = find(objs, 'Deployment', t);
        const server = podSpec(d).containers.find((c) => c.name === 'server');
        const cmd = server.lifecycle?.preStop?.exec?.command;
        assert.ok(cmd, `${t}: no preStop exec hook`);
        assert.deepEqual(cmd.slice(0, 2), ['/usr/local/bin/rapidtrade', 'sleep'], `${t}: the preStop hook runs the binary itself (no shell in the image)`);
        const wait = Number(cmd[2]);
        assert.ok(Number.isInteger(wait) && wait >= 3 && wait <= 15, `${t}: preStop waits ${cmd[2]} s (3 to 15: long enough for endpoints and Traefik)`);
        const drain = Number(environment(objs, server).SHUTDOWN_TIMEOUT_MS ?? 10000) / 1000;
        const grace = podSpec(d).terminationGracePeriodSeconds ?? 30;
        assert.ok(wait + drain < grace, `${t}: preStop ${wait} s + drain ${drain} s must fit terminationGracePeriodSeconds ${grace}`);
      }
    });

    test('the services with a database migrate it in an init container; frontend has none', () => {
      const objs = rendered(name);
      for (const t of TARGET_NAMES) {
        const inits = podSpec(find(objs, 'Deployment', t)).initContainers ?? [];
        if (!TARGETS[t].data) {
          assert.equal(inits.length, 0, `${t} has no database and needs no migration`);
          continue;
        }
        const m = inits.find((c) => c.name === 'migrate');
        assert.ok(m, `${t}: no migrate init container`);
        assert.equal(m.image, IMAGE);
        assert.deepEqual(m.args, ['migrate', '--target', t]);
        const env = environment(objs, m);
        assert.equal(env.POSTGRES_DB, t, `${t}: migrates its own database`);
        assert.equal(env.POSTGRES_USER?.secret?.name, generated(objs, 'Secret', `${t}-db`).metadata.name);
        assert.equal(env.POSTGRES_PASSWORD?.secret?.key, 'password');
      }
    });

    test('every pod has resource requests and limits; long-running ones liveness, readiness and startup probes', () => {
      const objs = rendered(name);
      for (const w of workloads(objs)) {
        if (LONG_RUNNING.includes(w.kind))
        for (const c of podSpec(w).containers) {
          for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) assert.ok(c[probe], `${id(w)} ${c.name}: no ${probe}`);
          if (isRapidtrade(c)) {
            assert.equal(c.livenessProbe.httpGet?.path, '/healthz', `${id(w)}: liveness on /healthz`);
            assert.equal(c.readinessProbe.httpGet?.path, '/readyz', `${id(w)}: readiness on /readyz`);
            assert.equal(c.startupProbe.httpGet?.path, '/healthz', `${id(w)}: startup on /healthz`);
          }
        }
        for (const c of allContainers(w))
          for (const kind of ['requests', 'limits'])
            for (const r of ['cpu', 'memory']) assert.ok(c.resources?.[kind]?.[r], `${id(w)} ${c.name}: no resources.${kind}.${r}`);
      }
    });

    test('auth gets room for concurrent Argon2id log-ins (~64 MiB each)', () => {
      const objs = rendered(name);
      const mib = (q) => Number(/^(\d+)Mi$/.exec(q)?.[1] ?? /^(\d+)Gi$/.exec(q)?.[1] * 1024);
      const limitOf = (t) => mib(podSpec(find(objs, 'Deployment', t)).containers[0].resources.limits.memory);
      const server = podSpec(find(objs, 'Deployment', 'auth')).containers[0];
      const threads = Number(server.env.find((e) => e.name === 'WORKER_THREADS')?.value);
      assert.ok(threads > 0, 'auth bounds its handler threads (WORKER_THREADS)');
      assert.ok(limitOf('auth') >= threads * 64 + 64, `auth's memory limit covers ${threads} log-ins at once`);
      for (const t of TARGET_NAMES) if (t !== 'auth') assert.ok(limitOf('auth') > limitOf(t), `auth has more memory than ${t}`);
    });

    test('every pod runs with the restricted security context, at pod and container level', () => {
      const objs = rendered(name);
      for (const w of workloads(objs)) {
        const ps = podSpec(w);
        const psc = ps.securityContext ?? {};
        assert.equal(psc.runAsNonRoot, true, `${id(w)}: pod runAsNonRoot`);
        assert.ok(psc.runAsUser > 0, `${id(w)}: pod runAsUser`);
        assert.equal(psc.seccompProfile?.type, 'RuntimeDefault', `${id(w)}: pod seccompProfile`);
        // Only Prometheus talks to the Kubernetes API (pod discovery), with its own account.
        if (w.metadata.name === 'prometheus') assert.equal(ps.serviceAccountName, 'prometheus', `${id(w)}: its own service account`);
        else assert.equal(ps.automountServiceAccountToken, false, `${id(w)}: no service account token`);
        assert.equal(ps.enableServiceLinks, false, `${id(w)}: no service link variables (POSTGRES_PORT=tcp://... would clash)`);
        const mounts = new Set((ps.volumes ?? []).filter((v) => v.emptyDir).map((v) => v.name));
        for (const c of allContainers(w)) {
          const sc = c.securityContext ?? {};
          const where = `${id(w)} ${c.name}`;
          assert.equal(sc.runAsNonRoot, true, `${where}: runAsNonRoot`);
          assert.equal(sc.readOnlyRootFilesystem, true, `${where}: readOnlyRootFilesystem`);
          assert.equal(sc.allowPrivilegeEscalation, false, `${where}: allowPrivilegeEscalation`);
          assert.deepEqual(sc.capabilities?.drop, ['ALL'], `${where}: capabilities drop ALL`);
          assert.ok(!sc.capabilities?.add?.length, `${where}: no added capability`);
          assert.equal(sc.seccompProfile?.type, 'RuntimeDefault', `${where}: seccompProfile`);
          assert.ok(!sc.privileged, `${where}: not privileged`);
          assert.ok(
            (c.volumeMounts ?? []).some((m) => m.mountPath === '/tmp' && mounts.has(m.name)),
            `${where}: /tmp is an emptyDir (the only writable place)`,
          );
          if (isRapidtrade(c)) {
            assert.equal(psc.runAsUser, APP_UID, `${id(w)}: pod runs as ${APP_UID}`);
            assert.equal(sc.runAsUser, APP_UID, `${where}: runs as ${APP_UID}`);
            assert.match(environment(objs, c).DATA_DIR, /^\/tmp\//, `${where}: DATA_DIR inside the /tmp emptyDir`);
          }
        }
      }
    });

    test('every Service selects the pods of a Deployment or StatefulSet, on a port they expose', () => {
      const objs = rendered(name);
      for (const s of ofKind(objs, 'Service')) {
        const backing = workloads(objs).filter((w) => labelsMatch({ matchLabels: s.spec.selector }, podTemplate(w).metadata.labels));
        assert.ok(Object.keys(s.spec.selector ?? {}).length > 0, `${id(s)} has a selector`);
        assert.equal(backing.length, 1, `${id(s)} selects the pods of exactly one workload (got ${backing.map(id).join(', ') || 'none'})`);
        const ports = podSpec(backing[0]).containers.flatMap((c) => c.ports ?? []);
        for (const p of s.spec.ports) {
          const target = p.targetPort ?? p.port;
          assert.ok(
            ports.some((cp) => cp.name === target || cp.containerPort === target),
            `${id(s)} port ${p.port} -> ${target}: no such container port in ${id(backing[0])}`,
          );
        }
      }
    });

    test('every service URL and host in the environment names a Service of the render, on one of its ports', () => {
      const objs = rendered(name);
      const services = servicesOf(objs);
      for (const w of workloads(objs))
        for (const c of allContainers(w)) {
          const env = environment(objs, c);
          for (const [k, v] of Object.entries(env)) {
            if (typeof v !== 'string') continue;
            const where = `${id(w)} ${c.name} ${k}=${v}`;
            if (k.endsWith('_URL')) assert.match(v, URL_RE, `${where}: not a URL the code accepts`);
            const m = URL_RE.exec(v);
            if (m) checkHost(services, m[2], Number(m[3] ?? DEFAULT_PORTS[m[1]]), where);
          }
          if (typeof env.POSTGRES_HOST === 'string')
            checkHost(services, env.POSTGRES_HOST, Number(env.POSTGRES_PORT ?? 5432), `${id(w)} ${c.name} POSTGRES_HOST`);
          if (isRapidtrade(c) && c.name === 'server') {
            for (const t of TARGET_NAMES)
              if (TARGETS[t].urlVar)
                assert.equal(env[TARGETS[t].urlVar], `http://${TARGETS[t].service}:5000`, `${id(w)}: ${TARGETS[t].urlVar}`);
            assert.match(env.SMTP_URL ?? '', URL_RE, `${id(w)}: SMTP_URL`);
          }
        }
    });

    test('every Secret and ConfigMap a pod refers to exists, with the key it reads', () => {
      const objs = rendered(name);
      for (const w of workloads(objs)) {
        for (const c of allContainers(w))
          for (const e of c.env ?? []) {
            const ref = e.valueFrom?.secretKeyRef ?? e.valueFrom?.configMapKeyRef;
            if (!ref) continue;
            const kind = e.valueFrom.secretKeyRef ? 'Secret' : 'ConfigMap';
            const o = find(objs, kind, ref.name);
            assert.ok(o || ref.optional, `${id(w)} ${c.name} ${e.name}: no ${kind} ${ref.name}`);
            if (o) assert.ok(ref.key in (o.data ?? {}), `${id(w)} ${c.name} ${e.name}: ${kind} ${ref.name} has no key ${ref.key}`);
          }
        for (const v of podSpec(w).volumes ?? []) {
          if (v.configMap) assert.ok(find(objs, 'ConfigMap', v.configMap.name), `${id(w)} volume ${v.name}: no ConfigMap ${v.configMap.name}`);
          for (const src of v.projected?.sources ?? []) {
            if (!src.configMap) continue;
            const cm = find(objs, 'ConfigMap', src.configMap.name);
            assert.ok(cm, `${id(w)} volume ${v.name}: no ConfigMap ${src.configMap.name}`);
            for (const item of src.configMap.items ?? []) assert.ok(item.key in cm.data, `${id(w)} volume ${v.name}: ConfigMap ${src.configMap.name} has no key ${item.key}`);
          }
          if (v.persistentVolumeClaim)
            assert.ok(find(objs, 'PersistentVolumeClaim', v.persistentVolumeClaim.claimName), `${id(w)} volume ${v.name}: no PersistentVolumeClaim ${v.persistentVolumeClaim.claimName}`);
        }
      }
    });

    test('pg_dump backups: an hourly CronJob and a restore template on the backup volume, scripts that parse', () => {
      const objs = rendered(name);
      const backup = find(objs, 'CronJob', 'postgres-backup');
      assert.ok(backup, 'a CronJob postgres-backup');
      assert.match(backup.spec.schedule, /^\d+ \* \* \* \*$/, 'hourly');
      assert.equal(backup.spec.concurrencyPolicy, 'Forbid');
      assert.ok(backup.spec.successfulJobsHistoryLimit >= 1 && backup.spec.failedJobsHistoryLimit >= 1, 'job history limits set');
      assert.ok(!backup.spec.suspend, 'the backup CronJob runs');
      const restore = find(objs, 'CronJob', 'postgres-restore');
      assert.ok(restore, 'a restore template (suspended CronJob postgres-restore)');
      assert.equal(restore.spec.suspend, true, 'the restore never runs by itself');
      const pvc = find(objs, 'PersistentVolumeClaim', 'postgres-backups');
      assert.ok(pvc, 'a PersistentVolumeClaim postgres-backups');
      const scripts = generated(objs, 'ConfigMap', 'postgres-backup-scripts');
      const config = generated(objs, 'ConfigMap', 'postgres-backup-config');
      assert.ok(scripts && config, 'the scripts and settings ConfigMaps');
      assert.equal(config.data.BACKUP_KEEP, '48', 'keeps 48 backups by default');
      assert.deepEqual(config.data.DATABASES.split(/\s+/).sort(), [...DATA_TARGETS].sort(), 'every service database');
      for (const [cj, script] of [[backup, 'backup.sh'], [restore, 'restore.sh']]) {
        const ps = podSpec(cj);
        const c = ps.containers[0];
        assert.equal(ps.restartPolicy, 'Never');
        assert.match(c.image, /^postgres:15(\.|-|$)/, `${id(cj)}: the postgres image (pg_dump, pg_restore)`);
        assert.equal(c.image, podSpec(find(rendered('local'), 'StatefulSet', 'postgres')).containers[0].image, `${id(cj)}: the same image as the StatefulSet`);
        const scriptsVolume = ps.volumes.find((v) => v.configMap?.name === scripts.metadata.name);
        assert.ok(scriptsVolume, `${id(cj)}: mounts the scripts`);
        const scriptsMount = c.volumeMounts.find((m) => m.name === scriptsVolume.name);
        assert.deepEqual(c.command, ['bash', `${scriptsMount.mountPath}/${script}`], `${id(cj)}: runs ${script}`);
        assert.ok(script in scripts.data, `${id(cj)}: ${script} is in the ConfigMap`);
        const backupsVolume = ps.volumes.find((v) => v.persistentVolumeClaim?.claimName === pvc.metadata.name);
        assert.ok(backupsVolume, `${id(cj)}: mounts the PVC ${pvc.metadata.name}`);
        const env = environment(objs, c);
        assert.equal(env.BACKUP_ROOT, c.volumeMounts.find((m) => m.name === backupsVolume.name).mountPath, `${id(cj)}: BACKUP_ROOT is the volume`);
        assert.equal(env.POSTGRES_HOST, generated(objs, 'ConfigMap', 'rapidtrade-config').data.POSTGRES_HOST, `${id(cj)}: the services' PostgreSQL`);
        for (const t of DATA_TARGETS) {
          const ref = env[`DB_PASSWORD_${t.toUpperCase()}`]?.secret;
          assert.equal(ref?.name, generated(objs, 'Secret', `${t}-db`).metadata.name, `${id(cj)}: ${t}'s password from its Secret`);
          assert.equal(ref.key, 'password');
        }
      }
      assert.ok(find(objs, 'CronJob', 'postgres-backup').spec.jobTemplate.spec.template.spec.containers[0].volumeMounts.every((m) => !m.readOnly || m.mountPath !== '/backups'), 'the backup writes its volume');
      // A shellcheck-like sanity check: the scripts parse, and do what the runbook says.
      for (const [file, text] of Object.entries(scripts.data)) {
        const r = spawnSync('bash', ['-n'], { input: text, encoding: 'utf8' });
        assert.equal(r.status, 0, `${file}: bash -n: ${r.stderr}`);
        assert.match(text, /^#!\/bin\/bash\n/, `${file}: bash`);
        assert.match(text, /set -euo pipefail/, `${file}: strict mode`);
      }
      assert.match(scripts.data['backup.sh'], /pg_dump [^\n]*\\\n[^\n]*--format=custom/, 'custom-format dumps');
      assert.match(scripts.data['backup.sh'], /sha256sum -- \*\.dump > SHA256SUMS/);
      assert.match(scripts.data['backup.sh'], /last-success/);
      assert.match(scripts.data['backup.sh'], /BACKUP_KEEP/);
      assert.match(scripts.data['restore.sh'], /sha256sum --check/);
      assert.match(scripts.data['restore.sh'], /pg_restore [^\n]*\\\n[^\n]*--clean --if-exists/);
    });

    test('the backup scripts work against a directory: checksums, retention, last-success, refusal of a damaged backup', (t) => {
      const objs = rendered(name);
      const scripts = generated(objs, 'ConfigMap', 'postgres-backup-scripts').data;
      const dir = fs.mkdtempSync(path.join(tmp, 'backups-'));
      const bin = path.join(dir, '.bin');
      fs.mkdirSync(bin);
      // Stand-ins for pg_dump, pg_restore: the scripts' own logic is under test.
      fs.writeFileSync(path.join(bin, 'pg_dump'), '#!/bin/bash\nfor a; do case "$a" in --file=*) f="${a#--file=}";; --dbname=*) d="${a#--dbname=}";; esac; done\necho "dump of $d" > "$f"\n', { mode: 0o755 });
      fs.writeFileSync(path.join(bin, 'pg_restore'), '#!/bin/bash\nfor a; do echo "$a"; done >> "$BACKUP_ROOT/.restored"\n', { mode: 0o755 });
      const scriptFile = (f) => { const p = path.join(dir, '.' + f); fs.writeFileSync(p, scripts[f]); return p; };
      const env = { PATH: `${bin}:${process.env.PATH}`, BACKUP_ROOT: dir, BACKUP_KEEP: '2', POSTGRES_HOST: 'postgres', DATABASES: DATA_TARGETS.join(' ') };
      for (const d of DATA_TARGETS) env[`DB_PASSWORD_${d.toUpperCase()}`] = 'x';
      for (const old of ['20200101T000000Z', '20200101T010000Z', '20200101T020000Z']) fs.mkdirSync(path.join(dir, old));
      const r = spawnSync('bash', [scriptFile('backup.sh')], { env, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const kept = fs.readdirSync(dir).filter((f) => /^\d{8}T\d{6}Z$/.test(f)).sort();
      assert.equal(kept.length, 2, `retention keeps BACKUP_KEEP=2: ${kept}`);
      assert.equal(kept[0], '20200101T020000Z');
      const latest = kept[1];
      const sums = fs.readFileSync(path.join(dir, latest, 'SHA256SUMS'), 'utf8');
      for (const d of DATA_TARGETS) assert.match(sums, new RegExp(`^[0-9a-f]{64}  ${d}\\.dump$`, 'm'));
      assert.match(fs.readFileSync(path.join(dir, 'last-success'), 'utf8'), new RegExp(`Z ${latest}\\n$`));
      const restore = (extra) => spawnSync('bash', [scriptFile('restore.sh')], { env: { ...env, ...extra }, encoding: 'utf8' });
      assert.notEqual(restore({}).status, 0, 'no choice, no restore');
      let rr = restore({ RESTORE_FROM: 'latest', RESTORE_DATABASES: 'customers' });
      assert.equal(rr.status, 0, rr.stderr);
      const args = fs.readFileSync(path.join(dir, '.restored'), 'utf8');
      for (const a of ['--clean', '--if-exists', '--dbname=customers', '--username=customers', path.join(dir, latest, 'customers.dump')]) assert.ok(args.includes(a), `pg_restore ${a}`);
      assert.equal(args.match(/--dbname=/g).length, 1, 'one database only');
      assert.notEqual(restore({ RESTORE_FROM: latest, RESTORE_DATABASES: 'nosuch' }).status, 0, 'unknown database refused');
      fs.appendFileSync(path.join(dir, latest, 'cart.dump'), 'tampered');
      fs.rmSync(path.join(dir, '.restored'));
      rr = restore({ RESTORE_FROM: latest, RESTORE_DATABASES: 'all' });
      assert.notEqual(rr.status, 0, 'a damaged backup is refused');
      assert.ok(!fs.existsSync(path.join(dir, '.restored')), 'nothing restored from a damaged backup');
    });

    test("the Ingress is Traefik's and routes exactly the brief's paths", () => {
      const objs = rendered(name);
      const ingresses = ofKind(objs, 'Ingress');
      assert.equal(ingresses.length, 1);
      const ing = ingresses[0];
      assert.equal(ing.spec.ingressClassName, 'traefik');
      const routes = {};
      for (const rule of ing.spec.rules)
        for (const p of rule.http.paths) {
          assert.equal(p.pathType, 'Prefix', `${p.path}: Prefix`);
          routes[p.path] = p.backend.service.name;
          const s = find(objs, 'Service', p.backend.service.name);
          assert.ok(s, `${p.path}: no Service ${p.backend.service.name}`);
          const port = p.backend.service.port;
          assert.ok(s.spec.ports.some((sp) => sp.name === port.name || sp.port === port.number), `${p.path}: Service ${s.metadata.name} has no port ${JSON.stringify(port)}`);
        }
      assert.deepEqual(routes, INGRESS_ROUTES);
      // Traefik matches a Prefix path as a plain string prefix: `/apis/products/` would leave
      // `/apis/products` to the frontend.
      for (const p of Object.keys(routes)) assert.ok(p === '/' || !p.endsWith('/'), `${p}: no trailing slash on a Prefix path`);
    });

    test('a mail catcher (mailpit) receives the SMTP of the email service', () => {
      const objs = rendered(name);
      const d = find(objs, 'Deployment', 'mailpit');
      assert.ok(d, 'a mailpit Deployment');
      assert.match(podSpec(d).containers[0].image, /^axllent\/mailpit:/);
      const env = environment(objs, podSpec(find(objs, 'Deployment', 'email')).containers[0]);
      assert.equal(env.SMTP_URL, 'smtp://mailpit:1025');
    });

    test('monitoring: Prometheus runs deploy/monitoring\'s configuration and rules, Grafana every dashboard, the backups report to a Pushgateway', () => {
      const objs = rendered(name);
      const committed = (f) => fs.readFileSync(path.join(MONITORING, f), 'utf8');
      // Prometheus: prometheus.yml and its rule files, laid out as prometheus.yml names them.
      const prom = find(objs, 'Deployment', 'prometheus');
      assert.ok(prom, 'a Deployment prometheus');
      const pc = podSpec(prom).containers[0];
      const arg = (flag) => pc.args.find((a) => a.startsWith(`--${flag}=`))?.slice(flag.length + 3);
      const config = generated(objs, 'ConfigMap', 'prometheus-config');
      const promYml = committed('prometheus/prometheus.yml');
      const configMount = pc.volumeMounts.find((m) => arg('config.file').startsWith(`${m.mountPath}/`));
      const configVolume = podSpec(prom).volumes.find((v) => v.name === configMount.name);
      const laidOut = {};
      for (const src of configVolume.projected.sources) {
        assert.equal(src.configMap.name, config.metadata.name);
        for (const item of src.configMap.items) laidOut[item.path] = config.data[item.key];
      }
      assert.equal(laidOut[path.relative(configMount.mountPath, arg('config.file'))], promYml, 'the committed prometheus.yml');
      const promConfig = YAML.parse(promYml);
      for (const rules of promConfig.rule_files) assert.equal(laidOut[rules], committed(path.join('prometheus', rules)), `${rules} beside prometheus.yml`);
      const dataMount = pc.volumeMounts.find((m) => m.mountPath === arg('storage.tsdb.path'));
      const dataVolume = podSpec(prom).volumes.find((v) => v.name === dataMount?.name);
      assert.ok(find(objs, 'PersistentVolumeClaim', dataVolume?.persistentVolumeClaim?.claimName), 'the time series on a volume');
      assert.match(arg('storage.tsdb.retention.time') ?? '', /^\d+d$/, 'a retention');
      assert.equal(prom.spec.strategy?.type, 'Recreate', 'one Prometheus at a time on its volume');
      // Every static scrape target is a Service of the render.
      const services = servicesOf(objs);
      for (const job of promConfig.scrape_configs)
        for (const sc of job.static_configs ?? [])
          for (const target of sc.targets.filter((x) => !x.startsWith('localhost:')))
            checkHost(services, target.split(':')[0], Number(target.split(':')[1]), `scrape job ${job.job_name}`);

      // Its account may discover the namespace's pods and read the kubelets' metrics, nothing more.
      assert.ok(find(objs, 'ServiceAccount', 'prometheus'), 'a ServiceAccount prometheus');
      const grants = [];
      for (const b of [...ofKind(objs, 'RoleBinding'), ...ofKind(objs, 'ClusterRoleBinding')]) {
        const subject = b.subjects.some((x) => x.kind === 'ServiceAccount' && x.name === 'prometheus' && (x.namespace ?? b.metadata.namespace) === NAMESPACE);
        if (!subject) continue;
        const role = find(objs, b.roleRef.kind, b.roleRef.name);
        assert.ok(role, `${id(b)}: no ${b.roleRef.kind} ${b.roleRef.name}`);
        for (const r of role.rules) for (const res of r.resources) for (const v of r.verbs) grants.push(`${v} ${res}${b.kind === 'RoleBinding' ? ' (namespace)' : ''}`);
      }
      assert.deepEqual(grants.sort(), [
        'get nodes', 'get nodes/metrics', 'get nodes/proxy', 'get pods (namespace)', 'list nodes', 'list pods (namespace)', 'watch nodes', 'watch pods (namespace)',
      ]);

      // Grafana: every committed dashboard, where the provisioned provider looks, and Prometheus.
      const grafana = find(objs, 'Deployment', 'grafana');
      assert.ok(grafana, 'a Deployment grafana');
      const gc = podSpec(grafana).containers[0];
      const dashboards = generated(objs, 'ConfigMap', 'grafana-dashboards');
      const files = fs.readdirSync(path.join(MONITORING, 'grafana/dashboards')).filter((f) => f.endsWith('.json')).sort();
      assert.deepEqual(Object.keys(dashboards.data).sort(), files, 'every dashboard');
      for (const f of files) assert.equal(dashboards.data[f], committed(`grafana/dashboards/${f}`), f);
      const provisioning = generated(objs, 'ConfigMap', 'grafana-provisioning');
      const provisioningMount = gc.volumeMounts.find((m) => m.mountPath === '/etc/grafana/provisioning');
      const provisioningFiles = {};
      for (const src of podSpec(grafana).volumes.find((v) => v.name === provisioningMount?.name).projected.sources) {
        assert.equal(src.configMap.name, provisioning.metadata.name);
        for (const item of src.configMap.items) provisioningFiles[item.path] = provisioning.data[item.key];
      }
      assert.equal(provisioningFiles['datasources/prometheus.yml'], committed('grafana/provisioning/datasources/prometheus.yml'));
      assert.equal(provisioningFiles['dashboards/dashboards.yml'], committed('grafana/provisioning/dashboards/dashboards.yml'));
      const providerPath = YAML.parse(provisioningFiles['dashboards/dashboards.yml']).providers[0].options.path;
      const dashboardsMount = gc.volumeMounts.find((m) => m.mountPath === providerPath);
      assert.equal(podSpec(grafana).volumes.find((v) => v.name === dashboardsMount?.name)?.configMap?.name, dashboards.metadata.name, `the dashboards at ${providerPath}`);
      const env = environment(objs, gc);
      assert.equal(env.PROMETHEUS_URL, 'http://prometheus:9090', 'the data source is the Prometheus Service');
      assert.equal(env.GF_SECURITY_ADMIN_PASSWORD?.secret?.name, generated(objs, 'Secret', 'grafana-admin').metadata.name, 'admin password from a generated Secret');
      assert.equal(env.GF_USERS_ALLOW_SIGN_UP, 'false');
      assert.equal(env.GF_AUTH_ANONYMOUS_ENABLED, 'false');
      assert.ok(files.includes(path.basename(env.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH)) && env.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH.startsWith(`${providerPath}/`), 'the home dashboard is one of them');
      // `kubectl apply` keeps a copy of each object in an annotation of at most 256 KiB.
      for (const cm of [config, dashboards, provisioning])
        assert.ok(Buffer.byteLength(JSON.stringify(cm)) < 200 * 1024, `${id(cm)} fits kubectl apply's annotation`);
      // Monitoring is for operators (kubectl port-forward), not on the shop's Ingress.
      for (const ing of ofKind(objs, 'Ingress'))
        for (const rule of ing.spec.rules)
          for (const p of rule.http.paths) assert.ok(!['prometheus', 'grafana', 'pushgateway'].includes(p.backend.service.name), `${id(ing)} exposes ${p.backend.service.name}`);

      // The backup CronJob reports to the Pushgateway (the restore Job does not back anything up).
      assert.equal(environment(objs, podSpec(find(objs, 'CronJob', 'postgres-backup')).containers[0]).PUSHGATEWAY_URL, 'http://pushgateway:9091');
      assert.equal(environment(objs, podSpec(find(objs, 'CronJob', 'postgres-restore')).containers[0]).PUSHGATEWAY_URL, undefined);
    });
  });
}

describe('local overlay', () => {
  test('one replica of everything, PostgreSQL 15 as a StatefulSet with a volume, demo data, plain HTTP', () => {
    const objs = rendered('local');
    for (const d of ofKind(objs, 'Deployment')) assert.equal(d.spec.replicas, 1, `${id(d)}: 1 replica`);
    assert.equal(ofKind(objs, 'HorizontalPodAutoscaler').length, 0);
    assert.equal(ofKind(objs, 'Cluster').length, 0);
    const pg = find(objs, 'StatefulSet', 'postgres');
    assert.ok(pg, 'a postgres StatefulSet');
    assert.match(podSpec(pg).containers[0].image, /^postgres:15(\.|-|$)/);
    assert.equal(pg.spec.volumeClaimTemplates[0].spec.resources.requests.storage !== undefined, true);
    assert.ok(podSpec(pg).containers[0].volumeMounts.some((m) => m.name === 'data' && m.mountPath === '/var/lib/postgresql/data'));
    const cm = generated(objs, 'ConfigMap', 'rapidtrade-config');
    assert.equal(cm.data.SEED_DEMO_DATA, 'true');
    assert.equal(cm.data.COOKIE_SECURE, 'false');
    assert.equal(cm.data.POSTGRES_HOST, 'postgres');
  });

  test('the init script creates one database and role per service, with the password of its Secret', () => {
    const objs = rendered('local');
    const pg = podSpec(find(objs, 'StatefulSet', 'postgres'));
    const initVolume = pg.volumes.find((v) => v.name === 'init');
    const cm = find(objs, 'ConfigMap', initVolume.configMap.name);
    assert.ok(pg.containers[0].volumeMounts.some((m) => m.name === 'init' && m.mountPath === '/docker-entrypoint-initdb.d'));
    const script = Object.values(cm.data)[0];
    assert.match(script, /CREATE ROLE :"name" LOGIN PASSWORD :'password'/);
    assert.match(script, /CREATE DATABASE :"name" OWNER :"name"/);
    const loop = /for service in ([a-z ]+); do/.exec(script);
    assert.deepEqual(loop[1].trim().split(/\s+/).sort(), [...DATA_TARGETS].sort());
    const env = environment(objs, pg.containers[0]);
    for (const t of DATA_TARGETS) {
      const ref = env[`DB_PASSWORD_${t.toUpperCase()}`]?.secret;
      assert.equal(ref?.name, generated(objs, 'Secret', `${t}-db`).metadata.name, `${t}'s password from its Secret`);
    }
  });
});

describe('production overlay', () => {
  test('PostgreSQL is a CloudNativePG Cluster of 2 instances on NFS that replaces the StatefulSet', () => {
    const objs = rendered('production');
    assert.equal(ofKind(objs, 'StatefulSet').length, 0, 'no plain StatefulSet');
    assert.equal(find(objs, 'Service', 'postgres'), undefined);
    assert.equal(generated(objs, 'Secret', 'postgres-superuser'), undefined, 'no unused superuser Secret');
    const cl = find(objs, 'Cluster', 'postgres');
    assert.ok(cl, 'a Cluster named postgres');
    assert.equal(cl.spec.instances, 2);
    assert.match(cl.spec.imageName, /postgresql:15/);
    const sc = find(objs, 'StorageClass', cl.spec.storage.storageClass);
    assert.ok(sc, `the Cluster's storage class ${cl.spec.storage.storageClass} is in the render`);
    assert.equal(sc.provisioner, 'k8s-sigs.io/nfs-subdir-external-provisioner');
    const provisioner = podSpec(find(rendered('nfs-provisioner'), 'Deployment', 'nfs-client-provisioner')).containers[0];
    assert.equal(provisioner.env.find((e) => e.name === 'PROVISIONER_NAME').value, sc.provisioner, 'the provisioner serves that class');
    assert.equal(generated(objs, 'ConfigMap', 'rapidtrade-config').data.POSTGRES_HOST, `${cl.metadata.name}-rw`);
  });

  test('the Cluster creates one role and database per service; managed roles take their passwords from the Secrets', () => {
    const objs = rendered('production');
    const cl = find(objs, 'Cluster', 'postgres');
    const sql = cl.spec.bootstrap.initdb.postInitSQL;
    const roles = cl.spec.managed.roles;
    assert.deepEqual(roles.map((r) => r.name).sort(), [...DATA_TARGETS].sort());
    for (const t of DATA_TARGETS) {
      assert.ok(sql.includes(`CREATE ROLE ${t} LOGIN`), `postInitSQL creates role ${t}`);
      assert.ok(sql.includes(`CREATE DATABASE ${t} OWNER ${t}`), `postInitSQL creates database ${t}`);
      const role = roles.find((r) => r.name === t);
      assert.equal(role.login, true);
      assert.equal(role.ensure, 'present');
      const secret = find(objs, 'Secret', role.passwordSecret.name);
      assert.ok(secret, `role ${t}: Secret ${role.passwordSecret.name} is in the render (kustomize rewrote the generated name)`);
      assert.equal(secret.type, 'kubernetes.io/basic-auth');
      assert.equal(Buffer.from(secret.data.username, 'base64').toString(), t, `Secret of ${t}: username`);
      const server = podSpec(find(objs, 'Deployment', t)).containers[0];
      assert.equal(environment(objs, server).POSTGRES_PASSWORD.secret.name, secret.metadata.name, `${t} logs in with the role's password`);
    }
    assert.notEqual(cl.spec.bootstrap.initdb.owner, undefined);
    assert.ok(!DATA_TARGETS.includes(cl.spec.bootstrap.initdb.owner), 'the bootstrap owner is not also a managed role');
  });

  test('the pg_dump backups go to the NFS share', () => {
    const objs = rendered('production');
    const pvc = find(objs, 'PersistentVolumeClaim', 'postgres-backups');
    const sc = find(objs, 'StorageClass', pvc.spec.storageClassName);
    assert.ok(sc, `the backup volume's class ${pvc.spec.storageClassName} is in the render`);
    assert.equal(sc.provisioner, 'k8s-sigs.io/nfs-subdir-external-provisioner');
    assert.deepEqual(pvc.spec.accessModes, ['ReadWriteMany']);
  });

  // The bare `15` tag is the deprecated bullseye image; a cluster initialised on one C library
  // must not change to another by a moving tag. "system": it carries barman-cloud, which the
  // optional object-store archiving uses.
  test('the CloudNativePG image is pinned: PostgreSQL 15, a minor version, Debian bookworm, the system flavour', () => {
    const cl = find(rendered('production'), 'Cluster', 'postgres');
    assert.match(cl.spec.imageName, /^ghcr\.io\/cloudnative-pg\/postgresql:15\.\d+-system-bookworm(@sha256:[0-9a-f]{64})?$/);
  });

  // An archive that fails (a bucket never set up) keeps every WAL segment on the volumes until
  // they are full while the Cluster still says Ready: archiving is an optional component.
  test('object-store archiving is off by default: no spec.backup, ScheduledBackup, keys or egress to an object store', () => {
    const objs = rendered('production');
    const cl = find(objs, 'Cluster', 'postgres');
    assert.equal(cl.spec.backup, undefined, 'no spec.backup in the default production overlay');
    assert.equal(cl.spec.postgresql.parameters.archive_timeout, undefined);
    assert.equal(ofKind(objs, 'ScheduledBackup').length, 0);
    assert.equal(generated(objs, 'Secret', 'postgres-backup-s3'), undefined);
    for (const c of allowedConnections(objs)) assert.doesNotMatch(c, /^postgres -> object-store/, c);
    const gen = fs.readFileSync(path.join(K8S, 'generate-secrets.sh'), 'utf8');
    assert.ok(!fs.readdirSync(path.join(K8S, 'base/secrets')).some((f) => f.startsWith('s3-')), 'no placeholder object-store keys in base/secrets');
    assert.doesNotMatch(gen, /object-store-backups/, 'generate-secrets.sh makes no object-store keys: the operator writes real ones');
  });

  test('with the object-store-backups component: WAL archive and daily base backups (RPO: archive_timeout 5min), its keys and its egress', () => {
    const objs = rendered('production-optional');
    const cl = find(objs, 'Cluster', 'postgres');
    const store = cl.spec.backup?.barmanObjectStore;
    assert.ok(store, 'spec.backup.barmanObjectStore');
    assert.match(store.destinationPath, /^s3:\/\/[^/]+/);
    assert.ok(store.wal?.compression, 'WAL compression');
    assert.equal(cl.spec.backup.retentionPolicy, '7d');
    assert.equal(cl.spec.postgresql.parameters.archive_timeout, '5min');
    for (const k of ['accessKeyId', 'secretAccessKey']) {
      const ref = store.s3Credentials[k];
      const secret = find(objs, 'Secret', ref.name);
      assert.ok(secret, `${k}: Secret ${ref.name} is in the render (kustomize rewrote the generated name)`);
      assert.ok(ref.key in secret.data, `${k}: Secret ${ref.name} has the key ${ref.key}`);
    }
    const sbs = ofKind(objs, 'ScheduledBackup');
    assert.equal(sbs.length, 1);
    assert.equal(sbs[0].spec.cluster.name, cl.metadata.name, 'the ScheduledBackup names the Cluster');
    assert.match(sbs[0].spec.schedule, /^\d+ \d+ \d+ \* \* \*$/, 'daily (six fields)');
    assert.equal(sbs[0].spec.method ?? 'barmanObjectStore', 'barmanObjectStore');
    const endpoint = new URL(store.endpointURL);
    const allowed = allowedConnections(objs);
    assert.ok(allowed.has(`postgres -> object-store:${endpoint.port || 443}/TCP`), 'the instances reach the endpoint of endpointURL');
    assert.equal(ofKind(rendered('local'), 'ScheduledBackup').length, 0);
  });

  test('stateless targets autoscale on CPU from 2 replicas; email runs 2; no Deployment fights the autoscaler', () => {
    const objs = rendered('production');
    const hpas = ofKind(objs, 'HorizontalPodAutoscaler');
    assert.deepEqual(hpas.map((h) => h.spec.scaleTargetRef.name).sort(), [...STATELESS].sort());
    for (const h of hpas) {
      assert.equal(h.apiVersion, 'autoscaling/v2');
      assert.equal(h.spec.scaleTargetRef.kind, 'Deployment');
      assert.ok(find(objs, 'Deployment', h.spec.scaleTargetRef.name), `${id(h)} targets an existing Deployment`);
      assert.ok(h.spec.minReplicas >= 2, `${id(h)}: minReplicas >= 2`);
      assert.ok(h.spec.maxReplicas > h.spec.minReplicas, `${id(h)}: room to grow`);
      assert.ok(h.spec.metrics.some((m) => m.type === 'Resource' && m.resource.name === 'cpu' && m.resource.target.type === 'Utilization'));
      assert.equal(find(objs, 'Deployment', h.spec.scaleTargetRef.name).spec.replicas, undefined, `${h.spec.scaleTargetRef.name}: replicas left to the autoscaler`);
    }
    assert.ok(find(objs, 'Deployment', 'email').spec.replicas >= 2, 'email: 2 replicas');
  });

  test('every target has a PodDisruptionBudget and spreads its pods across nodes', () => {
    const objs = rendered('production');
    for (const t of TARGET_NAMES) {
      const d = find(objs, 'Deployment', t);
      const pdbs = ofKind(objs, 'PodDisruptionBudget').filter((p) => labelsMatch(p.spec.selector, d.spec.template.metadata.labels));
      assert.equal(pdbs.length, 1, `${t}: one PodDisruptionBudget`);
      assert.ok(pdbs[0].spec.maxUnavailable === 1 || pdbs[0].spec.minAvailable >= 1, `${t}: PDB keeps pods up`);
      const spread = podSpec(d).topologySpreadConstraints ?? [];
      const c = spread.find((s) => s.topologyKey === 'kubernetes.io/hostname');
      assert.ok(c, `${t}: spread over kubernetes.io/hostname`);
      assert.ok(labelsMatch(c.labelSelector, d.spec.template.metadata.labels), `${t}: the spread counts its own pods`);
      assert.ok(c.matchLabelKeys?.includes('app.kubernetes.io/name'), `${t}: spread per target`);
    }
  });

  test('no demo data, secure cookies, HTTPS on Traefik', () => {
    const objs = rendered('production');
    const cm = generated(objs, 'ConfigMap', 'rapidtrade-config');
    assert.equal(cm.data.SEED_DEMO_DATA, 'false');
    assert.equal(cm.data.COOKIE_SECURE, 'true');
    const ing = find(objs, 'Ingress', 'rapidtrade');
    assert.equal(ing.metadata.annotations['traefik.ingress.kubernetes.io/router.entrypoints'], 'websecure');
    assert.equal(ing.metadata.annotations['traefik.ingress.kubernetes.io/router.tls'], 'true');
  });

  // Not Traefik's self-signed certificate: cert-manager obtains a Let's Encrypt one for the brief's
  // domain (DNS at Cloudflare: the DNS-01 challenge) from the ClusterIssuer of cluster/cert-manager.
  test('the Ingress asks cert-manager for a certificate of rapidtradeco.shop from a ClusterIssuer that exists', () => {
    const ing = find(rendered('production'), 'Ingress', 'rapidtrade');
    const issuer = ing.metadata.annotations['cert-manager.io/cluster-issuer'];
    assert.ok(issuer, 'annotation cert-manager.io/cluster-issuer');
    assert.deepEqual(ing.spec.tls, [{ hosts: ['rapidtradeco.shop'], secretName: 'rapidtrade-tls' }]);
    const cm = rendered('cert-manager');
    const ci = find(cm, 'ClusterIssuer', issuer);
    assert.ok(ci, `ClusterIssuer ${issuer} in cluster/cert-manager`);
    assert.equal(ci.spec.acme.server, 'https://acme-v02.api.letsencrypt.org/directory', 'the production issuer is Let\'s Encrypt\'s production');
    assert.ok(find(cm, 'ClusterIssuer', 'letsencrypt-staging'), 'a staging issuer to try the chain first');
    for (const c of ofKind(cm, 'ClusterIssuer')) {
      assert.equal(c.metadata.namespace, undefined, `${id(c)} is cluster-scoped`);
      for (const solver of c.spec.acme.solvers) {
        assert.ok(solver.selector.dnsZones.includes('rapidtradeco.shop'), `${id(c)}: the zone`);
        const ref = solver.dns01.cloudflare.apiTokenSecretRef;
        const secret = ofKind(cm, 'Secret').find((x) => x.metadata.name === ref.name);
        assert.ok(secret, `${id(c)}: Secret ${ref.name} is in the render`);
        assert.equal(secret.metadata.namespace, 'cert-manager', 'where a ClusterIssuer reads its Secrets');
        assert.ok(ref.key in secret.data, `${id(c)}: key ${ref.key}`);
      }
    }
  });

  // k3s's Traefik: HTTP redirected to HTTPS, client addresses kept (externalTrafficPolicy Local),
  // with a Traefik on every node so that any node the DNS names answers.
  test('the HelmChartConfig for k3s\'s Traefik: HTTPS redirect, externalTrafficPolicy Local, a DaemonSet', () => {
    const docs = YAML.parseAllDocuments(fs.readFileSync(path.join(K8S, 'cluster/traefik/helmchartconfig.yaml'), 'utf8')).map((d) => d.toJS());
    assert.equal(docs.length, 1);
    const hcc = docs[0];
    assert.equal(hcc.apiVersion, 'helm.cattle.io/v1');
    assert.equal(hcc.kind, 'HelmChartConfig');
    assert.deepEqual(hcc.metadata, { name: 'traefik', namespace: 'kube-system' }, 'k3s merges only the config named after its chart, in kube-system');
    assert.deepEqual(Object.keys(hcc.spec), ['valuesContent']);
    const values = YAML.parse(hcc.spec.valuesContent);
    assert.equal(values.service.spec.externalTrafficPolicy, 'Local');
    assert.equal(values.deployment.kind, 'DaemonSet');
    const args = values.additionalArguments;
    assert.ok(args.includes('--entrypoints.web.http.redirections.entryPoint.to=:443'), 'redirect to 443');
    assert.ok(args.includes('--entrypoints.web.http.redirections.entryPoint.scheme=https'), 'to https');
  });

  test('NetworkPolicies: default deny, then exactly the calls the shop makes, DNS and what CloudNativePG needs', () => {
    const objs = rendered('production');
    const nps = ofKind(objs, 'NetworkPolicy');
    assert.ok(
      nps.some(
        (np) =>
          Object.keys(np.spec.podSelector).length === 0 &&
          !np.spec.ingress &&
          !np.spec.egress &&
          ['Ingress', 'Egress'].every((t) => np.spec.policyTypes.includes(t)),
      ),
      'a default-deny policy for ingress and egress',
    );
    const allowed = allowedConnections(objs);
    const expected = expectedConnections();
    const missing = [...expected].filter((c) => !allowed.has(c)).sort();
    const extra = [...allowed].filter((c) => !expected.has(c)).sort();
    assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, 'allowed connections differ from the expected set');
  });

  test('NetworkPolicies with the optional components: the load generator, the SMTP relay, the object store', () => {
    const allowed = allowedConnections(rendered('production-optional'));
    const expected = expectedConnections();
    expected.add('loadgen -> frontend:5000/TCP');
    for (const p of ['UDP', 'TCP']) expected.add(`loadgen -> kube-dns:53/${p}`);
    // A real SMTP relay: submission ports, outside the cluster's networks only.
    expected.add('email -> internet:587/TCP');
    expected.add('email -> internet:465/TCP');
    expected.add('postgres -> object-store:9000/TCP');
    const missing = [...expected].filter((c) => !allowed.has(c)).sort();
    const extra = [...allowed].filter((c) => !expected.has(c)).sort();
    assert.deepEqual({ missing, extra }, { missing: [], extra: [] }, 'allowed connections differ from the expected set');
    assert.ok(!allowed.has('email -> stray-pod:8080/TCP') && !allowed.has('email -> traefik:8000/TCP'), 'the relay rule opens nothing inside the cluster');
  });

  test('the smtp-relay component gives the email pods SMTP_URL from a Secret, over the ConfigMap\'s mail catcher', () => {
    const objs = rendered('production-optional');
    const server = podSpec(find(objs, 'Deployment', 'email')).containers.find((c) => c.name === 'server');
    const sources = server.envFrom.map((e) => e.configMapRef?.name ?? e.secretRef?.name);
    const secret = generated(objs, 'Secret', 'smtp-relay');
    assert.ok(secret && 'SMTP_URL' in secret.data, 'a smtp-relay Secret with SMTP_URL');
    assert.ok(sources.indexOf(secret.metadata.name) > sources.indexOf(generated(objs, 'ConfigMap', 'rapidtrade-config').metadata.name), 'the Secret comes after the ConfigMap (it wins)');
    assert.match(Buffer.from(secret.data.SMTP_URL, 'base64').toString(), /^smtps?:\/\//);
  });

  test('the NetworkPolicy evaluation itself: an allow-all policy would be caught', () => {
    const objs = structuredClone(rendered('production'));
    objs.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'oops', namespace: NAMESPACE },
      spec: { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'payment' } }, policyTypes: ['Ingress'], ingress: [{}] },
    });
    const allowed = allowedConnections(objs);
    assert.ok(allowed.has('frontend -> payment:5000/TCP') === false, 'frontend still may not send to payment: its egress is closed');
    assert.ok(allowed.has('stranger -> payment:5000/TCP'), 'a stranger may now reach payment');
  });
});

// The Grafana dashboards ConfigMap outgrows the 256 KiB last-applied annotation of a client-side
// apply: the README applies the overlays server-side, and no object nears the API's 1 MiB limit.
test('the README applies the overlays server-side; no rendered ConfigMap nears 1 MiB', () => {
  const readme = fs.readFileSync(path.join(K8S, 'README.md'), 'utf8');
  const applies = readme.match(/kubectl apply[^\n]*-k deploy\/k8s\/overlays\/[a-z]+/g) ?? [];
  assert.ok(applies.length >= 3, 'the README applies the overlays');
  for (const a of applies) assert.match(a, /--server-side/, a);
  for (const name of ['local', 'production'])
    for (const cm of ofKind(rendered(name), 'ConfigMap')) {
      const bytes = Buffer.byteLength(JSON.stringify(cm.data ?? {}));
      assert.ok(bytes < 900 * 1024, `${name}: ${id(cm)} is ${bytes} bytes`);
    }
});

describe('old generated ConfigMaps and Secrets', () => {
  test('every ConfigMap and Secret the shop generates carries the prune label', () => {
    for (const name of ['local', 'production', 'production-optional'])
      for (const o of rendered(name).filter((x) => ['ConfigMap', 'Secret'].includes(x.kind))) {
        assert.equal(o.metadata.labels?.['rapidtrade.shop/generated'], 'true', `${name}: ${id(o)}`);
      }
  });

  // prune-generated.sh against a stand-in kubectl: the real one renders, the stand-in answers for
  // the cluster (what exists, what uses it) and records what is deleted.
  test('prune-generated.sh deletes the labelled ones the overlay no longer renders and nothing uses; --dry-run deletes nothing', () => {
    const objs = rendered('production');
    const cm = generated(objs, 'ConfigMap', 'rapidtrade-config').metadata.name;
    const secret = generated(objs, 'Secret', 'catalog-db').metadata.name;
    const dir = fs.mkdtempSync(path.join(tmp, 'prune-'));
    const real = spawnSync('bash', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).stdout.trim();
    fs.writeFileSync(path.join(dir, 'objects'), [`configmap/${cm}`, 'configmap/rapidtrade-config-rollback01', 'configmap/rapidtrade-config-unused0001',
      `secret/${secret}`, 'secret/catalog-db-oldpasswd1'].join('\n') + '\n');
    // An old ReplicaSet (kept for rollout undo) still names rapidtrade-config-rollback01.
    fs.writeFileSync(path.join(dir, 'users.json'), JSON.stringify({ items: [{ kind: 'ReplicaSet', spec: { template: { spec: { containers: [{ envFrom: [{ configMapRef: { name: 'rapidtrade-config-rollback01' } }] }] } } } }] }));
    fs.writeFileSync(path.join(dir, 'kubectl'), `#!/bin/bash
[ "$1" = kustomize ] && exec ${real} "$@"
[ "$1 $2" = "-n rapidtradeco" ] || { echo "unexpected: $*" >&2; exit 2; }
shift 2
case "$1 $2" in
  "get replicasets,statefulsets,daemonsets,deployments,cronjobs,jobs,pods") cat "${dir}/users.json" ;;
  "get clusters.postgresql.cnpg.io") echo '{"items": []}' ;;
  "get configmaps,secrets") [ "$3 $4 $5" = "-l rapidtrade.shop/generated=true -o" ] && cat "${dir}/objects" ;;
  "delete "*) echo "$2" >> "${dir}/deleted"; echo "$2 deleted" ;;
  *) echo "unexpected: $*" >&2; exit 2 ;;
esac
`, { mode: 0o755 });
    const env = { ...process.env, PATH: `${dir}:${process.env.PATH}` };
    const script = path.join(tmp, 'k8s/prune-generated.sh');
    const overlay = path.join(tmp, 'k8s/overlays/production');
    let r = spawnSync('bash', [script, '--dry-run', overlay], { encoding: 'utf8', env });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /would delete configmap\/rapidtrade-config-unused0001/);
    assert.ok(!fs.existsSync(path.join(dir, 'deleted')), 'a dry run deletes nothing');
    r = spawnSync('bash', [script, overlay], { encoding: 'utf8', env });
    assert.equal(r.status, 0, r.stderr);
    const deleted = fs.readFileSync(path.join(dir, 'deleted'), 'utf8').trim().split('\n').sort();
    assert.deepEqual(deleted, ['configmap/rapidtrade-config-unused0001', 'secret/catalog-db-oldpasswd1']);
    assert.match(r.stdout, /2 old generated object\(s\) deleted in rapidtradeco/);
  });
});

describe('secrets', () => {
  test('every Secret is generated from files; no manifest holds a Secret', () => {
    const yamlFiles = [K8S, MONITORING].flatMap((dir) =>
      fs.readdirSync(dir, { recursive: true }).filter((f) => /\.ya?ml$/.test(f)).map((f) => path.join(dir, f)));
    for (const f of yamlFiles) {
      const text = fs.readFileSync(f, 'utf8');
      assert.doesNotMatch(text, /^kind:\s*Secret\s*$/m, `${f} declares a Secret: use secretGenerator`);
    }
    for (const name of ['local', 'production']) {
      const secrets = ofKind(rendered(name), 'Secret');
      assert.ok(secrets.length >= 9);
      for (const s of secrets) assert.match(s.metadata.name, /-[a-z0-9]{10}$/, `${id(s)} comes from secretGenerator (hash suffix)`);
    }
  });

  test('the generated values are random, complete and differ from the committed examples', () => {
    const objs = rendered('local');
    const values = [];
    for (const s of ofKind(objs, 'Secret'))
      for (const [k, v] of Object.entries(s.data)) {
        const value = Buffer.from(v, 'base64').toString();
        if (k === 'username') continue;
        assert.ok(!Object.values(EXAMPLES).includes(value), `${id(s)} ${k} is an example value`);
        assert.doesNotMatch(value, /REPLACE-ME/, `${id(s)} ${k}`);
        if (k === 'AUTH_SIGNING_KEY') {
          const key = crypto.createPrivateKey(value);
          assert.equal(key.asymmetricKeyType, 'rsa');
          assert.ok(key.asymmetricKeyDetails.modulusLength >= 2048, 'RSA key of 2048 bits or more');
        } else {
          assert.match(value, /^[0-9a-f]{64}$/, `${id(s)} ${k}: 32 random bytes in hex, no newline`);
        }
        values.push(value);
      }
    assert.equal(new Set(values).size, values.length, 'every secret value is different');
  });

  test('every secret file has a committed .example, and git ignores the real files', (t) => {
    // Each kustomization with a secretGenerator, and the directory (relative to it) it reads from.
    const files = [];
    for (const [kustomization, dir] of [['k8s/base', 'secrets'], ['monitoring', 'k8s/secrets']]) {
      const kust = YAML.parse(fs.readFileSync(path.join(ROOT, 'deploy', kustomization, 'kustomization.yaml'), 'utf8'));
      for (const f of kust.secretGenerator.flatMap((g) => (g.files ?? []).map((x) => x.split('=').pop()))) {
        assert.ok(f.startsWith(`${dir}/`), `${f} is under ${kustomization}/${dir}/`);
        assert.ok(SECRET_DIRS.includes(path.join(kustomization, path.dirname(f))), `${f}: generate-secrets.sh fills ${path.dirname(f)}`);
        assert.ok(path.basename(f) in EXAMPLES, `${f} has an .example`);
        files.push(path.join('deploy', kustomization, f));
      }
    }
    assert.equal(files.length, Object.keys(EXAMPLES).length, 'one .example per secret file');
    const git = spawnSync('git', ['-C', ROOT, 'rev-parse', '--is-inside-work-tree'], { encoding: 'utf8' });
    if (git.error || git.status !== 0) return t.skip('not a git work tree');
    for (const rel of files) {
      const ignored = spawnSync('git', ['-C', ROOT, 'check-ignore', '-q', '--no-index', rel]);
      assert.equal(ignored.status, 0, `git does not ignore ${rel}`);
      const example = spawnSync('git', ['-C', ROOT, 'check-ignore', '-q', '--no-index', `${rel}.example`]);
      assert.equal(example.status, 1, `git ignores ${rel}.example, which must be committed`);
    }
    const tracked = spawnSync('git', ['-C', ROOT, 'ls-files', ...SECRET_DIRS.map((d) => `deploy/${d}`)], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    for (const f of tracked) assert.match(f, /\.example$/, `${f} is committed`);
  });

  test('secrets written by hand (optional components, cert-manager) have a committed .example, git ignores the real files', (t) => {
    const files = [];
    for (const dir of HAND_SECRET_DIRS) {
      const kust = YAML.parse(fs.readFileSync(path.join(ROOT, 'deploy', path.dirname(dir), 'kustomization.yaml'), 'utf8'));
      for (const f of kust.secretGenerator.flatMap((g) => (g.files ?? []).map((x) => x.split('=').pop()))) {
        assert.ok(fs.existsSync(path.join(ROOT, 'deploy', path.dirname(dir), `${f}.example`)), `${dir}: ${f} has an .example`);
        files.push(path.join('deploy', path.dirname(dir), f));
      }
    }
    assert.ok(files.length >= 4);
    const git = spawnSync('git', ['-C', ROOT, 'rev-parse', '--is-inside-work-tree'], { encoding: 'utf8' });
    if (git.error || git.status !== 0) return t.skip('not a git work tree');
    for (const rel of files) {
      assert.equal(spawnSync('git', ['-C', ROOT, 'check-ignore', '-q', '--no-index', rel]).status, 0, `git does not ignore ${rel}`);
      assert.equal(spawnSync('git', ['-C', ROOT, 'check-ignore', '-q', '--no-index', `${rel}.example`]).status, 1, `git ignores ${rel}.example`);
    }
  });

  test('generate-secrets.sh keeps existing values', () => {
    rendered('base');
    const dir = path.join(tmp, 'k8s/base/secrets');
    const before = fs.readFileSync(path.join(dir, 'api-key'), 'utf8');
    const out = run('bash', [path.join(tmp, 'k8s/generate-secrets.sh')]);
    assert.equal((out.match(/^0 secret file\(s\) written in /gm) ?? []).length, SECRET_DIRS.length, out);
    assert.equal(fs.readFileSync(path.join(dir, 'api-key'), 'utf8'), before);
    assert.equal((fs.statSync(path.join(dir, 'api-key')).mode & 0o077), 0, 'readable by its owner only');
  });
});

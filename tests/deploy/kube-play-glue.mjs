// The glue between a rendered overlay (kubectl kustomize) and `podman kube play` (podman 4.3), used
// by tests/deploy/kube-play.sh. It changes only what podman cannot do as a cluster does, and writes
// what the test then checks:
//   - each workload (Deployment, StatefulSet) becomes a Pod named after the Service that selects
//     it: on the test's own network (DNS on), that name resolves to the pod, as a Service's does;
//     a Service whose port differs from its pod's port is reached on the pod's port, as Traefik does
//     (it routes to endpoints), and no pod of the shop may call such a Service (checked here);
//   - Secrets leave the YAML and become podman secrets holding the Secret's data as JSON (key ->
//     base64), which is what kube play's secretKeyRef reads (a Secret in the same YAML fails in 4.3);
//   - init containers become a Pod of their own (restartPolicy Never) played and awaited first, the
//     server Pod then starts without them (4.3 fails removing finished init containers);
//   - a StatefulSet's volumeClaimTemplates become PersistentVolumeClaims (podman volumes), and each
//     emptyDir a fresh directory of mode 0777, as the kubelet makes it (see below);
//   - containerPorts are not published on the host (podman 4.3 would: see below);
//   - images that cannot be pulled here become the local stand-ins of tests/deploy/images (mailpit:
//     the mail sink, writing its Maildir under the pod's /tmp emptyDir);
//   - Services, Ingress, NetworkPolicies, RBAC, CronJobs (backups) and the monitoring workloads
//     (images that cannot be pulled) are not played: deploy/k8s/README.md says where they are checked.
// Nothing else changes: images (name and tag), args, env and envFrom, securityContext, resources,
// probes and volumes stay the rendered ones.
//
//   node tests/deploy/kube-play-glue.mjs RENDERED.yaml OUTDIR RUNID
// writes OUTDIR/secrets/<name>.json, OUTDIR/<stage>-<pod>.yaml and OUTDIR/plan.json.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

const [input, out, runId] = process.argv.slice(2);
if (!input || !out || !runId) {
  console.error('usage: kube-play-glue.mjs RENDERED.yaml OUTDIR RUNID');
  process.exit(2);
}
const objs = YAML.parseAllDocuments(fs.readFileSync(input, 'utf8')).map((d) => d.toJS()).filter(Boolean);
const fail = (msg) => {
  console.error(`kube-play-glue: ${msg}`);
  process.exit(1);
};

// Images that cannot be pulled here -> how the stand-in runs (same pod spec otherwise).
const STAND_INS = {
  'axllent/mailpit': (c) => ({
    ...c,
    image: 'localhost/rapidtrade-test-mailsink:latest',
    command: ['python3', '-m', 'aiosmtpd', '-n', '-l', '0.0.0.0:1025', '-c', 'aiosmtpd.handlers.Mailbox', '/tmp/mail'],
    args: undefined,
  }),
};
// Workloads whose images are neither the shop's nor stood in: the monitoring component's.
const PLAYED_IMAGES = /^(rapidtrade|postgres|axllent\/mailpit):/;

const labelsMatch = (sel = {}, labels = {}) =>
  Object.keys(sel).length > 0 && Object.entries(sel).every(([k, v]) => labels[k] === v);
const services = objs.filter((o) => o.kind === 'Service');
const workloads = objs.filter((o) => ['Deployment', 'StatefulSet'].includes(o.kind));
const played = workloads.filter((w) => w.spec.template.spec.containers.every((c) => PLAYED_IMAGES.test(c.image)));
const skipped = workloads.filter((w) => !played.includes(w)).map((w) => `${w.kind}/${w.metadata.name}`);
if (!played.length) fail('no workload to play');

fs.mkdirSync(path.join(out, 'secrets'), { recursive: true });
const secrets = objs.filter((o) => o.kind === 'Secret');
for (const s of secrets) {
  const data = Object.fromEntries(Object.entries(s.data ?? {}).map(([k, v]) => [k, v.replace(/\s+/g, '')]));
  fs.writeFileSync(path.join(out, 'secrets', `${s.metadata.name}.json`), JSON.stringify(data));
}
const configMaps = objs.filter((o) => o.kind === 'ConfigMap');

const plan = { runId, network: `rtkp${runId}`, secrets: secrets.map((s) => s.metadata.name), volumes: [], emptyDirs: [], stages: [], pods: [] };
const stage = (n) => (plan.stages[n] ??= []);
const label = { 'rapidtrade-kube-play': runId };
const write = (n, name, docs) => {
  const file = path.join(out, `${n}-${name}.yaml`);
  fs.writeFileSync(file, docs.map((d) => YAML.stringify(d, { lineWidth: 0 })).join('---\n'));
  stage(n).push({ pod: name, file: path.basename(file) });
};
// The ConfigMaps a pod uses (envFrom, configMapKeyRef, volumes), in its own file.
const configMapsOf = (spec) => {
  const names = new Set();
  for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
    for (const e of c.envFrom ?? []) if (e.configMapRef) names.add(e.configMapRef.name);
    for (const e of c.env ?? []) if (e.valueFrom?.configMapKeyRef) names.add(e.valueFrom.configMapKeyRef.name);
  }
  for (const v of spec.volumes ?? []) if (v.configMap) names.add(v.configMap.name);
  return [...names].map((n) => configMaps.find((m) => m.metadata.name === n) ?? fail(`ConfigMap ${n} is not rendered`));
};

for (const w of played) {
  const tpl = w.spec.template;
  const selecting = services.filter((s) => labelsMatch(s.spec.selector, tpl.metadata.labels));
  // The Service callers use (a headless one only names the pods of a StatefulSet).
  const svc = selecting.find((s) => s.spec.clusterIP !== 'None') ?? fail(`no Service selects ${w.kind}/${w.metadata.name}`);
  const name = svc.metadata.name;
  const spec = structuredClone(tpl.spec);
  spec.containers = spec.containers.map((c) => {
    const standIn = Object.entries(STAND_INS).find(([img]) => c.image.startsWith(`${img}:`));
    return standIn ? JSON.parse(JSON.stringify(standIn[1](c))) : c;
  });
  // An emptyDir is a new directory of mode 0777 made by the kubelet for the pod; podman 4.3 makes
  // it an anonymous volume copied up from the image (following a symlinked /var/run to the host's).
  // Each becomes a directory of the test's own, made the kubelet's way by kube-play.sh.
  const volumes = (spec.volumes ?? []).map((v) => {
    if (!v.emptyDir) return v;
    const dir = path.resolve(out, 'emptydir', name, v.name);
    plan.emptyDirs.push(dir);
    return { name: v.name, hostPath: { path: dir, type: 'Directory' } };
  });
  for (const t of w.spec.volumeClaimTemplates ?? []) {
    const claim = `rtkp${runId}-${name}-${t.metadata.name}`;
    plan.volumes.push(claim);
    volumes.push({ name: t.metadata.name, persistentVolumeClaim: { claimName: claim } });
  }
  spec.volumes = volumes;
  // podman 4.3 publishes every containerPort on the host's same port (an iptables DNAT rule: every
  // server on 5000, PostgreSQL on 5432, taking over the host's own), where a cluster only names
  // them. The test reaches each pod at its address on the test's network, as Services and Traefik
  // reach endpoints; the ports stay in the plan for the probes.
  const declaredPorts = Object.fromEntries(spec.containers.map((c) => [c.name, c.ports ?? []]));
  for (const c of [...(spec.initContainers ?? []), ...spec.containers]) delete c.ports;
  // kube play makes a named volume of each ConfigMap mounted, and leaves it behind.
  for (const v of spec.volumes) if (v.configMap && !plan.volumes.includes(v.configMap.name)) plan.volumes.push(v.configMap.name);
  const claims = (w.spec.volumeClaimTemplates ?? []).map((t) => ({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: `rtkp${runId}-${name}-${t.metadata.name}`, labels: label },
    spec: t.spec,
  }));
  const pod = (podName, podSpec) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: podName, labels: { ...tpl.metadata.labels, ...label }, annotations: tpl.metadata.annotations },
    spec: podSpec,
  });
  // Every Service port must be the container port it targets, or callers by name would miss it.
  for (const s of selecting)
    for (const p of s.spec.ports) {
      const target = Object.values(declaredPorts).flat().find((cp) => cp.name === p.targetPort || cp.containerPort === p.targetPort);
      if (!target) fail(`Service ${s.metadata.name} targets port ${p.targetPort}, which ${w.metadata.name} does not declare`);
      if (target.containerPort !== p.port) plan.portMaps = [...(plan.portMaps ?? []), `${s.metadata.name}:${p.port}->${target.containerPort}`];
    }
  const entry = { name, workload: `${w.kind}/${w.metadata.name}`, containers: [], init: null };
  if (tpl.spec.initContainers?.length) {
    const init = { ...structuredClone(spec), containers: spec.initContainers, restartPolicy: 'Never' };
    delete init.initContainers;
    write(2, `${name}-init`, [...configMapsOf(init), pod(`${name}-init`, init)]);
    entry.init = { pod: `${name}-init`, containers: init.containers.map((c) => c.name) };
    delete spec.initContainers;
  }
  // The database and the mail catcher first, then the init pods, then the servers.
  const n = spec.containers.some((c) => c.image.startsWith('rapidtrade:')) ? 3 : 1;
  write(n, name, [...claims, ...configMapsOf(spec), pod(name, spec)]);
  for (const c of [...(entry.init ? tpl.spec.initContainers : []), ...spec.containers]) {
    const sc = { ...(spec.securityContext ?? {}), ...(c.securityContext ?? {}) };
    entry.containers.push({
      container: `${entry.init && tpl.spec.initContainers.includes(c) ? `${name}-init` : name}-${c.name}`,
      init: !!(entry.init && tpl.spec.initContainers.includes(c)),
      image: c.image,
      runAsUser: sc.runAsUser,
      runAsGroup: sc.runAsGroup,
      readOnlyRootFilesystem: sc.readOnlyRootFilesystem === true,
      dropAll: (sc.capabilities?.drop ?? []).includes('ALL') && !(sc.capabilities?.add ?? []).length,
      noNewPrivileges: sc.allowPrivilegeEscalation === false,
      seccomp: sc.seccompProfile?.type ?? null,
      ports: Object.fromEntries((declaredPorts[c.name] ?? c.ports ?? []).map((p) => [p.name, p.containerPort])),
      probes: ['startupProbe', 'livenessProbe', 'readinessProbe']
        .filter((k) => c[k])
        .map((k) => ({ kind: k, httpGet: c[k].httpGet ?? null, exec: c[k].exec?.command ?? null, tcpSocket: c[k].tcpSocket ?? null })),
      preStop: c.lifecycle?.preStop?.exec?.command ?? null,
      // limits.cpu in millicores ("1" -> 1000, "500m" -> 500), or null
      cpuLimit: c.resources?.limits?.cpu === undefined ? null
        : String(c.resources.limits.cpu).endsWith('m') ? parseInt(c.resources.limits.cpu, 10) : Number(c.resources.limits.cpu) * 1000,
      grace: tpl.spec.terminationGracePeriodSeconds ?? 30,
      standIn: c.image !== ([...(tpl.spec.initContainers ?? []), ...tpl.spec.containers].find((x) => x.name === c.name)?.image ?? c.image),
    });
  }
  plan.pods.push(entry);
}
// A pod of the shop must not call a Service by a port other than its pod's (see above).
for (const m of plan.portMaps ?? []) {
  const [svc, port] = m.split(/[:-]/);
  const url = new RegExp(`//${svc}${port === '80' ? '(:80)?' : `:${port}`}(/|$)`, 'm');
  const callers = configMaps.filter((c) => Object.values(c.data ?? {}).some((v) => url.test(v)));
  if (callers.length) fail(`ConfigMap ${callers[0].metadata.name} calls ${svc}:${port}: kube play has no Service to map that port`);
}
plan.skipped = skipped;
plan.stages = plan.stages.filter(Boolean);
fs.writeFileSync(path.join(out, 'plan.json'), JSON.stringify(plan, null, 2));

#!/usr/bin/env bash
# Deletes the old generated ConfigMaps and Secrets of the shop's namespace. Each change of a
# generated one makes a new object (the name's hash suffix) and the old one stays: this removes
# those labelled rapidtrade.shop/generated=true that OVERLAY no longer renders and that nothing
# uses any more. Kept: whatever a ReplicaSet (kept for `kubectl rollout undo`), a StatefulSet, a
# DaemonSet, a Deployment, a CronJob, a Job, a pod or a CloudNativePG Cluster still names.
#
#   deploy/k8s/prune-generated.sh [--dry-run] OVERLAY      (e.g. deploy/k8s/overlays/production)
#
# Prints what it deletes (with --dry-run, what it would delete). Namespace: $NAMESPACE, default
# rapidtradeco. Run it after a rollout has finished.
set -euo pipefail
dry=false
if [ "${1:-}" = --dry-run ]; then dry=true; shift; fi
overlay=${1:?usage: prune-generated.sh [--dry-run] OVERLAY}
ns=${NAMESPACE:-rapidtradeco}

# kind/name of every ConfigMap and Secret the overlay renders now (kustomize's output: top-level
# keys unindented, metadata's fields indented by two spaces).
rendered=$(kubectl kustomize "$overlay" | awk '
  /^---$/ { kind = ""; top = ""; next }
  /^[a-zA-Z]/ { top = $1; if ($1 == "kind:") kind = tolower($2) }
  top == "metadata:" && /^  name: / && (kind == "configmap" || kind == "secret") { print kind "/" $2 }')
[ -n "$rendered" ] || { echo "prune-generated.sh: $overlay renders no ConfigMap or Secret" >&2; exit 1; }

# Everything that may name one: as JSON, searched for the quoted name.
users=$(kubectl -n "$ns" get replicasets,statefulsets,daemonsets,deployments,cronjobs,jobs,pods -o json)
users+=$(kubectl -n "$ns" get clusters.postgresql.cnpg.io -o json 2>/dev/null || true)

deleted=0
for object in $(kubectl -n "$ns" get configmaps,secrets -l rapidtrade.shop/generated=true -o name); do
  name=${object#*/}
  grep -qxF "$object" <<<"$rendered" && continue
  grep -qF "\"$name\"" <<<"$users" && continue
  if $dry; then
    echo "would delete $object"
  else
    kubectl -n "$ns" delete "$object"
  fi
  deleted=$((deleted + 1))
done
echo "$deleted old generated object(s) $($dry && echo 'to delete' || echo deleted) in $ns"

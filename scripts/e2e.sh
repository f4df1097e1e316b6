#!/usr/bin/env bash
# End-to-end tests in Debian's Chromium, in parallel shards. Each shard runs in its own mount namespace
# with a private, empty /etc/chromium/policies/managed (bind-mounted over the real one), so the admin
# policy files one shard writes are never seen by another. Without root (no unshare), one serial run.
#   E2E_SHARDS=3 bash scripts/e2e.sh [vitest args…]
set -euo pipefail
cd "$(dirname "$0")/.."
shards="${E2E_SHARDS:-2}"
policy_dir=/etc/chromium/policies/managed
vitest=(npx vitest run --config vitest.e2e.config.ts "$@")

if [ "$(id -u)" != "0" ] || ! command -v unshare >/dev/null || [ "$shards" -le 1 ]; then
  exec "${vitest[@]}"
fi

mkdir -p "$policy_dir" test-results
pids=()
for i in $(seq 1 "$shards"); do
  private=$(mktemp -d /tmp/safeguard-policy-XXXXXX)
  log="test-results/e2e-shard-$i.log"
  unshare -m bash -c 'mount --bind "$1" "$2" && shift 2 && exec "$@"' _ "$private" "$policy_dir" \
    "${vitest[@]}" --shard="$i/$shards" >"$log" 2>&1 &
  pids+=("$!")
done
status=0
for i in "${!pids[@]}"; do
  if ! wait "${pids[$i]}"; then status=1; fi
  echo "──── e2e shard $((i + 1))/$shards ────"
  cat "test-results/e2e-shard-$((i + 1)).log"
done
exit "$status"

#!/usr/bin/env bash
# End-to-end tests in Debian's Chromium, in parallel shards. Each shard runs in its own mount namespace
# with a private, empty /etc/chromium/policies/managed (bind-mounted over the real one), so the admin
# policy files one shard writes are never seen by another, nor by anything else running on the machine.
# Without root (no unshare) it is one serial run against the real folder.
#   bash scripts/e2e.sh                                   every e2e test, E2E_SHARDS (default 2) at once
#   E2E_SHARDS=1 bash scripts/e2e.sh test/e2e/report.test.ts   one file, still in a private policy folder
set -euo pipefail
cd "$(dirname "$0")/.."
shards="${E2E_SHARDS:-2}"
policy_dir=/etc/chromium/policies/managed
vitest=(npx vitest run --config vitest.e2e.config.ts "$@")

if [ "$(id -u)" != "0" ] || ! command -v unshare >/dev/null; then
  exec "${vitest[@]}"
fi

isolated() {
  local private
  private=$(mktemp -d /tmp/safeguard-policy-XXXXXX)
  unshare -m bash -c 'mount --bind "$1" "$2" && shift 2 && exec "$@"' _ "$private" "$policy_dir" "$@"
}

mkdir -p "$policy_dir" test-results
if [ "$shards" -le 1 ]; then
  isolated "${vitest[@]}"
  exit $?
fi
pids=()
for i in $(seq 1 "$shards"); do
  isolated "${vitest[@]}" --shard="$i/$shards" >"test-results/e2e-shard-$i.log" 2>&1 &
  pids+=("$!")
done
status=0
for i in "${!pids[@]}"; do
  if ! wait "${pids[$i]}"; then status=1; fi
  echo "──── e2e shard $((i + 1))/$shards ────"
  cat "test-results/e2e-shard-$((i + 1)).log"
done
exit "$status"

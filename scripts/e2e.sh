#!/usr/bin/env bash
# End-to-end tests in Debian's Chromium, in parallel shards. Each shard runs in its own mount namespace
# with a private, empty /etc/chromium/policies/managed (bind-mounted over the real one), so the admin
# policy files one shard writes are never seen by another, nor by anything else running on the machine.
# Without root (no unshare) it is one serial run against the real folder.
#   bash scripts/e2e.sh                                   every e2e test, E2E_SHARDS (default 3) at once,
#                                                         split by test/e2e/durations.json
#   E2E_SHARDS=1 bash scripts/e2e.sh test/e2e/report.test.ts   one file, still in a private policy folder
set -euo pipefail
cd "$(dirname "$0")/.."
shards="${E2E_SHARDS:-3}"
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
# Shards of about equal running time (scripts/e2e-shards.ts); with file arguments, vitest's own split.
mapfile -t lists < <(if [ "$#" -eq 0 ]; then npx tsx scripts/e2e-shards.ts "$shards"; fi)
pids=()
logs=()
for i in $(seq 1 "$shards"); do
  if [ "$#" -eq 0 ]; then
    read -r -a files <<<"${lists[$((i - 1))]:-}"
    [ "${#files[@]}" -gt 0 ] || continue
    isolated "${vitest[@]}" "${files[@]}" >"test-results/e2e-shard-$i.log" 2>&1 &
  else
    isolated "${vitest[@]}" --shard="$i/$shards" >"test-results/e2e-shard-$i.log" 2>&1 &
  fi
  pids+=("$!")
  logs+=("test-results/e2e-shard-$i.log")
done
status=0
for i in "${!pids[@]}"; do
  if ! wait "${pids[$i]}"; then status=1; fi
  echo "──── e2e ${logs[$i]#test-results/} ────"
  cat "${logs[$i]}"
done
exit "$status"

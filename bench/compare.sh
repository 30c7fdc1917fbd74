#!/usr/bin/env bash
# mökv against etcd, measured side by side (make bench-compare): a fresh 3-member etcd and a fresh
# 3-node mökv on this machine, both warmed up, then every cell of the matrix run against one and
# then the other (the order alternates from cell to cell), so that both see the same machine.
# Sourced by `bench/run.sh --compare`, which starts and stops mökv; run directly, it calls that.
#
# Environment, besides bench/run.sh's (WARMUP, MEASURE, SEED, BENCH_PORT_BASE, KEEP_DATA, ...):
#   PREWARM=120s          mökv's unmeasured load before the first cell: its JIT needs 60-150 s of
#                         load on 2 cores (QUICK=1: 5s)
#   ETCD_PREWARM=15s      etcd's (QUICK=1: 2s)
#   ETCD_PORT_BASE=23790  member i uses BASE+10*i (client) and BASE+10*i+1 (peer): clear of
#                         etcd's defaults (2379, 2380) and of bench/run.sh's 18400-18423
#   ETCD=etcd             the etcd binary; if there is none, etcd-server is installed with apt-get
#
# Results: target/bench/compare/{mokv,etcd}-CELL.json (one mokv bench run each), summary.txt (the
# table) and summary.json. Every figure is of this run only: compare the ratios, not the absolute
# numbers of another day (docs/performance.md).

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  exec "$(dirname "$0")/run.sh" --compare "$@"
fi

out="$out/compare"
mkdir -p "$out"
rm -f "$out"/*.json "$out"/summary.txt

# bench/run.sh has set PREWARM (mökv's) with this mode's defaults.
if [[ "${QUICK:-0}" == 1 ]]; then
  ETCD_PREWARM=${ETCD_PREWARM:-2s}
else
  ETCD_PREWARM=${ETCD_PREWARM:-15s}
fi
etcd_bin=${ETCD:-etcd}
etcd_base=${ETCD_PORT_BASE:-23790}
declare -A etcd_pids=()

install_etcd() {
  command -v "$etcd_bin" >/dev/null && return 0
  if [[ "$etcd_bin" != etcd ]]; then
    echo "bench: ETCD=$etcd_bin is not an executable" >&2
    return 1
  fi
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
    echo "bench: etcd is missing; install etcd-server (Debian) or set ETCD=/path/to/etcd" >&2
    return 1
  fi
  echo "== installing etcd-server with apt-get" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq etcd-server >&2
}

etcd_client() { echo "127.0.0.1:$((etcd_base + 10 * $1))"; }
etcd_peer_url() { echo "http://127.0.0.1:$((etcd_base + 10 * $1 + 1))"; }

start_etcd() {
  local cluster="" i
  for i in 0 1 2; do cluster+="${cluster:+,}e$i=$(etcd_peer_url "$i")"; done
  for i in 0 1 2; do
    # Default settings (fsync on, snapshot count, heartbeat); only names, ports and data-dirs.
    setsid "$etcd_bin" --name "e$i" --data-dir "$data/etcd$i" \
      --listen-client-urls "http://$(etcd_client "$i")" \
      --advertise-client-urls "http://$(etcd_client "$i")" \
      --listen-peer-urls "$(etcd_peer_url "$i")" \
      --initial-advertise-peer-urls "$(etcd_peer_url "$i")" \
      --initial-cluster "$cluster" --initial-cluster-token "mokv-bench-$$" \
      --initial-cluster-state new --logger zap --log-level warn \
      >>"$data/etcd$i.log" 2>&1 &
    etcd_pids[$i]=$!
  done
}

# Called by bench/run.sh's cleanup, on success, error and Ctrl-C alike.
stop_others() {
  local i pid
  for i in "${!etcd_pids[@]}"; do kill -TERM "${etcd_pids[$i]}" 2>/dev/null || true; done
  for i in "${!etcd_pids[@]}"; do
    pid=${etcd_pids[$i]}
    for _ in $(seq 1 300); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "bench: etcd member e$i did not stop within 30 s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
    unset "etcd_pids[$i]"
  done
}

install_etcd
echo "etcd: $("$etcd_bin" --version | head -n 1)" >&2
start_etcd
etcd_endpoints="$(etcd_client 0),$(etcd_client 1),$(etcd_client 2)"
"$mokv" bench put --target etcd --endpoints "$etcd_endpoints" --wait-for-voters 3 \
  --wait-timeout 60s --total 1 --warmup 0 --no-progress -o json >/dev/null
echo "etcd up: $etcd_endpoints (pids ${etcd_pids[*]})" >&2

start_cluster
mokv_pids="${pids[0]},${pids[1]},${pids[2]}"
etcd_pid_list="${etcd_pids[0]},${etcd_pids[1]},${etcd_pids[2]}"
metrics="http://127.0.0.1:$((base + 3))/metrics,http://127.0.0.1:$((base + 13))/metrics"
metrics+=",http://127.0.0.1:$((base + 23))/metrics"

echo "== prewarm: mökv $PREWARM, etcd $ETCD_PREWARM of mixed load at 64 in flight, not measured" >&2
"$mokv" bench mixed --endpoints "$endpoints" --concurrency 64 --warmup 0 \
  --duration "$PREWARM" --seed "$SEED" --no-progress -o json >"$out/prewarm-mokv.json" || true
"$mokv" bench mixed --target etcd --endpoints "$etcd_endpoints" --concurrency 64 --warmup 0 \
  --duration "$ETCD_PREWARM" --seed "$SEED" --no-progress -o json >"$out/prewarm-etcd.json" ||
  true

cells=()
failed_cells=0

# run_side SYSTEM CELL WORKLOAD CONCURRENCY [mokv bench flags...]
run_side() {
  local system=$1 name=$2 workload=$3 concurrency=$4
  shift 4
  local target_flags
  if [[ $system == mokv ]]; then
    target_flags=(--endpoints "$endpoints" --server-pids "$mokv_pids" --raft-metrics "$metrics")
  else
    target_flags=(--target etcd --endpoints "$etcd_endpoints" --server-pids "$etcd_pid_list")
  fi
  echo "== $name: $system" >&2
  if ! "$mokv" bench "$workload" "${target_flags[@]}" --concurrency "$concurrency" \
    --warmup "$WARMUP" --duration "$MEASURE" --seed "$SEED" --no-progress -o json "$@" \
    >"$out/$system-$name.json"; then
    echo "bench: $name on $system failed (its figures, if any, are in $out/$system-$name.json)" >&2
    failed_cells=$((failed_cells + 1))
  fi
}

# run_cell NAME WORKLOAD CONCURRENCY [flags...]: both systems, the first one alternating.
run_cell() {
  local name=$1
  if ((${#cells[@]} % 2 == 0)); then
    run_side mokv "$@"
    run_side etcd "$@"
  else
    run_side etcd "$@"
    run_side mokv "$@"
  fi
  cells+=("$name")
}

for c in 1 64 256; do run_cell "put-c$c" put "$c"; done
# The first get writes the key space into both; the later ones find it there.
run_cell get-linearizable-c16 get 16 --consistency LINEARIZABLE --preload
run_cell get-linearizable-c256 get 256 --consistency LINEARIZABLE --no-preload
run_cell get-stale-c256 get 256 --consistency STALE --no-preload

{
  "$mokv" bench-compare-table "$out" "${cells[@]}" --json "$out/rows.json" || true
  echo
  echo "mokv/etcd: ratio of mökv's figure to etcd's in this run. CPU ms/1k ops: user+system CPU"
  echo "of the three server processes of each system over the measured window, per 1,000"
  echo "operations. cmds/entry: mökv write commands per Raft log entry on its leader."
  echo "warm-up $WARMUP, measured $MEASURE per cell and system, prewarm mökv $PREWARM, etcd"
  echo "$ETCD_PREWARM; seed $SEED; 3 nodes each (fsync on), $(nproc) cores shared by both clusters"
  echo "and the load generator; $("$etcd_bin" --version | head -n 1); commit"
  echo "$(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(date -u +%Y-%m-%dT%H:%M:%SZ)."
} | tee "$out/summary.txt"

{
  printf '{"warmup":"%s","measure":"%s","prewarm_mokv":"%s","prewarm_etcd":"%s","seed":%s,' \
    "$WARMUP" "$MEASURE" "$PREWARM" "$ETCD_PREWARM" "$SEED"
  printf '"etcd_version":"%s","commit":"%s","date":"%s","rows":%s}\n' \
    "$("$etcd_bin" --version | sed -n 's/^etcd Version: //p')" \
    "$(git rev-parse HEAD 2>/dev/null || echo unknown)" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    "$(cat "$out/rows.json" 2>/dev/null || echo null)"
} >"$out/summary.json"
rm -f "$out/rows.json"

echo "JSON of every run: $out/{mokv,etcd}-*.json, summary: $out/summary.json" >&2
if ((failed_cells > 0)); then
  echo "bench: $failed_cells run(s) failed" >&2
  exit 1
fi

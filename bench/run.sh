#!/usr/bin/env bash
# Benchmarks of a local 3-node cluster of real processes (fsync on, default config), started
# fresh in a temporary data-dir on non-default ports, so it never clashes with `make run`.
#
#   bench/run.sh             # the standard matrix (make bench): one table, JSON under target/bench/
#   bench/run.sh --memory    # 1,000,000 keys of 100 bytes: RSS per node, snapshot size, restart
#   bench/run.sh --compare   # mökv against etcd, cell by cell (make bench-compare; bench/compare.sh)
#   bench/run.sh --coldstart # a fresh cluster's first 30 s of put against its steady rate
#
# Environment (durations as mokv takes them: 500ms, 10s, 1m):
#   WARMUP=10s MEASURE=15s   per cell of the matrix (QUICK=1: 2s and 3s, for a smoke run)
#   PREWARM=30s              load before the first cell, not measured (QUICK=1: 0); --compare:
#                            120s (QUICK=1: 5s)
#   SEED=1                   the key draws of every cell
#   MEMORY_KEYS=1000000      keys of the --memory run (QUICK=1: 20000)
#   BENCH_PORT_BASE=18400    node i uses BASE+10*(i-1) + 0 rpc, 1 gossip, 2 raft, 3 metrics
#   BENCH_OUT=target/bench   where the JSON of every run and the summary go
#   KEEP_DATA=1              keep the data-dirs and node logs (printed) instead of deleting them
#   MOKV_JAVA_OPTS=...       JVM options of the nodes and of the bench clients alike (bin/mokv)
#   CELLS="put-c64 ..."      run only these cells of the matrix (names as in the table)
#   MOKV_BIN=bin/mokv        the launcher to run (bench/ab.sh points it at another build)
#
# JIT warm-up on 2 cores is slow: the servers reach steady state only after a minute or more of
# load, and each cell's client is a fresh JVM. PREWARM and each cell's WARMUP absorb part of it;
# the first cells still run on colder servers than the last. Compare figures of one run, as
# ratios (the table's last column), rather than across runs.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=matrix
case "${1:-}" in
  "") ;;
  --memory) mode=memory ;;
  --compare) mode=compare ;;
  --coldstart) mode=coldstart ;;
  *) echo "usage: $0 [--memory | --compare | --coldstart]" >&2; exit 2 ;;
esac

if [[ "${QUICK:-0}" == 1 ]]; then
  [[ $mode == compare ]] && PREWARM=${PREWARM:-5s}
  WARMUP=${WARMUP:-2s} MEASURE=${MEASURE:-3s} PREWARM=${PREWARM:-0}
  MEMORY_KEYS=${MEMORY_KEYS:-20000}
else
  [[ $mode == compare ]] && PREWARM=${PREWARM:-120s}
  WARMUP=${WARMUP:-10s} MEASURE=${MEASURE:-15s} PREWARM=${PREWARM:-30s}
  MEMORY_KEYS=${MEMORY_KEYS:-1000000}
fi
SEED=${SEED:-1}
base=${BENCH_PORT_BASE:-18400}
out=${BENCH_OUT:-target/bench}
mokv=${MOKV_BIN:-bin/mokv}

if [[ -z "${MOKV_BIN:-}" && ! -f bin/mokv.jar && ! -f mokv-cli/target/mokv.jar ]]; then
  echo "bench: no mokv.jar; run 'make build' first" >&2
  exit 1
fi

data=$(mktemp -d "${TMPDIR:-/tmp}/mokv-bench.XXXXXX")
names=(node1 node2 node3)
configs=(example/config.yaml example/config2.yaml example/config3.yaml)
declare -A pids=()
endpoints="127.0.0.1:$base,127.0.0.1:$((base + 10)),127.0.0.1:$((base + 20))"

rpc_addr() { echo "127.0.0.1:$((base + 10 * $1))"; }

# Starts node $1 (0, 1, 2) with its example config, fresh ports and data-dir; extra flags follow.
start_node() {
  local i=$1
  shift
  local port=$((base + 10 * i))
  local flags=(--config-file "${configs[$i]}" --data-dir "$data/${names[$i]}"
    --bind-addr "127.0.0.1:$((port + 1))" --rpc-port "$port" --raft-port "$((port + 2))"
    --metrics-port "$((port + 3))")
  if ((i > 0)); then flags+=(--start-join-addrs "127.0.0.1:$((base + 1))"); fi
  # setsid: a Ctrl-C reaches only this script, which then stops the nodes in order. setsid
  # execs (the script is not a process group leader), and bin/mokv execs java: $! is the JVM.
  setsid "$mokv" "${flags[@]}" "$@" >>"$data/${names[$i]}.log" 2>&1 &
  pids[$i]=$!
}

# SIGTERM, then wait (a node leaves the cluster gracefully); SIGKILL after 60 s.
stop_node() {
  local i=$1 pid=${pids[$1]:-}
  [[ -n "$pid" ]] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 600); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "bench: ${names[$i]} did not stop within 60 s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
  unset "pids[$i]"
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  # Joiners first, the bootstrap node last: each graceful leave needs a majority of the rest.
  for i in 2 1 0; do stop_node "$i"; done
  # Servers of other systems a mode started (bench/compare.sh's etcd).
  if declare -F stop_others >/dev/null; then stop_others; fi
  if [[ "${KEEP_DATA:-0}" == 1 || $status -ne 0 ]]; then
    echo "bench: data-dirs and node logs kept in $data" >&2
  else
    rm -rf "$data"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_ready() {
  "$mokv" bench ping --endpoints "$endpoints" --wait-for-voters 3 --wait-timeout 120s \
    --total 1 --warmup 0 --no-progress -o json >/dev/null
}

start_cluster() {
  start_node 0 "$@"
  # node1 bootstraps alone; the joiners find it through gossip once it serves.
  "$mokv" bench ping --endpoints "$(rpc_addr 0)" --wait-for-voters 1 --wait-timeout 60s \
    --total 1 --warmup 0 --no-progress -o json >/dev/null
  start_node 1 "$@"
  start_node 2 "$@"
  wait_ready
  echo "cluster up: $endpoints (data and logs in $data)" >&2
}

# One JSON field of a file that mokv bench wrote: field FILE NAME.
field() {
  sed -n "s/.*\"$2\":\([^,}]*\).*/\1/p" "$1" | head -n 1
}

mkdir -p "$out"

case $mode in
  matrix) source bench/matrix.sh ;;
  memory) source bench/memory.sh ;;
  compare) source bench/compare.sh ;;
  coldstart) source bench/coldstart.sh ;;
esac

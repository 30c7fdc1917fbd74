#!/usr/bin/env bash
# Runs the README's "Quick start" and "Running a cluster" commands against the example cluster and
# checks what they promise, the way an operator would try them:
#
#   1. example/start_nodes.sh starts node1..node3; the quick-start commands work;
#   2. 20 writes; then SIGTERM to all three nodes in the same second (a host shutdown);
#   3. example/start_nodes.sh again: the same cluster with all 20 keys, read LINEARIZABLE on every
#      node;
#   4. a lost disk: node2 killed, its data-dir wiped, started again: it refuses and prints the
#      command that removes its old self; after that command it joins again and has the data;
#   5. scale-down: `mokv leave` on node3, two voters remain and serve;
#   6. start_nodes.sh stops its nodes (SIGTERM here: a script's background job ignores SIGINT).
#
#   example/check_cluster.sh --fresh    # make check-cluster
#
# It uses the example configs' fixed ports and data-dirs (/tmp/mokv-data*), so nothing else may
# run on them; --fresh removes those data-dirs first (the script refuses to start without it when
# they exist). Exits 0 if every check passed; the nodes' logs are in $MOKV_LOG_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."

data_dirs=(/tmp/mokv-data /tmp/mokv-data2 /tmp/mokv-data3)
if [[ ${1:-} == --fresh ]]; then
  rm -rf "${data_dirs[@]}"
elif [[ -e ${data_dirs[0]} || -e ${data_dirs[1]} || -e ${data_dirs[2]} ]]; then
  echo "the example data-dirs (${data_dirs[*]}) exist; run with --fresh to remove them" >&2
  exit 2
fi
export MOKV_LOG_DIR=${MOKV_LOG_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/mokv-check.XXXXXX")}
mokv=bin/mokv
endpoints=(127.0.0.1:8400 127.0.0.1:8410 127.0.0.1:8420)
script_pid=""

step() { printf '\n== %s\n' "$*"; }
fail() {
  echo "FAILED: $*" >&2
  exit 1
}
node_pids() { pgrep -f "mokv.jar --config-file example/config" || true; }
cleanup() {
  [[ -n $script_pid ]] && kill -TERM "$script_pid" 2>/dev/null || true
  local pids
  pids=$(node_pids)
  [[ -n $pids ]] && kill -KILL $pids 2>/dev/null || true
}
trap cleanup EXIT

# await_voters N: until `mokv servers` lists N servers, each a leader or a follower (60 s at most)
await_voters() {
  local want=$1 seen=0
  for _ in $(seq 1 300); do
    seen=$("$mokv" servers --timeout 1s 2>/dev/null | grep -cE 'leader|follower' || true)
    [[ $seen -eq $want ]] && return 0
    sleep 0.2
  done
  "$mokv" servers --timeout 2s || true
  fail "expected $want voters, saw $seen"
}

start_script() {
  example/start_nodes.sh >"$MOKV_LOG_DIR/start_nodes.out" 2>&1 &
  script_pid=$!
}

# expect_value KEY VALUE [get flags...]: the value is readable within 30 s (a node just started
# may still be electing a leader or replaying its log)
expect_value() {
  local key=$1 want=$2 got="" deadline=$((SECONDS + 30))
  shift 2
  until got=$("$mokv" get "$key" "$@" 2>&1) && [[ $got == "$want" ]]; do
    ((SECONDS < deadline)) || fail "get $key $*: expected '$want' within 30 s, got: $got"
    sleep 0.5
  done
}

step "1. example/start_nodes.sh, then the quick-start commands"
start_script
await_voters 3
"$mokv" servers
"$mokv" set greeting hello
expect_value greeting hello --endpoints 127.0.0.1:8420
expect_value greeting hello --consistency STALE
"$mokv" list -o json | grep -q '"greeting"' || fail "list -o json does not show greeting"
"$mokv" delete greeting
if "$mokv" get greeting 2>/dev/null; then fail "greeting still readable after delete"; fi

step "2. 20 writes, then SIGTERM to all three nodes at once"
for i in $(seq 1 20); do "$mokv" set "k$i" "v$i" >/dev/null; done
pids=$(node_pids)
[[ $(wc -w <<<"$pids") -eq 3 ]] || fail "expected 3 node processes, found: $pids"
kill -TERM $pids
for _ in $(seq 1 300); do
  [[ -z $(node_pids) ]] && break
  sleep 0.1
done
[[ -z $(node_pids) ]] || fail "nodes still running 30 s after SIGTERM"
wait "$script_pid" || true
script_pid=""
for n in node1 node2 node3; do
  grep -q "after leaving the cluster" "$MOKV_LOG_DIR/$n.log" && fail "$n left the cluster on SIGTERM"
done
echo "all three stopped"

step "3. example/start_nodes.sh again: the same cluster, every key on every node"
start_script
await_voters 3
for e in "${endpoints[@]}"; do
  for i in $(seq 1 20); do expect_value "k$i" "v$i" --endpoints "$e"; done
done
echo "60 linearizable reads: all 20 keys on all 3 nodes"

step "4. a lost disk: node2 killed, its data-dir wiped, started again"
kill -KILL "$(pgrep -f 'config-file example/config2.yaml')"
rm -rf /tmp/mokv-data2
"$mokv" set while-node2-down yes >/dev/null
if "$mokv" --config-file example/config2.yaml >"$MOKV_LOG_DIR/node2-wiped.log" 2>&1; then
  fail "node2 started with a wiped data-dir as the old server"
fi
remove=$(grep -o 'mokv member remove node2 --endpoints [0-9.:]*' "$MOKV_LOG_DIR/node2-wiped.log" |
  head -n 1)
[[ -n $remove ]] || fail "node2's refusal does not name the command to run"
echo "node2 refused to start as its old self; running: bin/$remove"
read -ra remove_args <<<"${remove#mokv }"
# Retried: the cluster refuses to remove a member that gossip still shows alive (the refused
# process was, a moment ago).
deadline=$((SECONDS + 60))
until "$mokv" "${remove_args[@]}"; do
  ((SECONDS < deadline)) || fail "bin/$remove kept failing for 60 s"
  sleep 1
done
setsid "$mokv" --config-file example/config2.yaml >"$MOKV_LOG_DIR/node2-again.log" 2>&1 &
await_voters 3
for i in $(seq 1 20); do expect_value "k$i" "v$i" --endpoints 127.0.0.1:8410; done
expect_value while-node2-down yes --endpoints 127.0.0.1:8410
echo "node2 joined again as a new member and has all the data"

step "5. scale-down: mokv leave on node3"
"$mokv" leave --endpoints 127.0.0.1:8420
await_voters 2
for _ in $(seq 1 300); do
  pgrep -f "config-file example/config3.yaml" >/dev/null || break
  sleep 0.1
done
pgrep -f "config-file example/config3.yaml" >/dev/null && fail "node3 still running after leave"
expect_value k1 v1
"$mokv" set after-leave yes >/dev/null
echo "node3 left and exited 0; two voters serve"

step "6. stop: start_nodes.sh stops its nodes on SIGTERM as on Ctrl-C; node2, started here, gets SIGTERM"
kill -TERM "$script_pid"
wait "$script_pid" || true
script_pid=""
pids=$(node_pids)
[[ -n $pids ]] && kill -TERM $pids
for _ in $(seq 1 300); do
  [[ -z $(node_pids) ]] && break
  sleep 0.1
done
[[ -z $(node_pids) ]] || fail "nodes still running 30 s after SIGTERM"
echo
echo "every check passed; logs in $MOKV_LOG_DIR"

#!/usr/bin/env bash
# Starts a local 3-node mökv cluster the way the README describes: node1 bootstraps, node2 and
# node3 join it through gossip and become Raft voters. Runs in the foreground; Ctrl-C stops the
# nodes (they stay voters with their data, so running the script again brings the same cluster
# back) and exits.
#
#   example/start_nodes.sh            # uses bin/mokv; builds it with ./mvnw on first use
#
# After changing the code, `make run` (or `make build` first) rebuilds the jar; this script only
# builds when there is none.
set -euo pipefail
cd "$(dirname "$0")/.."

mokv=bin/mokv
if [[ ! -f bin/mokv.jar && ! -f mokv-cli/target/mokv.jar ]]; then
  echo "no bin/mokv.jar yet: building it with ./mvnw (a minute or two the first time)..."
  ./mvnw -q -B -ntp -DskipTests package
  cp mokv-cli/target/mokv.jar bin/mokv.jar
fi
logs=${MOKV_LOG_DIR:-/tmp/mokv-logs}
mkdir -p "$logs"
pids=()

stop_all() {
  trap - INT TERM
  echo
  echo "stopping the cluster..."
  # Stopping is not leaving: any order works, and all at once is fine.
  kill -TERM "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
  echo "stopped; logs are in $logs"
  exit 0
}
trap stop_all INT TERM

start() {
  local name=$1 config=$2
  # setsid: a Ctrl-C reaches only this script, which then stops the nodes in order.
  setsid "$mokv" --config-file "$config" >"$logs/$name.log" 2>&1 &
  pids+=($!)
  echo "started $name (pid $!, $config, log $logs/$name.log)"
}

start node1 example/config.yaml
# Wait until node1 serves, so the joiners find a cluster on their first try.
for _ in $(seq 1 100); do
  if "$mokv" servers --endpoints 127.0.0.1:8400 --timeout 1s >/dev/null 2>&1; then break; fi
  sleep 0.2
done
start node2 example/config2.yaml
start node3 example/config3.yaml

echo
echo "cluster starting; try:"
echo "  bin/mokv servers"
echo "  bin/mokv set hello world"
echo "  bin/mokv get hello --endpoints 127.0.0.1:8410"
echo "Ctrl-C stops all three nodes."
wait

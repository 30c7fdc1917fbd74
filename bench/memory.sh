# The memory and snapshot run of `make bench-memory`; sourced by bench/run.sh, which defines the
# cluster helpers. Nodes keep their membership on SIGTERM, so that one can be restarted as itself.

rm -f "$out"/memory*.json "$out"/memory.txt

start_cluster --leave-on-terminate false

echo "== preload: $MEMORY_KEYS keys of 100 bytes, in order, 256 in flight" >&2
"$mokv" bench put --endpoints "$endpoints" --keys "$MEMORY_KEYS" --total "$MEMORY_KEYS" \
  --sequential-keys --value-size 100 --concurrency 256 --warmup 0 --seed "$SEED" \
  --timeout 30s -o json >"$out/memory-preload.json"

# KiB: resident memory after a full GC (if jcmd is there), and the heap in use.
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
heap_used_kib() {
  jcmd "$1" GC.heap_info 2>/dev/null | sed -n 's/.* used \([0-9]*\)K.*/\1/p' | head -n 1
}
# The newest snapshot file of a node (Ratis names them snapshot.TERM_INDEX), or nothing.
latest_snapshot() {
  find "$1" -name 'snapshot.*' ! -name '*.md5' -printf '%T@ %s %p\n' 2>/dev/null |
    sort -n | tail -n 1
}

rows=()
for i in 0 1 2; do
  pid=${pids[$i]}
  if command -v jcmd >/dev/null; then
    jcmd "$pid" GC.run >/dev/null 2>&1 || true
    # What the heap holds, largest first: where to look when the memory per key grows.
    jcmd "$pid" GC.class_histogram 2>/dev/null | head -n 23 >"$out/memory-histogram-${names[$i]}.txt" || true
  fi
  heap=$(heap_used_kib "$pid")
  snapshot=$(latest_snapshot "$data/${names[$i]}")
  rows+=("${names[$i]} $(rss_kib "$pid") ${heap:-0} ${snapshot:-0 0 -} \
$(du -sk "$data/${names[$i]}" | cut -f1)")
done

# Snapshots are written on the apply thread, so each one stalls applying for its duration: the
# longest, from the nodes' logs ("Wrote snapshot ... (N keys) in M ms").
longest_snapshot=$(grep -h "Wrote snapshot" "$data"/node*.log 2>/dev/null |
  sed -n 's/.*(\([0-9]*\) keys) in \([0-9]*\) ms.*/\2 \1/p' | sort -n | tail -n 1)
read -r snapshot_ms snapshot_keys <<<"${longest_snapshot:-0 0}"

# Restart a follower: stop it (SIGTERM, it stays a voter), start it on its data-dir, and time
# until it serves (health SERVING, a leader known), then until its gossip sees all 3 voters
# alive again. JVM start-up is included; polled every 100 ms.
leader=$("$mokv" servers --endpoints "$endpoints" -o json |
  sed -n 's/.*"rpc_addr":"\([^"]*\)","raft_addr":"[^"]*","is_leader":true.*/\1/p')
restart=2
[[ "$leader" == "$(rpc_addr 2)" ]] && restart=1
echo "== restart ${names[$restart]} (a follower; leader at ${leader:-?})" >&2
stop_node "$restart"
t0=$(date +%s.%N)
start_node "$restart" --leave-on-terminate false
for voters in 1 3; do
  "$mokv" bench ping --endpoints "$(rpc_addr "$restart")" --wait-for-voters "$voters" \
    --wait-timeout 600s --total 1 --warmup 0 --no-progress -o json >/dev/null
  t[$voters]=$(date +%s.%N)
done
restart_s=$(awk -v a="$t0" -v b="${t[1]}" 'BEGIN { printf "%.2f", b - a }')
rejoin_s=$(awk -v a="$t0" -v b="${t[3]}" 'BEGIN { printf "%.2f", b - a }')

{
  printf '%-6s %10s %14s %14s %14s\n' node "RSS MiB" "heap used MiB" "snapshot MiB" "data-dir MiB"
  for row in "${rows[@]}"; do
    read -r name rss heap _ size _ dir <<<"$row"
    awk -v n="$name" -v r="$rss" -v h="$heap" -v s="$size" -v d="$dir" \
      'BEGIN { printf "%-6s %10.0f %14.0f %14.1f %14.1f\n", n, r/1024, h/1024, s/1048576, d/1024 }'
  done
  echo
  preload="$out/memory-preload.json"
  echo "preload: $(field "$preload" ops) keys of 100 bytes at $(field "$preload" ops_per_sec)" \
    "ops/s, errors $(field "$preload" errors)"
  echo "restart of ${names[$restart]}: SERVING after $restart_s s, all 3 voters seen alive after" \
    "$rejoin_s s (JVM start included)"
  echo "RSS and heap used after a full GC (jcmd GC.run). RSS also holds heap the JVM committed"
  echo "and keeps (default max heap: 1/4 of RAM; MOKV_JAVA_OPTS=-Xmx... bounds it)."
  echo "longest snapshot write: $snapshot_ms ms for $snapshot_keys keys; the apply thread (and so"
  echo "every write) stalls for that long, as writes continue around it"
  echo "Snapshot: the newest snapshot file"
  echo "(it covers the log up to its index; the entries after it are replayed from the log)."
} | tee "$out/memory.txt"

{
  printf '{"keys":%s,"value_size":100,"preload":%s,"restart_node":"%s","restart_serving_s":%s,' \
    "$MEMORY_KEYS" "$(cat "$out/memory-preload.json")" "${names[$restart]}" "$restart_s"
  printf '"restart_all_voters_s":%s,"longest_snapshot_ms":%s,"longest_snapshot_keys":%s,"nodes":[' \
    "$rejoin_s" "$snapshot_ms" "$snapshot_keys"
  sep=""
  for row in "${rows[@]}"; do
    read -r name rss heap _ size file dir <<<"$row"
    printf '%s{"node":"%s","rss_kib":%s,"heap_used_kib":%s,' "$sep" "$name" "$rss" "$heap"
    printf '"snapshot_bytes":%s,"snapshot":"%s","data_dir_kib":%s}' \
      "$size" "$(basename "$file")" "$dir"
    sep=","
  done
  printf ']}\n'
} >"$out/memory.json"

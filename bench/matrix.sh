# The standard matrix of `make bench`; sourced by bench/run.sh, which defines the cluster helpers.
# Every cell is one `mokv bench` process against the same cluster; its JSON goes to $out/NAME.json.

# The previous matrix's files go; a memory run's stay.
rm -f "$out"/put-*.json "$out"/get-*.json "$out"/ping-*.json "$out"/prewarm.json \
  "$out"/summary.json "$out"/summary.txt

start_cluster

cells=()
failed_cells=0

# run_cell NAME WORKLOAD CONCURRENCY [mokv bench flags...]; returns 1 if CELLS leaves it out.
run_cell() {
  local name=$1 workload=$2 concurrency=$3
  shift 3
  if [[ -n "${CELLS:-}" && " $CELLS " != *" $name "* ]]; then
    return 1
  fi
  echo "== $name" >&2
  if ! "$mokv" bench "$workload" --endpoints "$endpoints" --concurrency "$concurrency" \
    --warmup "$WARMUP" --duration "$MEASURE" --seed "$SEED" -o json "$@" >"$out/$name.json"; then
    echo "bench: $name failed (its figures, if any, are in $out/$name.json)" >&2
    failed_cells=$((failed_cells + 1))
  fi
  cells+=("$name")
}

if [[ "$PREWARM" != 0 ]]; then
  echo "== prewarm: $PREWARM of mixed load at 64 in flight, not measured" >&2
  "$mokv" bench mixed --endpoints "$endpoints" --concurrency 64 --warmup 0 \
    --duration "$PREWARM" --seed "$SEED" -o json >"$out/prewarm.json" || true
fi

for c in 1 16 64 256; do run_cell "put-c$c" put "$c" || true; done
preload=--preload # the first get writes the key space; the later ones find it there
for consistency in LINEARIZABLE STALE; do
  lower=$(tr 'A-Z' 'a-z' <<<"$consistency")
  for c in 1 16 64 256; do
    run_cell "get-$lower-c$c" get "$c" --consistency "$consistency" "$preload" &&
      preload=--no-preload
  done
done
for c in 64 256; do run_cell "ping-c$c" ping "$c" || true; done

# The table: one row per cell, and the ratio to the same run's ping at the same concurrency.
{
  printf '%-18s %9s %10s %9s %9s %8s %8s\n' workload "in flight" "ops/s" "p50 ms" "p99 ms" \
    errors "vs ping"
  for name in "${cells[@]}"; do
    f="$out/$name.json"
    c=$(field "$f" concurrency)
    ping=""
    [[ -s "$out/ping-c$c.json" ]] && ping=$(field "$out/ping-c$c.json" ops_per_sec)
    label=${name%-c*}
    printf '%s %s %s %s %s %s %s\n' "$label" "$c" "$(field "$f" ops_per_sec)" \
      "$(field "$f" p50)" "$(field "$f" p99)" "$(field "$f" errors)" "${ping:-null}"
  done | awk '{
    ratio = ($7 == "null" || $7 == 0 || $3 == "null") ? "-" : sprintf("%.2f", $3 / $7)
    if ($1 ~ /^ping/) ratio = "1.00"
    printf "%-18s %9s %10s %9s %9s %8s %8s\n", $1, $2, ($3 == "null" ? "-" : sprintf("%.0f", $3)),
      ($4 == "null" ? "-" : sprintf("%.2f", $4)), ($5 == "null" ? "-" : sprintf("%.2f", $5)),
      ($6 == "" ? "-" : $6), ratio
  }'
  echo
  echo "warm-up $WARMUP, measured $MEASURE per cell, prewarm $PREWARM, seed $SEED, 3 nodes"
  echo "(fsync on), $(nproc) cores shared by the nodes and the load generator; commit"
  echo "$(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(date -u +%Y-%m-%dT%H:%M:%SZ)."
} | tee "$out/summary.txt"

{
  printf '{"warmup":"%s","measure":"%s","prewarm":"%s","seed":%s,"commit":"%s","date":"%s",' \
    "$WARMUP" "$MEASURE" "$PREWARM" "$SEED" "$(git rev-parse HEAD 2>/dev/null || echo unknown)" \
    "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  printf '"runs":['
  sep=""
  for name in "${cells[@]}"; do
    run=$(cat "$out/$name.json" 2>/dev/null)
    printf '%s{"name":"%s","result":%s}' "$sep" "$name" "${run:-null}"
    sep=","
  done
  printf ']}\n'
} >"$out/summary.json"

echo "JSON of every run: $out/*.json, summary: $out/summary.json" >&2
if ((failed_cells > 0)); then
  echo "bench: $failed_cells cell(s) failed" >&2
  exit 1
fi

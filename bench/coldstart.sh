# Cold start (make bench-coldstart): how soon a fresh cluster reaches its steady write speed.
# Sourced by bench/run.sh --coldstart, which defines the cluster helpers.
#
# A fresh 3-node cluster, and put at 64 in flight from the moment all three voters serve: the first
# COLD_WINDOW (30s) is measured at once (no warm-up), then the same load runs unmeasured for
# COLD_SETTLE (270s), then a STEADY window (30s, after the client's own 10 s warm-up) is measured.
# The figure is first / steady: the share of its steady-state rate a cluster gives in its first
# half minute. The first window's client is as cold as the servers, as an application's would be.
#
# Results: target/bench/coldstart/{first,settle,steady}.json and summary.txt.

out="$out/coldstart"
mkdir -p "$out"
rm -f "$out"/*.json "$out"/summary.txt
if [[ "${QUICK:-0}" == 1 ]]; then
  COLD_WINDOW=${COLD_WINDOW:-5s} COLD_SETTLE=${COLD_SETTLE:-10s}
else
  COLD_WINDOW=${COLD_WINDOW:-30s} COLD_SETTLE=${COLD_SETTLE:-270s}
fi

start_cluster
put64() {
  "$mokv" bench put --endpoints "$endpoints" --concurrency 64 --seed "$SEED" --no-progress \
    -o json "$@"
}
echo "== first $COLD_WINDOW after start, measured at once" >&2
put64 --warmup 0 --duration "$COLD_WINDOW" >"$out/first.json"
echo "== $COLD_SETTLE of the same load, not measured" >&2
put64 --warmup 0 --duration "$COLD_SETTLE" >"$out/settle.json"
echo "== steady: $COLD_WINDOW after the client's 10s warm-up" >&2
put64 --warmup 10s --duration "$COLD_WINDOW" >"$out/steady.json"

first=$(field "$out/first.json" ops_per_sec)
steady=$(field "$out/steady.json" ops_per_sec)
{
  printf 'put at 64 in flight: first %s %.0f ops/s, steady %.0f ops/s: %.0f%% of steady\n' \
    "$COLD_WINDOW" "$first" "$steady" "$(awk -v a="$first" -v b="$steady" 'BEGIN{print 100*a/b}')"
  echo "errors: first $(field "$out/first.json" errors), steady $(field "$out/steady.json" errors);" \
    "commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(date -u +%Y-%m-%dT%H:%M:%SZ)"
} | tee "$out/summary.txt"

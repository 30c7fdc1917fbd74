#!/usr/bin/env bash
# A/B comparison of two builds on the same machine in one run: the same matrix cells, each build
# on a fresh local 3-node cluster, alternating A B A B so that drift of the machine during the run
# hits both alike. Compare the ratios B/A of one run, never figures of different runs.
#
#   bench/ab.sh REV_A REV_B        # make bench-ab A=REV_A B=REV_B (B defaults to HEAD)
#
# Environment: ROUNDS=2 (each build runs ROUNDS times), CELLS (default: put and LINEARIZABLE get
# at 64 and 256 in flight), and bench/run.sh's WARMUP, MEASURE, PREWARM, SEED. Each build is
# compiled from a detached worktree of its revision (tests skipped); the nodes and the load
# generator of a round both come from that build. Results: target/bench/ab/.
set -euo pipefail
cd "$(dirname "$0")/.."

if (($# != 2)); then
  echo "usage: $0 REV_A REV_B" >&2
  exit 2
fi
ROUNDS=${ROUNDS:-2}
export CELLS=${CELLS:-"put-c64 put-c256 get-linearizable-c64 get-linearizable-c256"}
out=${BENCH_OUT:-target/bench}/ab
work=$(mktemp -d "${TMPDIR:-/tmp}/mokv-ab.XXXXXX")
trap 'for d in "$work"/*/src; do git worktree remove --force "$d" 2>/dev/null || true; done; rm -rf "$work"' EXIT
rm -rf "$out"
mkdir -p "$out"

# build LABEL REV: a runnable launcher for REV at $work/LABEL/bin/mokv
build() {
  local label=$1 rev=$2
  mkdir -p "$work/$label/bin"
  git worktree add --quiet --detach "$work/$label/src" "$rev"
  echo "== building $label = $rev ($(git rev-parse --short "$rev"))" >&2
  (cd "$work/$label/src" && ./mvnw -B -ntp -q -DskipTests -Dspotless.check.skip=true package)
  cp "$work/$label/src/mokv-cli/target/mokv.jar" "$work/$label/bin/mokv.jar"
  cp bin/mokv "$work/$label/bin/mokv"
}
build A "$1"
build B "$2"

for round in $(seq 1 "$ROUNDS"); do
  for label in A B; do
    echo "== round $round, build $label" >&2
    MOKV_BIN="$work/$label/bin/mokv" BENCH_OUT="$out/$label-$round" bench/run.sh >/dev/null
  done
done

field() { sed -n "s/.*\"$2\":\([^,}]*\).*/\1/p" "$1" | head -n 1; }
{
  printf 'A = %s, B = %s, %s rounds alternating A B\n' "$1" "$2" "$ROUNDS"
  printf '%-24s %s\n' cell "ops/s A (each round) | ops/s B (each round) | B/A of the sums"
  for cell in $CELLS; do
    line="" sum_a=0 sum_b=0
    for label in A B; do
      for round in $(seq 1 "$ROUNDS"); do
        v=$(field "$out/$label-$round/$cell.json" ops_per_sec)
        line+=$(printf ' %8.0f' "${v:-0}")
        if [[ $label == A ]]; then sum_a=$(awk -v s="$sum_a" -v v="${v:-0}" 'BEGIN{print s+v}'); fi
        if [[ $label == B ]]; then sum_b=$(awk -v s="$sum_b" -v v="${v:-0}" 'BEGIN{print s+v}'); fi
      done
      [[ $label == A ]] && line+=" |"
    done
    printf '%-24s%s | %s\n' "$cell" "$line" \
      "$(awk -v a="$sum_a" -v b="$sum_b" 'BEGIN{ if (a > 0) printf "%.2f", b / a; else print "-" }')"
  done
} | tee "$out/summary.txt"

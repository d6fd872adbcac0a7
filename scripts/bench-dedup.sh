#!/usr/bin/env bash
# End-to-end dedup throughput (read + find_clusters) on a generated corpus, median of R runs.
#
#   scripts/bench-dedup.sh [N] [R]        (defaults: N=100000 articles, R=5 runs; repo root)
#   COPIES=0.1 scripts/bench-dedup.sh     (share of planted copies; default 0.3, the generator's)
#   BASE_BYTES=2640 scripts/bench-dedup.sh (3.0 KB articles on average, the issue's target size;
#                                           default 3000, the generator's: 3.4 KB articles)
#
# Generates N articles with planted copies from bbc-news (examples/gen_corpus.rs, ~3.4 KB
# each) once into target/bench-dedup-N (-cCOPIES, -bBASE_BYTES when set), then runs `eval_dedup
# stats` R times and prints the median read, dedup and end-to-end times and throughputs.
# Verification rescans every article some candidate pair names, so dedup time grows with the
# share of copies. Wall clock on a shared machine drifts; compare medians of runs taken back
# to back. To tell a slow hour from a slow build, the script ends with the issue's yardstick
# on the same texts (`eval_dedup reference`: a plain 2-thread loop that splits words at
# whitespace and hashes them) and how many of its passes one end-to-end run costs.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-100000}
R=${2:-5}
SOURCE=${SOURCE:-../shared/corpora/bbc-news/bbc}
COPIES=${COPIES:-}
BASE_BYTES=${BASE_BYTES:-}
OUT=target/bench-dedup-$N${COPIES:+-c$COPIES}${BASE_BYTES:+-b$BASE_BYTES}

cargo build --release --quiet --example gen_corpus --example eval_dedup
if [ ! -s "$OUT/corpus.jsonl" ]; then
    target/release/examples/gen_corpus --source "$SOURCE" --n "$N" --out "$OUT" \
        ${COPIES:+--copies "$COPIES"} ${BASE_BYTES:+--base-bytes "$BASE_BYTES"} >/dev/null
fi
for _ in $(seq "$R"); do
    target/release/examples/eval_dedup stats "$OUT/corpus.jsonl" | awk "NR <= 2" | paste -sd " "
done > target/bench-dedup-runs.txt
target/release/examples/eval_dedup reference "$OUT/corpus.jsonl" >> target/bench-dedup-runs.txt
python3 -c '
import re, statistics, sys
lines = open("target/bench-dedup-runs.txt").read().splitlines()
rows = [l for l in lines if l.startswith("articles ")]
reference = next(l for l in lines if l.startswith("reference loop"))
ref_mbs = float(re.search(r"([0-9.]+) MB/s", reference).group(1))
get = lambda pat: [float(re.search(pat, r).group(1)) for r in rows]
n = int(re.search(r"articles (\d+)", rows[0]).group(1))
mb = float(re.search(r"([0-9.]+) MB;", rows[0]).group(1))
read, dedup, total = (statistics.median(get(p)) for p in
    (r"read ([0-9.]+)s", r"dedup ([0-9.]+)s", r"end to end ([0-9.]+)s"))
stages = re.findall(r" ([a-z]+) [0-9.]+s", rows[0].split("stages:")[1])
print(f"{n} articles, {mb:.1f} MB, median of {len(rows)} runs:")
print(f"  read       {read:6.3f} s")
print(f"  dedup      {dedup:6.3f} s  {n / dedup:9.0f} articles/s  {mb / dedup:6.1f} MB/s")
for s in stages:
    secs = statistics.median(get(s + r" ([0-9.]+)s"))
    print(f"    {s:<12}{secs:6.3f} s")
print(f"  end to end {total:6.3f} s  {n / total:9.0f} articles/s  {mb / total:6.1f} MB/s")
passes = total / (mb / ref_mbs)
print(f"  reference loop (split at whitespace and hash, same texts): {ref_mbs:.0f} MB/s;"
      f" one end-to-end run costs {passes:.2f} of its passes")
'

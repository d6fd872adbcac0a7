#!/usr/bin/env bash
# Side-by-side: datasketch MinHashLSH vs wirediff dedup on the same generated corpus.
#
#   scripts/bench-datasketch.sh [N]        (default N=5000; run from the repository root)
#
# Creates .venv-bench/ (gitignored) with datasketch from PyPI, generates a corpus with planted
# copies from bbc-news (examples/gen_corpus.rs), then prints both throughputs, the ratio and
# both recalls. wirediff's figure is its find_clusters time on the parsed corpus (sketch,
# candidates, exact verification, clusters), measured by examples/eval_dedup.rs; datasketch's
# is shingling + MinHash + LSH insert + query, without verification.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-5000}
SOURCE=${SOURCE:-../shared/corpora/bbc-news/bbc}
OUT=${OUT:-target/bench-datasketch}

if [ ! -x .venv-bench/bin/python ]; then
    python3 -m venv .venv-bench
    .venv-bench/bin/pip install --quiet datasketch
fi
cargo build --release --quiet --example gen_corpus --example eval_dedup
target/release/examples/gen_corpus --source "$SOURCE" --n "$N" --out "$OUT"

ds=$(.venv-bench/bin/python scripts/datasketch_bench.py "$OUT/corpus.jsonl" "$OUT/truth.jsonl")
wd=$(target/release/examples/eval_dedup eval "$OUT/corpus.jsonl" "$OUT/truth.jsonl")
echo "$wd"
echo "$ds"
python3 - "$wd" "$ds" <<'PY'
import re, sys
wd, ds = sys.argv[1], sys.argv[2]
wd_rate = float(re.search(r"\(([0-9.]+) articles/s", wd).group(1))
wd_mb = float(re.search(r"articles/s, ([0-9.]+) MB/s", wd).group(1))
wd_recall = float(re.search(r"recall ([0-9.]+)", wd).group(1))
wd_recall_t = float(re.search(r"recall in target ([0-9.]+)", wd).group(1))
f = dict(kv.split("=") for kv in ds.split()[1:])
ds_rate = float(f["articles"]) / float(f["seconds"])
ds_mb = float(f["mb"]) / float(f["seconds"])
print(f"wirediff:   {wd_rate:10.0f} articles/s {wd_mb:8.1f} MB/s  recall {wd_recall:.4f} (in target {wd_recall_t:.4f})")
print(f"datasketch: {ds_rate:10.0f} articles/s {ds_mb:8.1f} MB/s  recall {float(f['recall']):.4f} (in target {float(f['recall_target']):.4f})")
print(f"ratio (wirediff / datasketch throughput): {wd_rate / ds_rate:.1f}x")
PY

#!/usr/bin/env python3
"""datasketch MinHashLSH on a gen_corpus corpus: throughput and recall of planted copies.

Usage: datasketch_bench.py CORPUS.jsonl TRUTH.jsonl [THRESHOLD]

Mirrors what wirediff's dedup does before verification: 3-word shingles of lower-cased words,
a 128-permutation MinHash per article, banded LSH at the Jaccard threshold (datasketch picks
bands and rows for it), one query per article. Reading JSON is not timed; everything from text
to candidate pairs is. Recall counts a planted (base, copy) pair as found when either article's
query returns the other (datasketch has no exact verification, so these are candidates).
Prints one machine-readable line: `datasketch articles=N seconds=S mb=M recall=R recall_target=T`.
"""
import json
import re
import sys
import time

from datasketch import MinHash, MinHashLSH

WORD = re.compile(r"\w+")


def main():
    corpus_path, truth_path = sys.argv[1], sys.argv[2]
    threshold = float(sys.argv[3]) if len(sys.argv) > 3 else 0.5
    ids, texts = [], []
    with open(corpus_path, encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            ids.append(rec["id"])
            texts.append(rec["text"])
    truth = [json.loads(l) for l in open(truth_path, encoding="utf-8") if l.strip()]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6

    start = time.perf_counter()
    lsh = MinHashLSH(threshold=threshold, num_perm=128)
    sketches = []
    for i, text in enumerate(texts):
        words = WORD.findall(text.lower())
        shingles = {" ".join(words[j:j + 3]).encode("utf-8") for j in range(max(1, len(words) - 2))}
        m = MinHash(num_perm=128)
        m.update_batch(list(shingles))
        sketches.append(m)
        lsh.insert(ids[i], m)
    found = {}
    for i, m in enumerate(sketches):
        found[ids[i]] = set(lsh.query(m))
    seconds = time.perf_counter() - start

    hit = total = hit_t = total_t = 0
    for t in truth:
        ok = t["copy"] in found.get(t["base"], ()) or t["base"] in found.get(t["copy"], ())
        total += 1
        hit += ok
        if t["in_target"]:
            total_t += 1
            hit_t += ok
    print(
        f"datasketch articles={len(texts)} seconds={seconds:.3f} mb={mb:.2f} "
        f"recall={hit / max(total, 1):.4f} recall_target={hit_t / max(total_t, 1):.4f}"
    )


if __name__ == "__main__":
    main()

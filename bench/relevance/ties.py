"""How far any engine can rank a known item first: the ties of each known-item query.

  ties.py --root DOCS --manifest MANIFEST --queries QUERIES.jsonl --out TIES.json

A known-item query is 3-4 words of one sentence of its source document (reference.py), and only
the source is relevant. Where other documents hold the same words in the same order within one
sentence (the meeting notices "Le Conseil tiendra une séance le jeudi ... mars à ... heures"),
nothing in the query tells them from the source: an engine can at best rank those k documents
first, in an order the query cannot decide, and expects 1/k * (1 + 1/2 + ... + 1/k) for that
query. The mean over the set is the attainable MRR@10, the ceiling the engines' MRR@10 is read
against in bench/results/relevance-peers.md. Writes {"query id": k, ...}; k counts the source.
"""

import argparse
import json
import os
import sys

import reference as R


def in_order(sentence, words):
    j = 0
    for t in sentence:
        if j < len(words) and t == words[j]:
            j += 1
    return j == len(words)


def ties(col, queries):
    index = {p: i for i, p in enumerate(col.paths)}
    cache = {}

    def sentences(i):
        if i not in cache:
            with open(os.path.join(col.root, col.paths[i]), encoding="utf-8", errors="replace") as f:
                cache[i] = [[R.fold(t) for t, _, _ in spans] for _, spans in R.sentences(f.read())]
        return cache[i]

    out = {}
    for q in queries:
        if q["kind"] != "known":
            continue
        words = [R.fold(w) for w in q["query"].split()]
        holders = col.holding_all(words, folded=True) | {index[q["relevant"][0]]}
        out[q["id"]] = max(1, sum(1 for h in holders if any(in_order(s, words) for s in sentences(h))))
    return out


def attainable_mrr(k):
    """Expected reciprocal rank when the source is one of k documents the query cannot tell apart."""
    return sum(1 / j for j in range(1, k + 1)) / k


def main():
    p = argparse.ArgumentParser(description="Writes the ties of each known-item query (JSON).")
    p.add_argument("--root", required=True)
    p.add_argument("--manifest", required=True)
    p.add_argument("--queries", required=True)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    with open(a.queries, encoding="utf-8") as f:
        queries = [json.loads(line) for line in f]
    t = ties(R.Collection(a.root, a.manifest), queries)
    tmp = a.out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(t, f, sort_keys=True)
    os.replace(tmp, a.out)
    mrr = sum(attainable_mrr(k) for k in t.values()) / max(len(t), 1)
    print(f"ties.py: {len(t)} known-item queries, {sum(k > 1 for k in t.values())} with ties; "
          f"attainable MRR@10 {mrr:.3f}", file=sys.stderr)


if __name__ == "__main__":
    main()

"""Engine-independent reference matcher and query-set generator of the peer relevance bench.

The judgments of bench/relevance/run.sh come from here, never from an engine. Hand-written
because no Debian library tokenizes French the way the judgments need: elided articles split
off as their own token (l' d' qu' jusqu' ...), hyphenated compounds kept whole (so that
"neuvième" never occurs inside "soixante-neuvième"), accent folding as a separate view.

Tokens: the text in NFC, lower case, typographic apostrophes as "'"; a token is a run of
letters and digits, joined by inner hyphens or apostrophes ("soixante-neuvième",
"aujourd'hui"); a leading elided article ("l'", "qu'", "jusqu'"...) is split off as its own
token. Folding: NFD, combining marks dropped, NFC ("traité" -> "traite").

Query kinds (see make_queries for the method, all drawn with random.Random(seed)):
  known      3-4 content words of one sentence of one real document, half typed folded, kept
             when at most 5 documents of the collection hold them all; relevant = the source.
  phrase     2-4 consecutive words of a real document, quoted, as written (lower case, at
             least one accented letter); relevant = documents with that exact token sequence.
  phrase-folded  the same drawn anew and typed without accents; relevant = folded sequence.
  homograph  a word whose Snowball stem (Xapian's French stemmer) is shared by a word of
             another family; relevant = documents holding the word or its inflections.
  homograph2 the same word and its most frequent content-word neighbour; relevant = both.
"""

import collections
import hashlib
import json
import os
import random
import re
import sys
import unicodedata

ELISIONS = {"l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu",
            "quelqu"}
APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2018": "'", "\u2011": "-", "\u2010": "-"})
TOKEN = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")
STOP_FILE = "/usr/share/postgresql/15/tsearch_data/french.stop"  # Snowball's French stop list
# Function words Snowball's list lacks (it has "le", "la", not "les"): no researcher types them
# as the words they remember of a passage.
MORE_STOP = {"les", "cette", "cet", "ils", "elles", "leurs", "dont", "où", "comme", "aussi", "ainsi", "tout", "tous",
             "toute", "toutes", "entre", "sans", "sous", "vers", "chez", "très", "plus", "moins", "selon", "lors",
             "celui", "celle", "ceux", "celles", "autre", "autres", "si", "donc", "car", "puis", "depuis", "outre",
             "afin", "alors", "déjà", "encore", "toujours", "après", "avant", "pendant", "contre", "parmi", "auprès"}


# Words ending in e that are not the feminine of the word without it: "traite" is not a form of
# "trait", nor "partie" of "parti" (a family must not merge two words the homograph kind opposes).
NOT_FEMININE = {"traite", "partie", "porte", "sorte", "marine", "fine", "poste", "appuie", "emploie", "envoie",
                "essaie"}


# Masculine/feminine (and -al/-aux plural) endings beyond a final e: "tel" ~ "telle",
# "administratif" ~ "administratives", "premier" ~ "première".
FEMININE_ENDINGS = (("al", "aux"), ("el", "elle"), ("en", "enne"), ("on", "onne"), ("et", "ette"), ("eux", "euse"),
                    ("if", "ive"), ("er", "ère"), ("eur", "euse"), ("teur", "trice"))


def normalise(text):
    return unicodedata.normalize("NFC", text).translate(APOSTROPHES).lower()


def fold(word):
    decomposed = unicodedata.normalize("NFD", word)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def tokens_with_spans(text):
    """(token, start, end) of normalised text: elided articles split off, compounds whole."""
    out = []
    for m in TOKEN.finditer(text):
        word, start = m.group(), m.start()
        # An apostrophe after an article: the article is a token of its own, the rest goes on.
        while "'" in word:
            head, rest = word.split("'", 1)
            if head not in ELISIONS or not rest:
                break
            out.append((head + "'", start, start + len(head) + 1))
            start += len(head) + 1
            word = rest
        out.append((word, start, start + len(word)))
    return out


def tokens(text):
    return [t for t, _, _ in tokens_with_spans(normalise(text))]


def load_stop_words():
    if not os.path.exists(STOP_FILE):
        sys.exit(f"reference.py: {STOP_FILE} not found (Debian postgresql-15 ships it: ./build.sh bench installs it)")
    with open(STOP_FILE, encoding="utf-8") as f:
        words = {normalise(w.strip()) for w in f if w.strip()}
    return words | MORE_STOP | {e + "'" for e in ELISIONS}


def is_content(token, stop):
    return len(token) >= 3 and token not in stop and not any(c.isdigit() for c in token) and "'" not in token


class Collection:
    """The documents of one collection, their exact and folded token lists and inverted sets."""

    def __init__(self, root, manifest):
        self.root = root
        self.paths = []  # relative to root
        self.real = []  # the real documents (queries are drawn from these)
        self.exact = []  # token lists
        self.folded = []
        self.inv_exact = collections.defaultdict(set)
        self.inv_folded = collections.defaultdict(set)
        with open(manifest, encoding="utf-8") as f:
            for line in f:
                rel, kind = line.rstrip("\n").split("\t")
                with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as d:
                    text = d.read()
                i = len(self.paths)
                self.paths.append(rel)
                if kind == "real":
                    self.real.append(i)
                toks = tokens(text)
                ftoks = [fold(t) for t in toks]
                self.exact.append(toks)
                self.folded.append(ftoks)
                for t in set(toks):
                    self.inv_exact[t].add(i)
                for t in set(ftoks):
                    self.inv_folded[t].add(i)

    def holding_all(self, words, folded):
        inv = self.inv_folded if folded else self.inv_exact
        sets = sorted((inv.get(fold(w) if folded else w, set()) for w in words), key=len)
        return set.intersection(*sets) if sets else set()

    def holding_any(self, words, folded=False):
        inv = self.inv_folded if folded else self.inv_exact
        out = set()
        for w in words:
            out |= inv.get(fold(w) if folded else w, set())
        return out

    def with_sequence(self, seq, folded):
        lists = self.folded if folded else self.exact
        out = set()
        for i in self.holding_all(seq, folded):
            toks, n = lists[i], len(seq)
            if any(toks[p:p + n] == seq for p in range(len(toks) - n + 1) if toks[p] == seq[0]):
                out.add(i)
        return out


def sentences(text):
    """Sentences of a document: paragraphs split after . ! ? ; : (token spans of each)."""
    for para in re.split(r"\n\s*\n", normalise(text)):
        for s in re.split(r"(?<=[.!?;:])\s+", para):
            spans = tokens_with_spans(s)
            if spans:
                yield s, spans


def runs(sentence, spans):
    """Maximal runs of tokens separated only by spaces (or nothing, after an elided article)."""
    run = [spans[0]]
    for prev, cur in zip(spans, spans[1:]):
        gap = sentence[prev[2]:cur[1]]
        if gap.strip(" ") == "":
            run.append(cur)
        else:
            yield run
            run = [cur]
    yield run


def typed_phrase(toks):
    out = ""
    for t in toks:
        out += t if (not out or out.endswith("'")) else " " + t
    return out


def has_accent(s):
    return fold(s) != s


def make_queries(col, seed, counts, stem):
    """Query sets drawn from the real documents of col, judged over all of col's documents."""
    rng = random.Random(seed)
    stop = load_stop_words()
    real_texts = {}
    for i in col.real:
        with open(os.path.join(col.root, col.paths[i]), encoding="utf-8", errors="replace") as f:
            real_texts[i] = f.read()
    doc_sentences = {i: list(sentences(real_texts[i])) for i in col.real}
    out = []

    def add(kind, query, relevant, **extra):
        out.append(dict(kind=kind, id=f"{kind}-{len([q for q in out if q['kind'] == kind]):05d}", query=query,
                        relevant=sorted(col.paths[i] for i in relevant), **extra))

    # Known item: 3-4 content words of one sentence, in sentence order.
    seen, tries = set(), 0
    while len([q for q in out if q["kind"] == "known"]) < counts["known"] and tries < counts["known"] * 50:
        tries += 1
        doc = rng.choice(col.real)
        if not doc_sentences[doc]:
            continue
        _, spans = rng.choice(doc_sentences[doc])
        content = []
        for t, _, _ in spans:
            if is_content(t, stop) and fold(t) not in {fold(c) for c in content}:
                content.append(t)
        k = rng.choice((3, 4))
        if len(content) < k:
            continue
        picked = [content[j] for j in sorted(rng.sample(range(len(content)), k))]
        folded = rng.random() < 0.5
        query = " ".join(fold(w) if folded else w for w in picked)
        if query in seen:
            continue
        holders = col.holding_all(picked, folded=True)
        if doc not in holders or len(holders) > 5:
            continue
        seen.add(query)
        add("known", query, {doc}, typed="folded" if folded else "as written", holders=len(holders))

    # Ambiguous folded forms: one folded form, two accent-exact content words each in 2+ documents.
    exact_by_folded = collections.defaultdict(list)
    for t, docs in col.inv_exact.items():
        if len(docs) >= 2 and is_content(t, stop):
            exact_by_folded[fold(t)].append(t)
    ambiguous = {f for f, ws in exact_by_folded.items() if len(ws) > 1}

    # Quoted phrases: 2-4 consecutive tokens (2+ words besides elided articles) of one run, ending on a content word, a third
    # starting with an elided article; kept when 1 to 100 documents hold the sequence.
    for kind, folded in (("phrase", False), ("phrase-folded", True)):
        seen, tries = set(), 0
        while len([q for q in out if q["kind"] == kind]) < counts[kind] and tries < counts[kind] * 200:
            tries += 1
            doc = rng.choice(col.real)
            if not doc_sentences[doc]:
                continue
            sentence, spans = rng.choice(doc_sentences[doc])
            candidates = [r for r in runs(sentence, spans) if len(r) >= 2]
            if not candidates:
                continue
            run = [t for t, _, _ in rng.choice(candidates)]
            n = rng.randint(2, min(4, len(run)))
            elided = rng.random() < 1 / 3
            starts = [p for p in range(len(run) - n + 1) if (run[p].endswith("'") if elided else is_content(run[p], stop))]
            if not starts:
                continue
            seq = run[(p := rng.choice(starts)):p + n]
            if not is_content(seq[-1], stop) or any(any(c.isdigit() for c in t) for t in seq):
                continue
            if sum(not t.endswith("'") for t in seq) < 2:
                continue  # "d'allégations" is one word, not a phrase
            if not has_accent("".join(seq)):
                continue  # typed as written or folded, an unaccented phrase says nothing about accents
            if folded and any(fold(t) in ambiguous for t in seq):
                continue  # "traite" typed for "traité": the homograph kind judges those
            typed = [fold(t) for t in seq] if folded else seq
            query = '"' + typed_phrase(typed) + '"'
            if query in seen:
                continue
            relevant = col.with_sequence(typed, folded)
            if doc not in relevant or len(relevant) > 100:
                continue
            seen.add(query)
            add(kind, query, relevant, elided=seq[0].endswith("'"))

    # Homographs: families (a word with its plural s/x and feminine e/es forms, accent-exact)
    # that share a Snowball stem with another family, or with a compound holding one of their
    # stems as a part ("neuvième" / "soixante-neuvième").
    df = {t: len(d) for t, d in col.inv_exact.items()}
    real_vocab = collections.Counter()
    for i in col.real:
        real_vocab.update(set(col.exact[i]))
    vocab = {t for t, n in real_vocab.items() if n >= 2 and is_content(t, stop) and t.isalpha()}

    # Families by union-find over the vocabulary: w ~ w+s, w+x (plural); w ~ w+e, w+es
    # (feminine) but for NOT_FEMININE; FEMININE_ENDINGS; w+s ~ w+es when w itself is not in the vocabulary
    # ("escomptés" ~ "escomptées").
    parent = {w: w for w in vocab}

    def find(w):
        while parent[w] != w:
            parent[w] = parent[parent[w]]
            w = parent[w]
        return w

    def join(a, b):
        if a in vocab and b in vocab:
            parent[find(a)] = find(b)

    for w in vocab:
        join(w, w + "s")
        join(w, w + "x")
        for masc, fem in FEMININE_ENDINGS:
            if w.endswith(masc):
                join(w, w[:-len(masc)] + fem)
                join(w, w[:-len(masc)] + fem + "s")
        if not w.endswith("e") and w + "e" not in NOT_FEMININE:
            join(w, w + "e")
            join(w, w + "es")
        if w.endswith("s") and w[:-1] not in vocab and not w.endswith("es"):
            join(w, w[:-1] + "es")
    members = collections.defaultdict(set)
    for w in vocab:
        members[find(w)].add(w)
    # Each family is named by its most frequent word, the one a researcher would type.
    family = {}
    for ws in members.values():
        head = min(ws, key=lambda w: (-df[w], len(w), w))
        family[head] = ws
    heads = set(family)
    by_stem = collections.defaultdict(set)  # stem -> family heads, and compounds as "=token"
    stem_cache = {}

    def stem_of(w):
        if w not in stem_cache:
            stem_cache[w] = stem(w.encode()).decode()
        return stem_cache[w]

    # The stem of a word as written and of its folded form (how an accent-free query is stemmed:
    # "dela" and "délai" share the stem "del", "delà" does not).
    for h in heads:
        for w in family[h]:
            by_stem[stem_of(w)].add(h)
            by_stem[stem_of(fold(w))].add(h)
    for t in col.inv_exact:
        if "-" in t and not any(c.isdigit() for c in t):
            for part in t.split("-"):
                if is_content(part, stop):
                    by_stem[stem_of(part)].add("=" + t)
                    by_stem[stem_of(fold(part))].add("=" + t)
    # Who a folded form stands for: every distinct token of the real documents folding to it.
    folded_owner = collections.defaultdict(set)
    head_of = {w: h for h in heads for w in family[h]}
    for t in real_vocab:
        folded_owner[fold(t)].add(head_of.get(t, t))

    cands, done = [], set()
    for s, group in sorted(by_stem.items()):
        words = sorted(m for m in group if not m.startswith("=") and m not in done)
        for h in words:
            mine = col.holding_any(family[h])
            others = set()
            for m in group:
                if m != h:
                    others |= col.holding_any([m[1:]] if m.startswith("=") else family[m])
            if len(mine) >= 2 and len(others - mine) >= 3:
                clash = folded_owner[fold(h)] != {h}
                typed = h if clash else fold(h)
                how = "as written (another family folds the same)" if clash else "folded" if has_accent(h) else "plain"
                done.add(h)
                cands.append((h, typed, how, mine, others - mine, sorted(m.lstrip("=") for m in group if m != h)))
    rng.shuffle(cands)
    for h, typed, how, mine, confusers, others in cands[:counts["homograph"]]:
        add("homograph", typed, mine, typed_as=how, word=h, family=sorted(family[h]), confusers=len(confusers),
            same_stem=others[:8])

    # Two-word variants: the word and the content word most often beside it in the real documents
    # (skipping up to two stop words: "traite des personnes" gives "traite personnes"), among
    # those held by at most a tenth of them (not "cette", "nations").
    neighbours = collections.defaultdict(collections.Counter)
    chosen = {h for h, *_ in cands}
    informative = {t for t, n in real_vocab.items() if n <= len(col.real) / 10 and is_content(t, stop)}
    for i in col.real:
        toks = col.exact[i]
        for p, t in enumerate(toks):
            if t not in chosen:
                continue
            for step in (-1, 1):
                q = p + step
                while 0 <= q < len(toks) and abs(q - p) <= 3 and toks[q] in stop:
                    q += step
                if 0 <= q < len(toks) and abs(q - p) <= 3 and toks[q] in informative:
                    neighbours[t][toks[q]] += 1
    n2 = 0
    for h, typed, how, mine, confusers, others in cands:
        if n2 >= counts["homograph2"] or not neighbours[h]:
            continue
        nb, _ = neighbours[h].most_common(1)[0]
        if stem_of(nb) == stem_of(h):
            continue
        # The neighbour matches in its singular and plural forms, accents folded unless it is typed
        # as written ("armé" in "conflit armé", since "arme" is another word).
        nb_folded = len(folded_owner.get(fold(nb), ())) <= 1
        nb_typed = fold(nb) if nb_folded else nb
        nb_forms = {nb_typed, nb_typed + "s", nb_typed + "x"} | ({nb_typed[:-1]} if nb[-1] in "sx" else set())
        relevant = mine & col.holding_any(nb_forms, folded=nb_folded)
        if not relevant:
            continue
        add("homograph2", f"{typed} {nb_typed}", relevant, typed_as=how, word=h, neighbour=nb,
            neighbour_typed="folded" if nb_folded else "as written")
        n2 += 1
    return out


def main():
    import argparse
    import xapian  # python3-xapian: the Snowball stemmer every Xapian peer uses

    p = argparse.ArgumentParser(description="Writes the query set with its judgments (JSON Lines).")
    p.add_argument("--root", required=True, help="directory of the collection's .txt files")
    p.add_argument("--manifest", required=True, help="relative path<TAB>real|distractor, one document a line")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--out", required=True)
    p.add_argument("--counts", default="known=1000,phrase=500,phrase-folded=500,homograph=1000,homograph2=1000")
    a = p.parse_args()
    counts = {k: int(v) for k, v in (kv.split("=") for kv in a.counts.split(","))}
    col = Collection(a.root, a.manifest)
    queries = make_queries(col, a.seed, counts, xapian.Stem("french"))
    tmp = a.out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        for q in queries:
            f.write(json.dumps(q, ensure_ascii=False) + "\n")
    os.replace(tmp, a.out)
    per = collections.Counter(q["kind"] for q in queries)
    print(f"reference.py: {len(queries)} queries over {len(col.paths)} documents ({dict(per)}) in {a.out}",
          file=sys.stderr)


if __name__ == "__main__":
    main()

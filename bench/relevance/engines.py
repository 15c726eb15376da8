"""Runs one engine of the peer relevance bench on one collection: index it, then answer every
query of a query set with its first 100 documents (paths relative to the collection's root).

  engines.py index ENGINE --root DOCS --work DIR [--build BUILD]
  engines.py query ENGINE --root DOCS --work DIR --queries Q.jsonl --out RESULTS.jsonl [--build BUILD]

Each engine is run as its documentation recommends for French text (HOW below is quoted in
the results). The first line of RESULTS is {"meta": ...}: how it was run and the query time.
"""

import argparse
import concurrent.futures
import csv
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time

LIMIT = 100
PG_BIN = "/usr/lib/postgresql/15/bin"

HOW = {
    "ours": "`ctoc-index --rebuild --db DB DIR`; one `ctoc-search --db DB --format json --no-snippets --limit 100 -- QUERY` "
            "process a query (two at a time), the query as typed",
    "fts5": "SQLite {sqlite} FTS5 table `fts5(path UNINDEXED, body, tokenize='unicode61 remove_diacritics 2')`; "
            "`MATCH` with each word quoted (implicit AND) and a quoted phrase as one FTS5 phrase, `ORDER BY rank` "
            "(bm25); in-process (Python sqlite3)",
    "recoll": "Recoll {recoll}: own config dir with `topdirs = DIR` and `indexstemminglanguages = french` "
              "(other settings default: accents and case stripped), `recollindex -c CONF`; one "
              "`recollq -c CONF -s french -b -n 100 QUERY` process a query (two at a time), Recoll's query "
              "language (words ANDed, \"phrases\")",
    "omega": "omega {omega}: `omindex --db DB --url / --stemmer french DIR`; queries through python3-xapian's "
             "QueryParser as omega's `quest -s french -o and` sets it (Stem(\"french\"), STEM_SOME, default AND, "
             "FLAG_DEFAULT), BM25, in-process",
    "postgres": "PostgreSQL {pg}: text search configuration `fr` = COPY french with `unaccent, french_stem` for "
                "word, hword and hword_part (the unaccent documentation's recipe), a stored tsvector with a GIN "
                "index, `WHERE tsv @@ websearch_to_tsquery('fr', QUERY) ORDER BY ts_rank_cd(tsv, query) DESC "
                "LIMIT 100`; one psql session for all queries",
}


def versions():
    def deb(pkg):
        try:
            return subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg], capture_output=True, text=True).stdout
        except OSError:
            return "?"
    return dict(sqlite=sqlite3.sqlite_version, recoll=deb("recollcmd"), omega=deb("xapian-omega"),
                pg=deb("postgresql-15"))


def documents(root):
    for dirpath, _, files in os.walk(root):
        for name in sorted(files):
            if name.endswith(".txt"):
                path = os.path.join(dirpath, name)
                yield os.path.relpath(path, root), path


def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read().replace("\x00", " ")


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        sys.exit(f"engines.py: {' '.join(cmd[:3])}... failed ({r.returncode}): {r.stderr.strip()[-500:]}")
    return r.stdout


# --- ours -------------------------------------------------------------------------------------

def ours_index(a):
    db = os.path.join(a.work, "ours.db")
    r = subprocess.run([os.path.join(a.build, "indexer/ctoc-index"), "--rebuild", "--db", db, a.root],
                       capture_output=True, text=True)
    if r.returncode not in (0, 3):  # 3: indexed, some inputs skipped
        sys.exit(f"engines.py: ctoc-index failed ({r.returncode}): {r.stderr.strip()[-500:]}")


def ours_query(a, queries):
    exe, db = os.path.join(a.build, "searcher/ctoc-search"), os.path.join(a.work, "ours.db")

    def one(q):
        r = subprocess.run([exe, "--db", db, "--format", "json", "--no-snippets", "--limit", str(LIMIT), "--", q["query"]],
                           capture_output=True, text=True)
        if r.returncode != 0:
            return [], r.stderr.strip().splitlines()[-1:] if r.stderr.strip() else [f"exit {r.returncode}"]
        return [os.path.relpath(json.loads(line)["path"], a.root) for line in r.stdout.splitlines() if line.strip()], []

    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        return list(pool.map(one, queries))


# --- SQLite FTS5 ----------------------------------------------------------------------------------

def fts5_index(a):
    path = os.path.join(a.work, "fts5.db")
    if os.path.exists(path):
        os.remove(path)
    con = sqlite3.connect(path + ".tmp")
    con.execute("DROP TABLE IF EXISTS docs")
    con.execute("CREATE VIRTUAL TABLE docs USING fts5(path UNINDEXED, body, tokenize='unicode61 remove_diacritics 2')")
    con.executemany("INSERT INTO docs(path, body) VALUES (?, ?)", ((rel, read(p)) for rel, p in documents(a.root)))
    con.commit()
    con.close()
    os.replace(path + ".tmp", path)


def fts5_match(query):
    """FTS5 query syntax: a quoted phrase stays one phrase, each other word a quoted string (AND)."""
    q = query.strip()
    if len(q) > 1 and q.startswith('"') and q.endswith('"'):
        return '"' + q[1:-1].replace('"', '""') + '"'
    return " ".join('"' + w.replace('"', '""') + '"' for w in q.split())


def fts5_query(a, queries):
    con = sqlite3.connect(os.path.join(a.work, "fts5.db"))
    out = []
    for q in queries:
        try:
            rows = con.execute("SELECT path FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT ?",
                               (fts5_match(q["query"]), LIMIT)).fetchall()
            out.append(([r[0] for r in rows], []))
        except sqlite3.Error as e:
            out.append(([], [str(e)]))
    return out


# --- omega (omindex + Xapian's QueryParser) ----------------------------------------------------

def omega_index(a):
    db = os.path.join(a.work, "omega.db")
    shutil.rmtree(db, ignore_errors=True)
    run(["omindex", "--db", db, "--url", "/", "--stemmer", "french", "--overwrite", a.root])


def omega_query(a, queries):
    import xapian
    db = xapian.Database(os.path.join(a.work, "omega.db"))
    qp = xapian.QueryParser()
    qp.set_database(db)
    qp.set_stemmer(xapian.Stem("french"))
    qp.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
    qp.set_default_op(xapian.Query.OP_AND)
    enquire = xapian.Enquire(db)
    out = []
    for q in queries:
        try:
            enquire.set_query(qp.parse_query(q["query"], xapian.QueryParser.FLAG_DEFAULT))
            paths = []
            for m in enquire.get_mset(0, LIMIT):
                data = m.document.get_data().decode("utf-8", "replace")
                url = next((l[4:] for l in data.splitlines() if l.startswith("url=")), "")
                paths.append(url.lstrip("/"))
            out.append((paths, []))
        except xapian.Error as e:
            out.append(([], [str(e)]))
    return out


# --- Recoll ----------------------------------------------------------------------------------------

def recoll_conf(a):
    return os.path.join(a.work, "recoll")


def recoll_index(a):
    conf = recoll_conf(a)
    shutil.rmtree(conf, ignore_errors=True)
    os.makedirs(conf)
    with open(os.path.join(conf, "recoll.conf"), "w", encoding="utf-8") as f:
        f.write(f"topdirs = {os.path.abspath(a.root)}\nindexstemminglanguages = french\nloglevel = 2\n")
    run(["recollindex", "-c", conf, "-z"])


def recoll_query(a, queries):
    conf, root = recoll_conf(a), os.path.abspath(a.root)

    def one(q):
        r = subprocess.run(["recollq", "-c", conf, "-s", "french", "-b", "-n", str(LIMIT), q["query"]],
                           capture_output=True, text=True)
        if r.returncode != 0:
            return [], [r.stderr.strip()[-200:] or f"exit {r.returncode}"]
        paths = [os.path.relpath(l[len("file://"):], root) for l in r.stdout.splitlines() if l.startswith("file://")]
        return paths, []

    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        return list(pool.map(one, queries))


# --- PostgreSQL ------------------------------------------------------------------------------------

def pg_dir(a):
    return os.path.abspath(a.pg)


def pg_db(a):
    # One database a collection: the name of the folder holding --work (n1468-s42).
    return "c_" + os.path.basename(os.path.dirname(os.path.abspath(a.work))).replace("-", "_")


def psql(a, *args, db="postgres", stdin=None):
    return run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", os.path.join(pg_dir(a), "socket"),
                "-U", "postgres", "-d", db, *args], input=stdin)


def pg_start(a):
    """A throw-away cluster in bench/work/relevance/postgres (the server refuses to run as root)."""
    d = pg_dir(a)
    data, sock = os.path.join(d, "data"), os.path.join(d, "socket")
    as_pg = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
    if not os.path.exists(os.path.join(data, "PG_VERSION")):
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(sock)
        if as_pg:
            shutil.chown(d, "postgres")
            shutil.chown(sock, "postgres")
        run(as_pg + [f"{PG_BIN}/initdb", "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8",
                     "--locale", "C.UTF-8"])
    if subprocess.run(as_pg + [f"{PG_BIN}/pg_ctl", "-D", data, "status"], capture_output=True).returncode != 0:
        run(as_pg + [f"{PG_BIN}/pg_ctl", "-D", data, "-w", "-l", os.path.join(d, "server.log"), "-o",
                     f"-k {sock} -c listen_addresses='' -c shared_buffers=256MB", "start"])


def pg_stop(a):
    data = os.path.join(pg_dir(a), "data")
    as_pg = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
    if os.path.exists(os.path.join(data, "postmaster.pid")):
        run(as_pg + [f"{PG_BIN}/pg_ctl", "-D", data, "-w", "stop", "-m", "fast"])


def postgres_index(a):
    pg_start(a)
    db = pg_db(a)
    psql(a, "-c", f"DROP DATABASE IF EXISTS {db}")
    psql(a, "-c", f"CREATE DATABASE {db}")
    psql(a, db=db, stdin="""
CREATE EXTENSION unaccent;
CREATE TEXT SEARCH CONFIGURATION fr (COPY = french);
ALTER TEXT SEARCH CONFIGURATION fr ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
CREATE TABLE docs (path text PRIMARY KEY, body text, tsv tsvector);
""")
    buf = io.StringIO()
    w = csv.writer(buf)
    for rel, p in documents(a.root):
        w.writerow((rel, read(p)))
    psql(a, "-c", "COPY docs(path, body) FROM STDIN WITH (FORMAT csv)", db=db, stdin=buf.getvalue())
    psql(a, db=db, stdin="UPDATE docs SET tsv = to_tsvector('fr', body);\n"
                         "CREATE INDEX docs_tsv ON docs USING gin(tsv);\nVACUUM ANALYZE docs;\n")


def postgres_query(a, queries):
    pg_start(a)
    script = ["\\pset format unaligned", "\\pset tuples_only on"]
    for i, q in enumerate(queries):
        tag = "q" + str(i)
        literal = f"${tag}${q['query']}${tag}$"
        script.append(f"\\echo @@{i}")
        script.append(f"SELECT path FROM docs, websearch_to_tsquery('fr', {literal}) query WHERE tsv @@ query "
                      f"ORDER BY ts_rank_cd(tsv, query) DESC, path LIMIT {LIMIT};")
    text = psql(a, db=pg_db(a), stdin="\n".join(script) + "\n")
    out, cur = [[] for _ in queries], None
    for line in text.splitlines():
        if line.startswith("@@"):
            cur = int(line[2:])
        elif line and cur is not None:
            out[cur].append(line)
    return [(o, []) for o in out]


ENGINES = {
    "ours": (ours_index, ours_query),
    "fts5": (fts5_index, fts5_query),
    "omega": (omega_index, omega_query),
    "recoll": (recoll_index, recoll_query),
    "postgres": (postgres_index, postgres_query),
}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("action", choices=("index", "query", "stop-postgres"))
    p.add_argument("engine", choices=sorted(ENGINES))
    p.add_argument("--root", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("--build")
    p.add_argument("--queries")
    p.add_argument("--out")
    p.add_argument("--pg", help="PostgreSQL cluster directory (created when absent)")
    a = p.parse_args()
    if a.engine == "postgres" and not a.pg:
        p.error("postgres needs --pg DIR")
    os.makedirs(a.work, exist_ok=True)
    if a.action == "stop-postgres":
        pg_stop(a)
        return
    index, query = ENGINES[a.engine]
    if a.action == "index":
        start = time.monotonic()
        index(a)
        print(f"engines.py: {a.engine} indexed {a.root} in {time.monotonic() - start:.1f} s", file=sys.stderr)
        return
    with open(a.queries, encoding="utf-8") as f:
        queries = [json.loads(line) for line in f]
    start = time.monotonic()
    answers = query(a, queries)
    seconds = time.monotonic() - start
    errors = sum(1 for _, e in answers if e)
    tmp = a.out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        meta = dict(engine=a.engine, how=HOW[a.engine].format(**versions()), seconds=round(seconds, 2),
                    queries=len(queries), errors=errors)
        f.write(json.dumps({"meta": meta}, ensure_ascii=False) + "\n")
        for q, (paths, errs) in zip(queries, answers):
            f.write(json.dumps(dict(id=q["id"], paths=paths, errors=errs), ensure_ascii=False) + "\n")
    os.replace(tmp, a.out)
    print(f"engines.py: {a.engine}: {len(queries)} queries in {seconds:.1f} s ({errors} errors)", file=sys.stderr)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Loads every .txt file under DIR into a fresh SQLite FTS5 table at DB, the indexing peer of
bench/indexing/run.sh: fts5(path UNINDEXED, body, tokenize='unicode61 remove_diacritics 2'),
as bench/relevance/engines.py builds it. Usage: fts5_load.py DIR DB"""
import os
import sqlite3
import sys


def documents(root):
    for dirpath, _, files in os.walk(root):
        for name in sorted(files):
            if name.endswith(".txt"):
                path = os.path.join(dirpath, name)
                with open(path, encoding="utf-8", errors="replace") as f:
                    yield os.path.relpath(path, root), f.read().replace("\x00", " ")


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: fts5_load.py DIR DB")
    root, db = sys.argv[1], sys.argv[2]
    if os.path.exists(db):
        os.remove(db)
    con = sqlite3.connect(db)
    con.execute("CREATE VIRTUAL TABLE docs USING fts5(path UNINDEXED, body, "
                "tokenize='unicode61 remove_diacritics 2')")
    con.executemany("INSERT INTO docs(path, body) VALUES (?, ?)", documents(root))
    con.commit()
    con.close()


if __name__ == "__main__":
    main()

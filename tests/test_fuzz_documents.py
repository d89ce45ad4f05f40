"""Mutated copies of every kind of sample document never cost the night.

Each sample is cut, has lines duplicated, shuffled or dropped, digits changed, or is written
in another encoding; the mutants go into one raw folder beside the samples and one real
nightly run loads them. The run publishes; every mutant ends loaded whole, set aside with a
reason, or (loaded) with findings; no document is half-loaded.
"""

from __future__ import annotations

import random
import re
import shutil

import duckdb

from orchestration.extract.registry import RAW_TABLES
from orchestration.warehouse import store

from .conftest import RAW

SEED = 19


def _mutants(name: str, data: bytes, rng: random.Random) -> dict[str, bytes]:
    text = data.decode("utf-8")
    lines = text.split("\n")
    n = len(lines)

    def some_lines() -> tuple[int, int]:
        a = rng.randrange(n)
        return a, min(n, a + rng.randint(2, 40))

    a, b = some_lines()
    shuffled = lines[a:b]
    rng.shuffle(shuffled)
    c, d = some_lines()
    digits = re.sub(r"\d", lambda m: str(rng.randrange(10)) if rng.random() < 0.05 else m[0],
                    text)
    raw = text.encode("utf-8")
    stem = name.removesuffix(".txt")
    return {
        f"{stem}_cut_head.txt": "\n".join(lines[: n // 3]).encode(),
        f"{stem}_cut_tail.txt": "\n".join(lines[n // 2:]).encode(),
        f"{stem}_cut_bytes.txt": raw[: len(raw) * 2 // 3 + 1],  # maybe inside a character
        f"{stem}_dup_lines.txt": "\n".join(lines[:b] + lines[a:]).encode(),
        f"{stem}_shuffled.txt": "\n".join(lines[:a] + shuffled + lines[b:]).encode(),
        f"{stem}_dropped.txt": "\n".join(lines[:c] + lines[d:]).encode(),
        f"{stem}_digits.txt": digits.encode(),
        f"{stem}_gb18030.txt": text.encode("gb18030"),
        f"{stem}_utf16.txt": text.encode("utf-16"),
        f"{stem}_crlf_bom.txt": b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode(),
    }


def test_mutated_documents_load_whole_are_set_aside_or_give_findings(tmp_path, run_nightly):
    rng = random.Random(SEED)
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    for doc in sorted(RAW.glob("*.txt")):
        for name, data in _mutants(doc.name, doc.read_bytes(), rng).items():
            (raw / name).write_bytes(data)
    names = [d.name for d in store.list_documents(raw)]
    assert len(names) == 55

    load = run_nightly(raw, tmp_path / "wh" / "perf.duckdb")
    assert load.result.success
    with duckdb.connect(str(load.warehouse), read_only=True) as con:
        status = dict(con.execute("select source_file, status from raw.documents").fetchall())
        reasons = {f for (f,) in con.execute("select source_file from raw.load_errors")
                   .fetchall()}
        rows = {(t, f): n for t in RAW_TABLES for f, n in con.execute(
            f"select source_file, count(*) from raw.{t} group by 1").fetchall()}
        mart_rows = dict(con.execute(
            "select source_file, count(*) from fct_project_year group by 1").fetchall())
    assert set(status) == set(names)
    mutants = {status[n] for n in names if n not in {d.name for d in RAW.glob("*.txt")}}
    assert mutants == {"loaded", "rejected"}  # the mutations reach both outcomes
    for name in names:
        assert status[name] in ("loaded", "rejected")
        if status[name] == "rejected":
            assert name in reasons, f"{name} set aside without a reason"
            assert not [t for t in RAW_TABLES if (t, name) in rows], f"{name} half-loaded"
            continue
        # Loaded whole: every row its extraction gives, in every raw table.
        extracted = store.extract_file(raw, name)
        assert extracted.error is None
        for table in RAW_TABLES:
            assert rows.get((table, name), 0) == len(extracted.tables.get(table, ())), \
                f"{name}: raw.{table}"
        if extracted.tables.get("self_evaluation_project") or \
                extracted.tables.get("declaration_project"):
            assert mart_rows.get(name), f"{name} loaded but absent from fct_project_year"

"""Extraction in worker processes stores exactly what extraction in the caller stores."""

from __future__ import annotations

import shutil
from pathlib import Path

from orchestration.extract import registry
from orchestration.synthetic.corpus import generate
from orchestration.warehouse import store
from orchestration.warehouse.raw_tables import SCHEMA

from .conftest import RAW

# Columns that record when, not what.
_WHEN = {"extracted_at", "detected_at"}


def _contents(path: Path) -> dict[str, list[tuple]]:
    con = store.open_store(path)
    try:
        out = {}
        for table in [*registry.RAW_TABLES, "store_documents", "store_errors"]:
            columns = [c for (c,) in con.execute(
                "select column_name from information_schema.columns "
                f"where table_schema = '{SCHEMA}' and table_name = '{table}' "
                "order by ordinal_position").fetchall() if c not in _WHEN]
            out[table] = con.execute(
                f"select {', '.join(columns)} from {SCHEMA}.{table} order by all").fetchall()
        return out
    finally:
        con.close()


def test_two_workers_store_what_one_stores(tmp_path):
    raw = tmp_path / "raw"
    generate(40, raw, seed=3)
    for sample in RAW.glob("*.txt"):
        shutil.copy(sample, raw / sample.name)
    (raw / "empty.txt").write_bytes(b"")
    (raw / "gbk.txt").write_bytes("绩效自评表".encode("gbk"))
    names = [p.relative_to(raw).as_posix() for p in store.document_files(raw)]
    version = store.extractor_version()

    stores = {}
    for workers in (1, 2):
        stores[workers] = tmp_path / f"store-{workers}.duckdb"
        con = store.open_store(stores[workers])
        try:
            outcomes = store.extract_into(con, raw, names, version, workers=workers,
                                          min_parallel=0)
        finally:
            con.close()
        assert [o.source_file for o in outcomes] == names
        errors = {o.source_file: (o.error.line, o.error.message) for o in outcomes if o.error}
        assert set(errors) == {"empty.txt", "gbk.txt"}

    one, two = _contents(stores[1]), _contents(stores[2])
    assert one["self_evaluation_indicator"] and len(one["store_documents"]) == len(names)
    assert one == two

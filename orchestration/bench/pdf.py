"""The PDF scale of `make bench`: the corpus's budget PDFs read for the first time (pages per
second on one core and on every core), the job's full load, and a night with every PDF
unchanged (none is opened: the store trusts size and mtime, then the content hash)."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import duckdb
import pypdfium2

from ..extract import registry
from ..extract.common import ExtractionError, SourceDocument
from ..settings import PROJECT_ROOT
from ..warehouse import store

CORPUS = PROJECT_ROOT / "tests" / "corpus" / "4_budget"


def pages(path: Path) -> int:
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def one_core(files: list[Path]) -> float:
    """Pages per CPU second through classify + extract, as the ingest calls them."""
    cpu = time.process_time()
    for path in files:
        try:
            doc = SourceDocument.from_bytes(path.name, path.read_bytes())
            registry.extract(doc)
        except ExtractionError:
            pass  # the scan is refused after its pages were looked at
    return sum(map(pages, files)) / (time.process_time() - cpu)


def every_core(raw: Path, work: Path) -> tuple[float, int]:
    """Pages per wall second of the ingest's own extraction into a new store, all workers."""
    con = store.open_store(work / "bench.extracts.duckdb")
    try:
        names = [d.name for d in store.list_documents(raw)]
        started = time.perf_counter()
        store.extract_into(con, raw, names, store.extractor_version())
        wall = time.perf_counter() - started
    finally:
        con.close()
    return sum(pages(raw / n) for n in names) / wall, store.extract_workers()


def bench_pdf(work: Path, run_job) -> dict:
    raw = work / "raw-pdf"
    raw.mkdir(parents=True)
    for pdf in sorted(CORPUS.glob("*.pdf")):
        shutil.copy(pdf, raw / pdf.name)
    files = sorted(raw.glob("*.pdf"))
    out: dict = {"documents": len(files), "pages": sum(map(pages, files))}
    print(f"[pdf] {out['documents']} PDFs, {out['pages']} pages; one core", flush=True)
    out["pages_per_s_one_core"] = round(one_core(files), 1)
    print(f"[pdf] {out['pages_per_s_one_core']} pages/s; every core", flush=True)
    rate, workers = every_core(raw, work)
    out["pages_per_s_all_cores"], out["workers"] = round(rate, 1), workers
    out["cores"] = os.cpu_count()
    print(f"[pdf] {out['pages_per_s_all_cores']} pages/s on {workers}; full load", flush=True)
    warehouse = work / "warehouse-pdf" / "perf.duckdb"
    out["full"] = run_job(raw, warehouse, work / "dagster-pdf")
    print(f"[pdf] full load {out['full']['seconds']} s; unchanged night", flush=True)
    out["unchanged"] = run_job(raw, warehouse, work / "dagster-pdf")
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        out["loaded"] = con.execute(
            "select count(*) from raw.documents where status = 'loaded'").fetchone()[0]
    finally:
        con.close()
    print(f"[pdf] unchanged night {out['unchanged']['seconds']} s", flush=True)
    return out

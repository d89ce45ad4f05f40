"""`python -m orchestration.bench [--scales 1 1000 ...]`: measure, then write docs/benchmarks.md.

Scale 1 is the sample documents (raw/documents); scale pdf is the corpus's budget PDFs
(tests/corpus, bench/pdf.py: pages per second read for the first time, and a night with every
PDF unchanged); any other scale is that many generated documents (orchestration.synthetic,
seed 0, the default inconsistency share). Per scale:
extraction alone in this process (one core), the real nightly job end to end in a subprocess
(as `make run` starts it, with PERFWH_RAW_DIR, PERFWH_WAREHOUSE and DAGSTER_HOME in a
temporary folder), its step times from the run's event log, the peak memory of its process
tree, and an incremental night (one document changed, the job run again). Start-up costs are
measured once. Results are kept in docs/benchmarks.json, so scales can be run separately.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ..extract import registry
from ..extract.common import SourceDocument
from ..settings import DBT_EXECUTABLE, DBT_PROJECT_DIR, PROJECT_ROOT
from ..synthetic.corpus import generate
from ..warehouse.ingest import document_files
from . import measure, report, stages
from .pdf import bench_pdf

RESULTS = PROJECT_ROOT / "docs" / "benchmarks.json"
REPORT = PROJECT_ROOT / "docs" / "benchmarks.md"
NOTES = PROJECT_ROOT / "docs" / "benchmarks-notes.md"  # the hand-written analysis, appended
SAMPLES = PROJECT_ROOT / "raw" / "documents"
MIN_EXTRACT_SECONDS = 2.0  # small corpora are extracted repeatedly for a stable rate


def extraction_rate(files: list[Path]) -> dict[str, float]:
    """Documents per second through classify + extract (as the ingest calls them), one core."""
    docs = 0
    wall = time.perf_counter()
    cpu = time.process_time()
    while True:
        for path in files:
            doc = SourceDocument.from_bytes(path.name, path.read_bytes())
            registry.classify(doc)
            registry.extract(doc)
        docs += len(files)
        if time.perf_counter() - wall >= MIN_EXTRACT_SECONDS:
            break
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {"docs_per_s_cpu": docs / cpu, "docs_per_s_wall": docs / wall}


def job_env(raw: Path, warehouse: Path, home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(PERFWH_RAW_DIR=str(raw), PERFWH_WAREHOUSE=str(warehouse), DAGSTER_HOME=str(home),
               DBT_PROFILES_DIR=str(DBT_PROJECT_DIR))
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


def dbt_slowest(limit: int = 5) -> list[tuple[str, float]]:
    """The slowest dbt nodes of the newest run_results.json (the transform step's own)."""
    found = sorted(DBT_PROJECT_DIR.glob("target/**/run_results.json"),
                   key=lambda p: p.stat().st_mtime)
    if not found:
        return []
    results = json.loads(found[-1].read_text())["results"]
    timed = sorted(((r["unique_id"], r["execution_time"]) for r in results),
                   key=lambda t: -t[1])
    return [(uid.split(".", 2)[-1], round(t, 2)) for uid, t in timed[:limit]]


def run_job(raw: Path, warehouse: Path, home: Path) -> dict:
    m = measure.run([sys.executable, "-m", "orchestration.nightly"],
                    env=job_env(raw, warehouse, stages.make_home(home)), cwd=PROJECT_ROOT)
    if m.returncode != 0:
        print(m.output[-3000:], file=sys.stderr)
    return {
        "ok": m.returncode == 0,
        "seconds": round(m.seconds, 2),
        "peak_tree_rss_mib": round(m.peak_tree_rss / 2**20),
        "peak_process_rss_mib": round(m.peak_process_rss / 2**20),
        "steps": {k: round(v, 2) for k, v in stages.last_run_steps(home).items()},
        "dbt_slowest": dbt_slowest(),
    }


def change_one_document(raw: Path) -> Path:
    """Another night: one document's bytes change (a trailing line), its content does not.
    The first self-evaluation: its night rebuilds the most models (a declaration's fewer)."""
    files = document_files(raw)
    path = next((f for f in files if registry.classify(
        SourceDocument.from_bytes(f.name, f.read_bytes())) == "self_evaluation"), files[0])
    path.write_bytes(path.read_bytes() + b"\n")
    return path


def bench_scale(scale: int, work: Path, seed: int) -> dict:
    raw = work / f"raw-{scale}"
    started = time.perf_counter()
    if scale == 1:
        shutil.copytree(SAMPLES, raw)
    else:
        generate(scale, raw, seed=seed)
    generated = time.perf_counter() - started
    files = document_files(raw)
    print(f"[{scale}] {len(files)} documents ({generated:.1f} s to prepare); extracting",
          flush=True)
    out: dict = {"documents": len(files), "prepare_seconds": round(generated, 1),
                 "extraction": extraction_rate(files)}
    print(f"[{scale}] extraction {out['extraction']['docs_per_s_cpu']:.0f} docs/s; full load",
          flush=True)
    warehouse = work / f"warehouse-{scale}" / "perf.duckdb"
    # As `make run` does: dbt's manifest prepared for this warehouse path (the profile names
    # it), so the job's dbt build parses partially, as a deployment's does every night.
    started = time.perf_counter()
    subprocess.run([DBT_EXECUTABLE, "parse", "--quiet"], cwd=DBT_PROJECT_DIR, check=True,
                   env=job_env(raw, warehouse, work / f"dagster-{scale}"))
    out["manifest_seconds"] = round(time.perf_counter() - started, 1)
    out["full"] = run_job(raw, warehouse, work / f"dagster-{scale}")
    print(f"[{scale}] full load {out['full']['seconds']} s; incremental night", flush=True)
    out["changed_document"] = change_one_document(raw).name
    out["incremental"] = run_job(raw, warehouse, work / f"dagster-{scale}")
    print(f"[{scale}] incremental {out['incremental']['seconds']} s", flush=True)
    if warehouse.exists():
        out["warehouse_mib"] = round(warehouse.stat().st_size / 2**20, 1)
    shutil.rmtree(raw, ignore_errors=True)
    return out


def startup_costs() -> dict[str, float]:
    """Fixed costs every run pays, each in a fresh interpreter (seconds, wall)."""
    py = sys.executable
    steps = {
        "python": [py, "-c", "pass"],
        "import dagster": [py, "-c", "import dagster"],
        "import dagster_dbt": [py, "-c", "import dagster_dbt"],
        "import dbt (cli)": [py, "-c", "import dbt.cli.main"],
        "import great_expectations": [py, "-c", "import great_expectations"],
        "import duckdb + pandas": [py, "-c", "import duckdb, pandas"],
        "load definitions (prepared manifest)": [py, "-c",
                                                 "from orchestration.definitions import defs"],
        "dbt parse (partial parse)": [DBT_EXECUTABLE, "parse", "--quiet"],
        "dbt parse (full, --no-partial-parse)": [DBT_EXECUTABLE, "parse", "--quiet",
                                                 "--no-partial-parse"],
    }
    env = dict(os.environ, DBT_PROFILES_DIR=str(DBT_PROJECT_DIR))
    out = {}
    for name, cmd in steps.items():
        m = measure.run(cmd, env=env, cwd=DBT_PROJECT_DIR if Path(cmd[0]).name == "dbt"
                        else PROJECT_ROOT)
        out[name] = round(m.seconds, 2)
        print(f"[start-up] {name}: {out[name]} s", flush=True)
    # The full parse leaves a fresh manifest, the same one `make manifest` writes.
    return out


def machine() -> dict[str, str]:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               "?")
    mem = next(line.split(":", 1)[1].strip() for line in
               Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, cwd=PROJECT_ROOT).stdout.strip()
    # The bench's own output files do not make the measured code "changed".
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", ".",
                            f":!{RESULTS.relative_to(PROJECT_ROOT)}",
                            f":!{REPORT.relative_to(PROJECT_ROOT)}"],
                           capture_output=True, text=True, cwd=PROJECT_ROOT).stdout.strip()
    return {"cores": str(os.cpu_count()), "cpu": cpu, "memory": mem,
            "python": sys.version.split()[0], "commit": commit + ("+changes" if dirty else ""),
            "date": dt.date.today().isoformat(),
            "load_average": " ".join(f"{x:.1f}" for x in os.getloadavg())}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m orchestration.bench")
    parser.add_argument("--scales", nargs="+", default=["1", "1000", "10000", "100000", "pdf"],
                        help="numbers of documents (1: the samples), or pdf: the corpus PDFs")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-startup", action="store_true", help="skip the start-up costs")
    args = parser.parse_args(argv)
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {"scales": {}}
    with tempfile.TemporaryDirectory(prefix="perfwh-bench-") as tmp:
        for scale in args.scales:
            if scale == "pdf":
                results["pdf"] = {**bench_pdf(Path(tmp), run_job), "machine": machine()}
            else:
                results["scales"][scale] = {**bench_scale(int(scale), Path(tmp), args.seed),
                                            "machine": machine()}
            RESULTS.parent.mkdir(exist_ok=True)
            RESULTS.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    if not args.no_startup:
        results["startup"] = {**startup_costs(), "machine": machine()}
    RESULTS.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    notes = NOTES.read_text(encoding="utf-8") if NOTES.exists() else ""
    REPORT.write_text(report.markdown(results, notes), encoding="utf-8")
    print(f"wrote {REPORT.relative_to(PROJECT_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

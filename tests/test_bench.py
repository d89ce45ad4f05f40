"""The benchmark's measuring parts: memory of a process tree, and targets marked in the report."""

from __future__ import annotations

import sys

from orchestration.bench import measure, report

ALLOCATE = "x = bytearray({mib} * 2**20); x[::4096] = b'1' * len(x[::4096]); import time; " \
           "time.sleep(0.5)"


def test_peak_memory_counts_the_child_of_the_child():
    inner = ALLOCATE.format(mib=200)
    outer = (f"import subprocess, sys; {ALLOCATE.format(mib=100)}; "
             f"subprocess.run([sys.executable, '-c', {inner!r}], check=True)")
    m = measure.run([sys.executable, "-c", outer])
    assert m.returncode == 0
    assert m.peak_process_rss >= 200 * 2**20  # the grandchild, waited for by its parent
    assert m.peak_tree_rss >= 300 * 2**20  # both alive at once


def _result(full: float, incremental: float, rate: float, rss: int) -> dict:
    job = {"ok": True, "seconds": full, "peak_tree_rss_mib": rss, "steps": {}}
    return {"machine": {"date": "d", "commit": "c", "load_average": "0"},
            "extraction": {"docs_per_s_cpu": rate},
            "full": job, "incremental": {**job, "seconds": incremental}}


def test_report_marks_missed_targets():
    text = report.markdown({"scales": {
        "10000": _result(full=80, incremental=25, rate=2500, rss=100),
        "100000": _result(full=700, incremental=10, rate=1500, rss=5000),
    }})
    row_10k, row_100k = (line for line in text.splitlines() if line.startswith("| 10"))
    assert row_10k.count("missed") == 1  # only the incremental night
    assert row_100k.count("missed") == 3  # extraction, full load, memory


def test_report_keeps_the_hand_written_notes():
    results = {"scales": {"10000": _result(full=80, incremental=25, rate=2500, rss=100)}}
    assert "## Where the time goes" not in report.markdown(results)
    text = report.markdown(results, notes="## Where the time goes\n\ndbt's per-node cost.\n")
    assert text.rstrip().endswith("## Where the time goes\n\ndbt's per-node cost.")

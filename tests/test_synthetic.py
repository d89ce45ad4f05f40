"""The synthetic corpus: deterministic, readable by the extractors, and its injected
inconsistencies are exactly what the real nightly job's audit finds."""

from __future__ import annotations

from decimal import Decimal

import duckdb
import pytest

from orchestration.extract import registry
from orchestration.extract.common import SourceDocument
from orchestration.synthetic import corpus, forms
from orchestration.synthetic.__main__ import main as cli


def _files(folder) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path):
    for name, seed in (("a", 7), ("b", 7), ("c", 8)):
        assert cli(["generate", "25", "--out", str(tmp_path / name), "--seed", str(seed),
                    "--inconsistency-share", "0.2"]) == 0
    a, b, c = (_files(tmp_path / n) for n in "abc")
    assert a == b
    assert len(a) == 26 and corpus.MANIFEST in a
    assert a != c


def test_manifest_is_ignored_by_the_scanner(tmp_path):
    from orchestration.warehouse.ingest import document_files

    corpus.generate(5, tmp_path, seed=1, inconsistency_share=1.0)
    names = {p.name for p in document_files(tmp_path)}
    assert len(names) == 5 and corpus.MANIFEST not in names
    assert {row["file"] for row in corpus.read_manifest(tmp_path)} == names


def _indicator_rows(form) -> list[tuple]:
    if isinstance(form, forms.SelfEvaluationForm):
        return [(i.level1, i.level2, i.name, i.target, i.actual, i.weight, i.score, i.note)
                for i in form.indicators]
    return [(i.level1, i.level2, i.name, i.target) for i in form.indicators]


def _extracted_rows(extraction) -> list[tuple]:
    if extraction.document_kind == "self_evaluation":
        return [(r.level1, r.level2, r.indicator_name, r.target_raw, r.actual_raw, r.weight,
                 r.score_reported, r.deviation_note)
                for r in extraction.tables["self_evaluation_indicator"]]
    return [(r.level1, r.level2, r.indicator_name, r.target_raw)
            for r in extraction.tables["declaration_indicator"]]


@pytest.mark.parametrize("seed", [0, 1])
def test_every_document_extracts_to_what_was_drawn(seed):
    """Every document reads without error, and every printed figure comes back as drawn."""
    n_indicators = n_se_forms = 0
    for doc in corpus.plan(300, seed, 0.1):
        text, _, drawn = corpus.render_document(doc, seed)
        extraction = registry.extract(SourceDocument.from_bytes("x.txt", text.encode()))
        assert extraction.document_kind == doc.kind
        assert _extracted_rows(extraction) == [r for f in drawn for r in _indicator_rows(f)]
        if doc.kind == "self_evaluation":
            projects = extraction.tables["self_evaluation_project"]
            assert [(p.project_name, p.unit_name, p.fiscal_year, p.total_weight,
                     p.total_score_reported, p.grade_reported) for p in projects] == [
                (f.project, f.unit, f.year, f.total_weight, f.total_score, f.grade)
                for f in drawn]
            funding = extraction.tables["self_evaluation_funding"]
            assert [(r.full_year_budget_wan, r.executed_wan, r.execution_rate_pct, r.score)
                    for r in funding] == [
                (r.full_year, r.executed, r.rate, r.score) for f in drawn for r in f.funding]
            n_se_forms += len(drawn)
            n_indicators += sum(len(f.indicators) for f in drawn)
        else:
            projects = extraction.tables["declaration_project"]
            assert [(p.project_name, p.year_request_yuan, p.year_appropriation_yuan,
                     str(p.planned_end)) for p in projects] == [
                (f.project, f.year_request, f.appropriation, f.planned_end) for f in drawn]
    assert 12 <= n_indicators / n_se_forms <= 18  # about 15 per self-evaluation


def test_consistent_forms_follow_the_rules():
    """Spot-check the arithmetic the corpus promises, on forms without an injection."""
    for doc in corpus.plan(60, 3, 0.0):
        _, injected, drawn = corpus.render_document(doc, 3)
        assert not injected
        for f in drawn:
            if not isinstance(f, forms.SelfEvaluationForm):
                assert f.appropriation + f.carryover + f.other == f.year_request
                continue
            total, *sources = f.funding
            for col in ("initial", "full_year", "executed"):
                assert sum(getattr(r, col) for r in sources) == getattr(total, col)
            rate = (total.executed * 100 / total.full_year).quantize(Decimal("0.01"),
                                                                      rounding="ROUND_DOWN")
            assert total.rate == rate
            assert f.total_score == total.score + sum(i.score for i in f.indicators)
            assert total.weight + sum(i.weight for i in f.indicators) == f.total_weight


def test_nightly_job_finds_exactly_the_injected_inconsistencies(tmp_path, run_nightly):
    raw = tmp_path / "raw"
    paths = corpus.generate(40, raw, seed=5, inconsistency_share=0.25)
    manifest = corpus.read_manifest(raw)
    assert len({row["file"] for row in manifest}) == 10
    assert len({row["injection"] for row in manifest}) >= 6
    load = run_nightly(raw, tmp_path / "warehouse" / "perf.duckdb")
    assert load.result.success
    con = duckdb.connect(str(load.warehouse), read_only=True)
    try:
        loaded = con.execute("select count(*) from raw.documents where status = 'loaded'")
        assert loaded.fetchone()[0] == len(paths)
        found = set(con.execute("select source_file, check_id from audit_findings").fetchall())
    finally:
        con.close()
    expected = {(row["file"], row["check_id"]) for row in manifest}
    assert found == expected
    clean = {p.name for p in paths} - {row["file"] for row in manifest}
    assert not {f for f, _ in found} & clean

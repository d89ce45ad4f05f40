"""A seeded corpus of synthetic documents, with a manifest of the inconsistencies put in.

Deterministic: the plan (units, which projects each document holds, which documents get an
inconsistency) comes from one generator seeded with `seed`; each document is then drawn from its
own generator seeded with (seed, index), so the same seed gives byte-identical files.
"""

from __future__ import annotations

import csv
import hashlib
import io
import random
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from . import forms, inject, render_declaration, render_self_evaluation, vocab

# Starts with a dot: the raw-folder scanner skips it (orchestration/warehouse/ingest.py).
MANIFEST = ".injected.csv"
MANIFEST_COLUMNS = ("file", "injection", "check_id", "project_name")
YEARS = tuple(range(2019, 2026))
KIND_SHARES = (("self_evaluation", 0.6), ("target_declaration", 0.4))
FORMS_PER_DOCUMENT = ((1, 0.7), (2, 0.2), (3, 0.07), (4, 0.03))
MISS_RATE = 0.12  # share of indicators whose target is missed


@dataclass(frozen=True)
class Unit:
    name: str
    department: str
    projects: tuple[tuple[str, str, str], ...]  # (name, object, activity)


@dataclass(frozen=True)
class PlannedDocument:
    index: int
    kind: str
    unit: Unit
    year: int
    projects: tuple[tuple[str, str, str], ...]
    injection: str | None


def _weighted(rng: random.Random, choices) -> object:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def make_units(rng: random.Random, n: int) -> list[Unit]:
    combos = [(d, dept, t) for d in vocab.DISTRICTS for dept in vocab.DEPARTMENTS
              for t in vocab.UNIT_TYPES]
    rng.shuffle(combos)
    names = [(o, a, s) for o in vocab.PROJECT_OBJECTS for a in vocab.PROJECT_ACTIVITIES
             for s in vocab.PROJECT_SUFFIXES]
    units = []
    for district, (department, stem), unit_type in combos[:n]:
        pool = rng.sample(names, rng.randint(12, 40))
        units.append(Unit(f"{district}{stem}{unit_type}", department,
                          tuple((o + a + s, o, a) for o, a, s in pool)))
    return units


def plan(n: int, seed: int, inconsistency_share: float) -> list[PlannedDocument]:
    """Which unit, year, kind and projects each document holds; no project twice a year."""
    rng = random.Random(seed)
    units = make_units(rng, max(150, min(n // 6, 6000)))
    injected = set(rng.sample(range(n), round(n * inconsistency_share)))
    used: set[tuple[str, str, int, str]] = set()  # (unit, project, year, kind)
    cycles = {"self_evaluation": inject.SELF_EVALUATION, "target_declaration": inject.DECLARATION}
    turns = dict.fromkeys(cycles, 0)  # injections take turns, so a small corpus has every kind
    docs = []
    for i in range(n):
        kind = str(_weighted(rng, KIND_SHARES))
        want = int(_weighted(rng, FORMS_PER_DOCUMENT))  # type: ignore[call-overload]
        while True:
            unit, year = rng.choice(units), rng.choice(YEARS)
            free = [p for p in unit.projects if (unit.name, p[0], year, kind) not in used]
            if free:
                break
        projects = tuple(rng.sample(free, min(want, len(free))))
        used.update((unit.name, p[0], year, kind) for p in projects)
        injection = None
        if i in injected:
            injection = cycles[kind][turns[kind] % len(cycles[kind])]
            turns[kind] += 1
        docs.append(PlannedDocument(i, kind, unit, year, projects, injection))
    return docs


def _goal(rng: random.Random, obj: str, activity: str) -> str:
    lead, result = rng.choice(vocab.GOAL_LEADS), rng.choice(vocab.GOAL_RESULTS)
    return f"{lead}做好{obj}{activity}工作，{result}。"


def self_evaluation_form(rng: random.Random, doc: PlannedDocument,
                         project: tuple[str, str, str]) -> forms.SelfEvaluationForm:
    weight = Decimal(rng.choice(("10.00", "10.00", "10.00", "20.00", "15.00")))
    funding = forms.funding_rows(rng, weight)
    total_weight = Decimal("100.00")
    indicators = forms.draw_indicators(rng, total_weight - weight, MISS_RATE)
    total = funding[0].score + sum((i.score for i in indicators), Decimal(0))
    return forms.SelfEvaluationForm(
        doc.year, project[0], doc.unit.department, doc.unit.name, funding,
        _goal(rng, project[1], project[2]), rng.choice(vocab.ACTUAL_RESULTS) + "。",
        indicators, total_weight, total, forms.grade(total),
    )


def declaration_form(rng: random.Random, doc: PlannedDocument,
                     project: tuple[str, str, str]) -> forms.DeclarationForm:
    request = forms.half_up(Decimal(rng.randint(30_000, 60_000_000)))
    carryover = Decimal(0) if rng.random() < 0.8 else forms.half_up(request * Decimal("0.1"))
    other = Decimal(0) if rng.random() < 0.9 else forms.half_up(request * Decimal("0.05"))
    indicators = forms.draw_indicators(rng, Decimal(90), 0.0)
    start = f"{doc.year}-01-01" if rng.random() < 0.85 else f"{doc.year}-{rng.randint(2, 6):02d}-01"
    return forms.DeclarationForm(
        doc.year, project[0], doc.unit.department, doc.unit.name,
        rng.choice(vocab.PROJECT_NATURES), rng.choice(vocab.PROJECT_CATEGORIES),
        start, f"{doc.year}-12-31", request, request - carryover - other, carryover, other,
        _goal(rng, project[1], project[2]), indicators,
    )


def render_document(
    doc: PlannedDocument, seed: int
) -> tuple[str, list[tuple[str, str, str]], list[forms.SelfEvaluationForm | forms.DeclarationForm]]:
    """The document's text, its injections as (injection, check_id, project) rows, its forms."""
    rng = random.Random(f"{seed}/{doc.index}")
    target = rng.randrange(len(doc.projects))
    lines: list[str] = []
    injected: list[tuple[str, str, str]] = []
    drawn: list[forms.SelfEvaluationForm | forms.DeclarationForm] = []
    page = 1
    for k, project in enumerate(doc.projects):
        if doc.kind == "self_evaluation":
            form = self_evaluation_form(rng, doc, project)
            if doc.injection and k == target:
                checks = inject.inject_self_evaluation(form, doc.injection, rng)
                injected += [(doc.injection, c, form.project) for c in checks]
            lines += render_self_evaluation.render(form, rng, page)
            drawn.append(form)
        else:
            dform = declaration_form(rng, doc, project)
            if doc.injection and k == target:
                checks = inject.inject_declaration(dform, doc.injection, rng)
                injected += [(doc.injection, c, dform.project) for c in checks]
            lines += render_declaration.render(dform, rng, page)
            drawn.append(dform)
        page += 2
    return "\n".join(lines) + "\n", injected, drawn


def generate(n: int, out: Path, seed: int = 0, inconsistency_share: float = 0.05) -> list[Path]:
    """Write n documents and the manifest into out; return the documents' paths."""
    out.mkdir(parents=True, exist_ok=True)
    width = max(3, len(str(n - 1)))
    manifest = io.StringIO()
    writer = csv.writer(manifest, lineterminator="\n")
    writer.writerow(MANIFEST_COLUMNS)
    paths = []
    for doc in plan(n, seed, inconsistency_share):
        text, injected, _ = render_document(doc, seed)
        data = text.encode("utf-8")
        path = out / f"{doc.index:0{width}d}_{hashlib.sha256(data).hexdigest()[:16]}.txt"
        path.write_bytes(data)
        paths.append(path)
        writer.writerows((path.name, *row) for row in injected)
    (out / MANIFEST).write_text(manifest.getvalue(), encoding="utf-8")
    return paths


def read_manifest(out: Path) -> list[dict[str, str]]:
    with (out / MANIFEST).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))

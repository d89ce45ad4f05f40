"""Record classes: the generated build (every field but the provenance by keyword) makes the
same row as the class call, and rows stay frozen."""

from __future__ import annotations

import dataclasses

import pytest

from orchestration.extract import registry
from orchestration.extract.common import PROVENANCE_FIELDS, SourceDocument

DOC = SourceDocument("x.txt", "0" * 64, "text")


@pytest.mark.parametrize("table", sorted(registry.RAW_TABLES))
def test_build_makes_the_row_the_class_call_makes(table):
    cls = registry.RAW_TABLES[table]
    own = {f.name: f"v{k}" for k, f in enumerate(dataclasses.fields(cls))
           if f.name not in PROVENANCE_FIELDS}
    built = cls.build(DOC, "kind", 3, 5, 7, **own)
    called = cls(source_file="x.txt", source_sha256="0" * 64, document_kind="kind",
                 line_start=3, line_end=5, seq=7, **own)
    assert type(built) is cls
    assert built == called
    assert list(vars(built).items()) == list(vars(called).items())  # same fields, same order
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.seq = 8  # type: ignore[misc]


def test_build_names_its_fields():
    cls = registry.RAW_TABLES["self_evaluation_funding"]
    with pytest.raises(TypeError):
        cls.build(DOC, "kind", 1, 1, 1, project_name="p")  # the other fields missing

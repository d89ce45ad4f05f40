"""Hand-read figures of the corpus (`tests/corpus/expected.csv`) found among extracted rows.

A figure is found when a row of its file, printed on its page, carries its label (a code, a
line or item name, a 三公 column, a narrative clause) and its value, in the column the note
names ("人员经费 column") when it names one. Rows are dicts as read from the raw tables.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

CORPUS = Path(__file__).parent / "corpus"
EXPECTED = CORPUS / "expected.csv"
YUAN_PER = {"元": Decimal(1), "万元": Decimal(10_000)}
# Words of a note naming the column a figure is printed in -> the row's fields for it.
NOTE_COLUMNS = (
    ("人员经费 column", ("personnel_yuan",)),
    ("公用经费 column", ("public_yuan",)),
    ("基本支出 column", ("basic_yuan",)),
    ("项目支出 column", ("project_yuan",)),
    ("本年支出合计 column", ("expenditure_yuan",)),  # before 合计, which it ends with
    ("合计 column", ("total_yuan", "amount_yuan")),
)
AMOUNT_FIELDS = ("total_yuan", "appropriation_yuan", "business_income_yuan",
                 "operating_income_yuan", "other_income_yuan", "basic_yuan", "project_yuan",
                 "personnel_yuan", "public_yuan", "amount_yuan", "general_budget_yuan",
                 "gov_fund_yuan", "state_capital_yuan",
                 # 决算 lines
                 "carryover_start_yuan", "income_yuan", "upper_grant_yuan",
                 "affiliated_income_yuan", "expenditure_yuan", "to_upper_yuan",
                 "operating_expenditure_yuan", "affiliated_subsidy_yuan", "carryover_end_yuan")
# The 三公 table's column words as expected.csv names them -> the items they may be.
THREE_PUBLIC_LABELS = {
    "合计": {"total", "grand_total"},  # with 会议费 and 培训费 beside 三公, 合计 is all of them
    "小计": {"total", "official_vehicles"},  # the 三公 subtotal, or the vehicles' one
    "因公出国(境)费": {"overseas_travel"},
    "公务接待费": {"official_reception"},
    "机关运行经费预算数": {"office_operation"},
}
# A 决算's 三公 table prints the 预算数 and the 决算数: a figure labelled by its stage is the
# stage's total.
THREE_PUBLIC_STAGES = {"预算数": "budget", "决算数": "final"}
_YEAR = re.compile(r"^(?:19|20)\d{2}年度?")
_MARKER = re.compile(
    r"^(?:[一二三四五六七八九十]+、|\d+[.、．]\s*|[（(][一二三四五六七八九十\d]+[)）])")


@dataclass(frozen=True)
class Figure:
    file: str
    page: int
    kind: str
    label: str
    value: Decimal
    unit: str
    note: str

    @property
    def narrative(self) -> bool:
        return self.note.startswith("narrative")

    @property
    def scanned(self) -> bool:
        return self.note.startswith("scanned")


def rows_by_file(warehouse: Path, tables: tuple[str, ...]) -> dict[str, dict[str, list[dict]]]:
    """source file -> raw table -> rows (as dicts, DECIMAL kept as Decimal) of a warehouse."""
    import duckdb

    out: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        for table in tables:
            cur = con.execute(f"select * from raw.{table}")
            names = [d[0] for d in cur.description]
            for values in cur.fetchall():
                row = dict(zip(names, values, strict=True))
                out[row["source_file"]][table].append(row)
    finally:
        con.close()
    return out


def figures(kind: str) -> list[Figure]:
    with EXPECTED.open(encoding="utf-8") as f:
        return [Figure(r["file"], int(r["page"]), r["kind"], r["label"], Decimal(r["value"]),
                       r["unit"], r["note"])
                for r in csv.DictReader(f) if r["kind"] == kind]


def norm(text: str | None) -> str:
    flat = "".join((text or "").split()).replace("（", "(").replace("）", ")")
    return _MARKER.sub("", _YEAR.sub("", flat))


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def found(fig: Figure, rows: dict[str, list[dict]]) -> bool:
    """Whether a row of `rows` (table -> rows of the figure's file) holds the figure."""
    label = norm(fig.label)
    if fig.narrative:
        return any(q["page"] == fig.page and Decimal(q["value"]) == fig.value
                   and q["unit"] == fig.unit and _subsequence(label, norm(q["label"]))
                   for q in [*rows.get("budget_quote", []), *rows.get("final_quote", [])])
    yuan = fig.value * YUAN_PER[fig.unit]
    columns = next((cols for words, cols in NOTE_COLUMNS if words in fig.note), AMOUNT_FIELDS)
    for r in [*rows.get("budget_line", []), *rows.get("final_line", [])]:
        names = {r["code"], norm(r["name"])} if r["code"] else {"合计", "总计"}
        if r["page"] == fig.page and label in names and any(
                r.get(c) is not None and Decimal(r[c]) == yuan for c in columns):
            return True
    for r in [*rows.get("budget_summary", []), *rows.get("final_summary", [])]:
        if r["page"] == fig.page and label == norm(r["item_name"]) and any(
                r.get(c) is not None and Decimal(r[c]) == yuan for c in columns):
            return True
    for r in [*rows.get("budget_other_amount", []), *rows.get("final_other_amount", [])]:
        if (r["page"] == fig.page and label == norm(r["row_label"])
                and Decimal(r["amount_yuan"]) == yuan):
            return True
    items = THREE_PUBLIC_LABELS.get(label, {label})
    for r in rows.get("budget_three_public", []):
        if (r["page"] == fig.page and r["item"] in items
                and r["amount_wan"] is not None
                and Decimal(r["amount_wan"]) * YUAN_PER["万元"] == yuan):
            return True
    stage = THREE_PUBLIC_STAGES.get(label)
    for r in rows.get("final_three_public", []):
        if (r["page"] == fig.page and Decimal(r["amount_wan"]) * YUAN_PER["万元"] == yuan
                and (r["item"] in items or (stage == r["stage"] and r["item"] == "total"))):
            return True
    return False

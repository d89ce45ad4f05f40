"""部门预算 extraction: golden rows, the document's own sums, code seeds, variations, bad text."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import json
import re
from collections import defaultdict
from decimal import Decimal

import pytest

from orchestration.extract import department_budget
from orchestration.extract.common import ExtractionError, SourceDocument

from .conftest import GOLDEN, RAW, ROOT

SAMPLE = "004_cacdc5d703bf78c7.txt"
PROVENANCE_ONLY = {"source_sha256", "source_file", "document_kind"}
SEEDS = ROOT / "dbt_project" / "seeds"
AMOUNTS = ("total_yuan", "appropriation_yuan", "business_income_yuan", "operating_income_yuan",
           "other_income_yuan", "basic_yuan", "project_yuan", "personnel_yuan", "public_yuan")
# Part columns that add up to a row's total_yuan.
PART_GROUPS = (
    ("appropriation_yuan", "business_income_yuan", "operating_income_yuan", "other_income_yuan"),
    ("basic_yuan", "project_yuan"),
    ("personnel_yuan", "public_yuan"),
)


def doc_of(name: str, text: str | None = None) -> SourceDocument:
    data = (RAW / name).read_bytes() if text is None else text.encode("utf-8")
    return SourceDocument.from_bytes(name, data)


def sample_text() -> str:
    return (RAW / SAMPLE).read_text(encoding="utf-8")


def as_golden(extraction) -> dict[str, list[dict]]:
    return {
        table: [{k: (str(v) if isinstance(v, Decimal) else v)
                 for k, v in dataclasses.asdict(r).items() if k not in PROVENANCE_ONLY}
                for r in rows]
        for table, rows in extraction.tables.items()
    }  # fmt: skip


def extract_text(text: str):
    return department_budget.extract(doc_of(SAMPLE, text))


def values_only(golden):
    """Rows without line numbers: a variation may move lines but not change values."""
    drop = {"line_start", "line_end"}
    return {t: [{k: v for k, v in r.items() if k not in drop and not k.endswith("_line")}
                for r in rows]
            for t, rows in golden.items()}


@pytest.fixture(scope="module")
def sample():
    return department_budget.extract(doc_of(SAMPLE))


# --- Golden rows -----------------------------------------------------------------------------


def test_golden_rows(sample):
    """Every field of every row equals the hand-checked golden file."""
    expected = json.loads((GOLDEN / SAMPLE.replace(".txt", ".json")).read_text(encoding="utf-8"))
    got = as_golden(sample)
    assert set(got) == set(expected)
    for table in expected:
        assert len(got[table]) == len(expected[table]), table
        for g, e in zip(got[table], expected[table], strict=True):
            assert g == e, (table, e["seq"])


def test_golden_decimals_compare_as_decimals(sample):
    expected = json.loads((GOLDEN / SAMPLE.replace(".txt", ".json")).read_text(encoding="utf-8"))
    for table, rows in sample.tables.items():
        for r, e in zip(rows, expected[table], strict=True):
            for f in dataclasses.fields(r):
                value = getattr(r, f.name)
                if isinstance(value, Decimal):
                    assert value == Decimal(e[f.name]) and str(value) == e[f.name]


def test_rows_carry_provenance(sample):
    data = (RAW / SAMPLE).read_bytes()
    lines = data.decode().split("\n")
    for table, rows in sample.tables.items():
        assert [r.seq for r in rows] == list(range(1, len(rows) + 1)), table
        for r in rows:
            assert r.source_file == SAMPLE
            assert r.source_sha256 == hashlib.sha256(data).hexdigest()
            assert r.document_kind == "department_budget"
            assert 1 <= r.line_start <= r.line_end <= len(lines)
    for r in sample.tables["budget_line"]:
        # The name is printed on one end of the row's span, the code (if any) on the other.
        assert r.name in (lines[r.line_start - 1] + lines[r.line_end - 1]).replace(" ", "")
        if r.code:
            spaced = " ".join([r.code[:3], *re.findall("..", r.code[3:])])
            assert spaced in lines[r.line_start - 1] + lines[r.line_end - 1]


def test_tables_and_counts(sample):
    per_table = defaultdict(int)
    for r in sample.tables["budget_line"]:
        per_table[r.table_name] += 1
    assert dict(per_table) == {
        "部门收入预算总表": 41,
        "部门支出预算总表": 41,
        "部门一般公共预算支出功能分类预算表": 41,
        "部门政府性基金预算支出功能分类预算表": 1,
        "部门一般公共预算基本支出部门预算经济分类预算表": 43,
    }
    assert {r.table_name for r in sample.tables["budget_summary"]} == {
        "部门财务收支预算总表", "部门财政拨款收支预算总表"}
    assert len(sample.tables["budget_three_public"]) == 7


# --- The document's own arithmetic (a completeness check of the rows) ------------------------


def _z(v):
    return v or Decimal(0)


def test_every_row_total_is_the_sum_of_its_parts(sample):
    for r in sample.tables["budget_line"]:
        for group in PART_GROUPS:
            if any(getattr(r, c) is not None for c in group):
                assert sum(_z(getattr(r, c)) for c in group) == r.total_yuan, (r.table_name, r.code)


def test_codes_add_up_to_their_parents_and_the_total(sample):
    by_table = defaultdict(list)
    for r in sample.tables["budget_line"]:
        by_table[r.table_name].append(r)
    for table, rows in by_table.items():
        codes = {r.code: r for r in rows}
        kids = defaultdict(list)
        for r in rows:
            if r.code:
                kids[r.parent_code].append(r)  # parent None: a 类, under the 合计 row
        for parent, children in kids.items():
            for col in AMOUNTS:
                assert sum(_z(getattr(k, col)) for k in children) == _z(
                    getattr(codes[parent], col)), (table, parent, col)


def test_summaries_add_up(sample):
    rows = sample.tables["budget_summary"]
    for table in {r.table_name for r in rows}:
        for side in ("income", "expenditure"):
            items = [r for r in rows if r.table_name == table and r.side == side]
            (total,) = [r for r in items if r.is_total]
            tops = [r for r in items if not r.is_total and r.parent_item is None]
            assert sum(_z(r.amount_yuan) for r in tops) == total.amount_yuan, (table, side)


def test_three_public_parts_add_up(sample):
    v = {r.item: r.amount_wan for r in sample.tables["budget_three_public"]}
    assert v["total"] == v["overseas_travel"] + v["official_reception"] + v["official_vehicles"]
    assert v["official_vehicles"] == v["vehicle_purchase"] + v["vehicle_operation"]


def test_tables_agree_with_each_other(sample):
    """The summary's 支出 items are the 类 of the 支出预算总表; the 财政拨款 summary's are the
    一般公共预算 table's; the economic table is that table's 基本支出."""
    lines = sample.tables["budget_line"]
    summary = sample.tables["budget_summary"]

    def classes(table, col="total_yuan"):
        return [getattr(r, col) for r in lines if r.table_name == table and r.level == "类"]

    def spent(table):
        return [r.amount_yuan for r in summary
                if r.table_name == table and r.side == "expenditure" and not r.is_total]

    assert spent("部门财务收支预算总表") == classes("部门支出预算总表")
    assert spent("部门财务收支预算总表") == classes("部门收入预算总表")
    assert spent("部门财政拨款收支预算总表") == classes("部门一般公共预算支出功能分类预算表")
    assert classes("部门收入预算总表", "appropriation_yuan") == classes(
        "部门一般公共预算支出功能分类预算表")
    (econ_total,) = [r for r in lines if r.classification == "economic" and r.code is None]
    (gen_total,) = [r for r in lines if r.table_name == "部门一般公共预算支出功能分类预算表"
                    and r.code is None]
    assert econ_total.total_yuan == gen_total.basic_yuan


# --- The code seeds --------------------------------------------------------------------------


def _seed(name: str) -> dict[str, dict]:
    with (SEEDS / name).open(encoding="utf-8", newline="") as f:
        return {row["code"]: row for row in csv.DictReader(f)}


def _function_codes(year: int) -> dict[str, dict]:
    """The function codes of seed classification_code_names with their names in `year`, level
    by length and parent by leading digits (as dim_budget_function builds them)."""
    with (SEEDS / "classification_code_names.csv").open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["classification"] == "function"
                and int(r["valid_from"] or 0) <= year <= int(r["valid_to"] or 9999)]
    levels = {3: ("类", 0), 5: ("款", 3), 7: ("项", 5)}  # level, parent's length
    return {r["code"]: {**r, "level": levels[len(r["code"])][0],
                        "parent_code": r["code"][:levels[len(r["code"])][1]]}
            for r in rows}


# Codes whose printed name differs from the 2018 政府收支分类科目 name: none in this document.
KNOWN_NAME_DIFFERENCES: dict[str, str] = {}


@pytest.mark.parametrize("classification", ["function", "economic"])
def test_every_code_is_in_the_seed_with_the_printed_name(sample, classification):
    """Every code the sample 2018 budget prints is in the seeds for 2018, with its level and
    parent: its function codes with their 2018 names in classification_code_names (which holds
    the corpus documents' codes too), its economic codes in budget_economic_codes."""
    codes = (_function_codes(2018) if classification == "function"
             else _seed("budget_economic_codes.csv"))
    printed = {r.code: r for r in sample.tables["budget_line"]
               if r.classification == classification and r.code}
    assert printed and set(printed) <= set(codes), set(printed) - set(codes)
    for code, r in printed.items():
        s = codes[code]
        assert (s["level"], s["parent_code"] or None) == (r.level, r.parent_code), code
        if code in KNOWN_NAME_DIFFERENCES:
            assert r.name == KNOWN_NAME_DIFFERENCES[code]
        else:
            assert r.name == s["name"], code


# --- Pure helpers ----------------------------------------------------------------------------


@pytest.mark.parametrize(("line", "once"), [
    ("合计合计", "合计"),
    ("204 02 19 52,634,989 52,634,989204 02 19 52,634,989 52,634,989",
     "204 02 19 52,634,989 52,634,989"),
    ("1 2 3 1 2 3 ", "1 2 3"),
    ("项目 预算数 项目 预算数", "项目 预算数 项目 预算数"),  # two sides, not a repetition
    (" 107,885,201 107,885,201", "107,885,201 107,885,201"),  # 合计 = 一般公共预算
    ("其他医疗卫生与计划生育支出", "其他医疗卫生与计划生育支出"),
])
def test_undouble(line, once):
    assert department_budget.undouble(line) == once


def test_placements_keep_the_total_first_and_the_order():
    d = [Decimal(5), Decimal(3)]
    assert department_budget.placements(d, 3) == [(5, 3, None), (5, None, 3)]
    assert department_budget.placements([], 2) == [(None, None)]
    assert department_budget.placements([Decimal(1), Decimal(1)], 2) == [(1, 1)]


# --- Variations a real corpus has ----------------------------------------------------------


def test_crlf_line_ends_give_the_same_rows_and_lines(sample):
    assert as_golden(extract_text(sample_text().replace("\n", "\r\n"))) == as_golden(sample)


def test_amounts_without_thousands_separators(sample):
    text = re.sub(r"(?<=\d),(?=\d{3})", "", sample_text())
    got, want = as_golden(extract_text(text)), as_golden(sample)
    for row in want["budget_quote"]:  # the text quoted keeps what is printed
        row["value_text"] = row["value_text"].replace(",", "")
    assert got == want


def test_thousands_separators_in_the_three_public_table():
    text = sample_text().replace("85,177.70", "1,085,177.70")
    (row,) = [r for r in extract_text(text).tables["budget_three_public"]
              if r.item == "office_operation"]
    assert row.amount_wan == Decimal("1085177.70") and str(row.amount_wan) == "1085177.70"


def test_column_and_title_aliases(sample):
    text = sample_text().replace("合计 人员经费 公用经费", "合计 人员经费 日常公用经费")
    text = text.replace("年部门财务收支预算总表", "年部门收支预算总表")
    got = values_only(as_golden(extract_text(text)))
    want = values_only(as_golden(sample))
    for r in want["budget_summary"]:
        if r["table_name"] == "部门财务收支预算总表":
            r["table_name"] = "部门收支预算总表"
    for r in want["budget_table"]:  # the title as printed
        if r["title"] == "部门财务收支预算总表":
            r["title"] = r["table_name"] = "部门收支预算总表"
    assert got == want


def test_page_numbers_and_blank_lines_moved(sample):
    """Page furniture and extra blank lines where another body's pages break."""
    text = sample_text()
    moved = text.replace("\n\n\n\n项目 支出预算", "\n\n- 7 -\n\n第 8 页\n\n\n\n\n项目 支出预算")
    moved = moved.replace("\n\n\n\n项目 一般公共预算基本支出", "\n项目 一般公共预算基本支出")
    moved = moved.replace("\n\n\n\n部门“三公”经费", "\n\n\n\n12 / 40\n\n部门“三公”经费")
    assert moved != text
    assert values_only(as_golden(extract_text(moved))) == values_only(as_golden(sample))


def test_names_after_the_codes_on_a_later_page(sample):
    """A body whose text prints every page's numbers first: names still follow codes in order."""
    lines = sample_text().split("\n")
    names, codes = lines[227:260], lines[261:295]  # page 2 of the 收入预算总表
    lines[227:295] = codes + names
    got = values_only(as_golden(extract_text("\n".join(lines))))
    assert got == values_only(as_golden(sample))


def test_name_printed_on_the_code_row():
    lines = sample_text().split("\n")
    assert lines[605] == "204 02 04 40,865,393 40,865,393" and lines[646] == "治安管理"
    lines[605] = "2040204 治安管理 40,865,393 40,865,393"
    del lines[646]
    rows = extract_text("\n".join(lines)).tables["budget_line"]
    table = [r for r in rows if r.table_name == "部门一般公共预算支出功能分类预算表"]
    assert [(r.code, r.name) for r in table[2:5]] == [
        ("2040201", "行政运行"), ("2040204", "治安管理"), ("2040206", "刑事侦查")]
    assert table[3].line_start == table[3].line_end == 606


def test_a_wrapped_name_leaves_only_its_page_unnamed(sample):
    text = sample_text().split("\n")
    assert text[457] == "机关事业单位基本养老保险缴费支出机关事业单位基本养老保险缴费支出"
    text[457] = "机关事业单位基本养老保\n险缴费支出"
    rows = [r for r in extract_text("\n".join(text)).tables["budget_line"]
            if r.table_name == "部门支出预算总表"]
    unnamed = [r.code for r in rows if r.name is None]
    assert unnamed[0] == "2040299" and unnamed[-1] == "210" and len(unnamed) == 17
    assert rows[0].name == "公共安全支出" and rows[-2].name == "购房补贴"


def test_a_line_printed_twice_counts_once(sample):
    row = "204 02 04 40,865,393 40,865,393"
    text = sample_text().replace(f"\n{row}\n", f"\n{row}{row}\n")
    assert text.count(row + row) == 3
    assert values_only(as_golden(extract_text(text))) == values_only(as_golden(sample))


def test_an_unbalanced_document_marks_the_rows_it_could_not_place():
    """Sums that do not hold: the row is kept, its placement is 'guessed', not 'inferred'."""
    lines = sample_text().split("\n")
    assert lines[362] == "204 02 04 40,865,393 40,865,393"
    lines[362] = "204 02 04 40,865,393 40,865,394"  # a part that is not its total
    rows = [r for r in extract_text("\n".join(lines)).tables["budget_line"]
            if r.table_name == "部门支出预算总表" and r.parent_code == "20402"]
    assert {r.placement for r in rows} >= {"guessed"}
    assert len(rows) == 13


def test_other_unit_is_an_error_naming_the_line():
    lines = sample_text().split("\n")
    assert lines[386] == "单位：元"
    lines[386] = "单位：万元"
    with pytest.raises(ExtractionError) as err:
        extract_text("\n".join(lines))
    assert err.value.line == 387 and "单位" in err.value.message


@pytest.mark.parametrize(("cut", "expect"), [
    (960, "合计"),  # inside the economic table's second page
    (1045, "amount line"),  # inside the 三公 table's header
    (1027, "three_public"),  # before the 三公 table
    (819, "economic"),  # after the 政府性基金 table
    (600, "amount lines"),  # the next table's first numbers run into the 财政拨款 summary
])
def test_truncated_copy_names_the_line(cut, expect):
    text = "\n".join(sample_text().split("\n")[:cut])
    with pytest.raises(ExtractionError) as err:
        extract_text(text)
    assert err.value.source_file == SAMPLE
    assert 1 <= err.value.line <= cut
    assert expect in err.value.message


def test_summary_amount_lines_missing_is_an_error():
    text = sample_text().replace("\n153,124,272\n", "\n", 1)
    with pytest.raises(ExtractionError) as err:
        extract_text(text)
    assert "amount lines" in err.value.message


# --- The text sections: quoted figures, the project and its targets --------------------------


def test_every_quote_is_printed_where_it_says(sample):
    lines = sample_text().split("\n")
    quotes = sample.tables["budget_quote"]
    for q in quotes:
        assert q.value_text in lines[q.value_line - 1], q.seq
        if q.label is not None:
            # the label's words after the gap are on the text line (wrapped heads come from above)
            after = q.label.split("□")[1]
            assert after.split()[0] in lines[q.label_line - 1], q.seq
    labelled = {q.label: q.value for q in quotes if q.label}
    # The quotes agree with the tables where both print the figure.
    three = {r.item: r.amount_wan for r in sample.tables["budget_three_public"]}
    assert labelled["年“三公”经费预算数为□万元"] == three["total"]
    assert labelled["（一）因公出国（境）费□万元"] == three["overseas_travel"]
    assert labelled["（二）公务用车购置及运行费□万元"] == three["official_vehicles"]
    assert labelled["年上海市公安局（部门）下属□万元"] == three["office_operation"]
    purchase = [labelled[f"政府采购{k}预算□万元"] for k in ("货物", "工程", "服务")]
    assert sum(purchase) == labelled["年本部门政府采购预算□万元"]


def test_project_targets_take_the_number_layer_in_row_order(sample):
    rows = sample.tables["budget_project_target"]
    assert [(r.indicator_name, r.target_operator, r.target_value, r.target_unit)
            for r in rows][:2] == [("社会保障卡制发卡数量", "≥", Decimal(500), "万张"),
                                   ("产品一次性合格率", "≥", Decimal(98), "%")]
    # A lost number: the count no longer fits the rows, so no row is filled (no guessing).
    text = replace_once(sample_text(), "\n85%\n\n85%\n", "\n85%\n")
    rows = extract_text(text).tables["budget_project_target"]
    assert len(rows) == 8
    assert all(r.target_number_text is None and r.target_value is None for r in rows)
    assert [r.target_text_printed for r in rows][:2] == ["≥ 万张", "≥"]


def test_text_sections_with_page_furniture_and_blank_lines(sample):
    text = replace_once(sample_text(), "    435 2017\n", "    435 2017\n\n- 31 -\n\n第 32 页\n\n")
    text = replace_once(text, "\n    2. 10,789\n", "\n\n\n    2. 10,789\n")
    got = values_only(as_golden(extract_text(text)))
    want = values_only(as_golden(sample))
    for table in ("budget_quote", "budget_project", "budget_project_target"):
        assert got[table] == want[table], table


def test_a_number_no_gap_fits_is_kept_without_a_label(sample):
    text = replace_once(sample_text(), "    4 2018    4 2018\n", "    4 2018    4 2018 7.5\n")
    quotes = [q for q in extract_text(text).tables["budget_quote"] if q.value_line == 1087]
    assert [(q.value_text, q.label is None) for q in quotes] == [
        ("4", False), ("2018", False), ("4", False), ("2018", True), ("7.5", True)]


def test_number_tokens():
    from orchestration.extract.budget_text import number_tokens
    assert number_tokens("    6. 58,288    6. 58,288") == ["58,288", "58,288"]
    assert number_tokens("98%98%") == ["98%", "98%"]
    assert number_tokens("(2018  )") == ["2018"]
    assert number_tokens("=100%") == ["=100%"]
    assert number_tokens("年上海市公安局（部门）下属 万元。") is None
    assert number_tokens("- 31 -") is None
    assert number_tokens("( )") is None


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)

"""财政项目支出绩效目标申报表 (performance target declaration) from tab-separated table text.

A document holds one form per project, each starting at its title line. Every table row is one
text line with its cells separated by tabs; a cell that wrapped in the original keeps its pieces
on the same line, joined by spaces ("项目 绩效 目标", "产出 指标"). A form:
- the year line "(2023年度)";
- the header rows: label cells (项目名称, 主管部门, ...) each followed by its value cell;
- the funding block "项目资金 (元)": the project-total side (项目资金总额, 财政资金, 其他资金)
  left of the year side (年度资金申请总额, 当年财政拨款, 上年结转资金, 其他资金), each label
  followed by its amount (the project-total side is often left empty);
- the goals: 项目总体目标 (with its period) and 年度总体目标 labels, their texts below them;
- the indicator table: 一级 / 二级 / 三级指标 and the 指标值.

The indicator rows are read by what the cells look like, not by column index: the printed
columns drift (a 满意度指标 row starting in the row-label column, a 三级指标 name in the 二级
column, the 指标值 in the fourth or fifth column). Level cells are recognised against the
indicator taxonomy and carried down (they are merged cells, printed on their group's first row
only); what remains of a row must be exactly its name and its 指标值.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .common import (
    Extraction,
    ExtractionError,
    Record,
    SourceDocument,
    amount_token,
    fast_init,
    line_indices,
    parse_decimal,
    squash,
)
from .targets import parse_value as parse_target

KIND = "target_declaration"

# --- Conventions (vary between bodies; kept as data) -------------------------------------------

# A form starts at a line holding only its title (whitespace removed), maybe with the year.
TITLE = re.compile(r"^\S{0,12}绩效目标申报表(?:[（(]\d{4}年度?[)）])?$")
YEAR = re.compile(r"[（(]\s*(\d{4})\s*年\s*度?\s*[)）]")

CELL_SEPARATOR = "\t"

# Header label (whitespace removed) -> field.
HEADER_LABELS = {
    "项目名称": "project_name",
    "主管部门": "department_name",
    "主管单位": "department_name",
    "实施单位": "unit_name",
    "项目实施单位": "unit_name",
    "项目性质": "project_nature",
    "项目类别": "project_category",
    "计划开始日期": "planned_start",
    "计划开始时间": "planned_start",
    "计划完成日期": "planned_end",
    "计划完成时间": "planned_end",
    "计划结束日期": "planned_end",
}
# Labels every form prints, and the ones whose value may not be left empty.
REQUIRED_HEADER = ("project_name", "department_name", "unit_name", "planned_start", "planned_end")
REQUIRED_HEADER_VALUES = ("project_name", "department_name", "unit_name")

# The funding block's row label, with the unit all its amounts are printed in.
FUNDING_BLOCK = re.compile(r"^项目资金[（(](?P<unit>[^)）]*)[)）]$")
FUNDING_UNITS = {"元": "yuan"}  # a form in 万元 would need _wan columns: refused, not guessed
# The two sides' total labels: the year side's label column splits the block in two.
FUNDING_TOTALS = {
    "项目资金总额": ("total", "amount"),
    "年度资金申请总额": ("year", "request"),
    "年度资金总额": ("year", "request"),
}
# Component labels ("其中" and colons removed) -> component; the side comes from the column.
FUNDING_COMPONENTS = {
    "财政资金": "fiscal",
    "当年财政拨款": "appropriation",
    "本年财政拨款": "appropriation",
    "财政拨款": "appropriation",
    "上年结转资金": "carryover",
    "上年结转": "carryover",
    "其他资金": "other",
}

# The goals block's row label (printed wrapped in the leftmost column) and its two columns.
GOALS_ROW_LABEL = "项目绩效目标"
LONG_TERM_GOAL = re.compile(r"^项目总体目标(?:[（(](?P<period>[^)）]*)[)）])?$")
ANNUAL_GOAL = "年度总体目标"

# The indicator table: its row label, the header cells, the value column's header.
TABLE_ROW_LABEL = "绩效指标"
TABLE_HEADER = ("一级指标", "二级指标", "三级指标")
TABLE_VALUE_HEADER = "指标值"
# Rows that close a table when a body prints them under it (signatures, notes).
TABLE_END_MARKERS = ("填表人", "填报人", "联系电话", "联系人", "备注", "填报说明", "审核人")
# Page furniture some bodies print inside tables.
PAGE_FURNITURE = re.compile(r"^(第\d+页(共\d+页)?|-\d+-|\d+/\d+|\d+)$")

# Indicator taxonomy (2020 national framework and the older one). 成本指标 is 一级 in the
# newer framework and 二级 under 产出指标 in the older one; a row tells which by what follows.
LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标")
LEVEL2 = (
    "数量指标", "质量指标", "时效指标", "成本指标",
    "经济成本指标", "社会成本指标", "生态环境成本指标",
    "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标",
    "服务对象满意度指标",
)  # fmt: skip
# Groups every form's table has; one missing means the table was cut off.
REQUIRED_LEVEL1 = ("产出指标", "满意度指标")

DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


# --- Records ---------------------------------------------------------------------------------


@fast_init
@dataclass(frozen=True, kw_only=True)
class DeclarationProject(Record):
    project_name: str
    department_name: str
    unit_name: str
    fiscal_year: int
    project_nature: str | None
    project_category: str | None
    planned_start: date | None
    planned_end: date | None
    # Project-total side (项目资金总额 and its parts), as printed; often left empty.
    total_amount_yuan: Decimal | None
    total_fiscal_yuan: Decimal | None
    total_appropriation_yuan: Decimal | None
    total_carryover_yuan: Decimal | None
    total_other_yuan: Decimal | None
    # Year side (年度资金申请总额 and its parts).
    year_request_yuan: Decimal | None
    year_fiscal_yuan: Decimal | None
    year_appropriation_yuan: Decimal | None
    year_carryover_yuan: Decimal | None
    year_other_yuan: Decimal | None
    long_term_period: str | None
    long_term_goal: str | None
    annual_goal: str | None


@fast_init
@dataclass(frozen=True, kw_only=True)
class DeclarationIndicator(Record):
    project_name: str
    fiscal_year: int
    level1: str
    level2: str
    indicator_name: str
    target_raw: str
    target_op: str | None
    target_value: Decimal | None = field(metadata={"sql": "DECIMAL(20,6)"})
    target_unit: str | None


TABLES: dict[str, type[Record]] = {
    "declaration_project": DeclarationProject,
    "declaration_indicator": DeclarationIndicator,
}


# --- Target values ---------------------------------------------------------------------------

# --- Entry point -----------------------------------------------------------------------------


def extract(doc: SourceDocument) -> Extraction:
    lines = doc.lines
    # A title line holds "表" (one character: no whitespace can split it): the lines holding
    # it are found by one scan of the text, then tested.
    starts = [i for i in line_indices(doc.unix_text, _TITLE_CHARACTER)
              if TITLE.match(_squash(lines[i]))]
    if not starts:
        raise ExtractionError(doc.source_file, 1, "no '绩效目标申报表' title line")
    out = Extraction(KIND)
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        _Form(doc, lines, start, end, out).parse()
    return out


# --- Helpers ---------------------------------------------------------------------------------

_WS = re.compile(r"\s+")
# A space the cell's wrapping put in: any whitespace not between two ASCII letters or digits.
_WRAP_SPACE = re.compile(r"(?<![A-Za-z0-9])\s+|\s+(?![A-Za-z0-9])")


_squash = squash
_TITLE_CHARACTER = re.compile("表")
# The table's row label cell, whole or as the text tool splits it.
_ROW_LABEL_PIECES = frozenset({TABLE_ROW_LABEL, "绩效", "指标"})


def _dewrap(text: str) -> str:
    """A cell's text without the spaces its wrapping left ("产出 指标" -> "产出指标")."""
    words = text.split()
    if len(words) <= 1:  # no whitespace inside: nothing to remove (most cells)
        return words[0] if words else ""
    return _WS.sub(" ", _WRAP_SPACE.sub("", text.strip()))


@dataclass(slots=True)
class _Row:
    """A line's non-empty cells, as three parallel lists (no object per cell)."""

    no: int  # 1-based line number
    cols: list[int]  # each non-empty cell's column
    texts: list[str]  # each non-empty cell's text, stripped
    flats: list[str]  # each non-empty cell's text without any whitespace

    def cells(self) -> Iterator[tuple[int, str, str]]:
        """(column, text, flat text) of each non-empty cell."""
        return zip(self.cols, self.texts, self.flats, strict=True)


def _row(no: int, line: str) -> _Row | None:
    """The line's non-empty cells, or None for a line without any."""
    cols, texts, flats = [], [], []
    for col, piece in enumerate(line.split(CELL_SEPARATOR)):
        if piece and (text := piece.strip()):  # most pieces are empty: no strip for them
            cols.append(col)
            texts.append(text)
            # squash, inlined. Most cells hold no whitespace, which two scans without a new
            # string tell: str.isprintable is false for every whitespace character but " ".
            flats.append(text if " " not in text and text.isprintable() else "".join(text.split()))
    return _Row(no, cols, texts, flats) if cols else None


class _Form:
    """One project's form: lines[start:end] of the document."""

    def __init__(
        self,
        doc: SourceDocument,
        lines: list[str],
        start: int,
        end: int,
        out: Extraction,
    ) -> None:
        self.doc, self.out = doc, out
        self.start = start
        self.rows: list[_Row] = []
        for i in range(start, end):
            line = lines[i]
            if line and not line.isspace() and (row := _row(i + 1, line)) is not None:
                self.rows.append(row)
        self.last_no = end  # 1-based number of the form's last line
        self.header_lines: dict[str, int] = {}  # header field -> line of its label

    def fail(self, line: int, message: str) -> ExtractionError:
        return ExtractionError(self.doc.source_file, line, message)

    def find(self, pred: str | Callable[[str], object], start: int, what: str) -> int:
        """Index of the first row at or after `start` some cell of which satisfies pred, or, if
        pred is a string, holds it as its flat text."""
        for i in range(start, len(self.rows)):
            flats = self.rows[i].flats
            if isinstance(pred, str):
                if pred in flats:
                    return i
                continue
            for flat in flats:  # a loop, not any(generator): no generator per row
                if pred(flat):
                    return i
        raise self.fail(self.last_no, f"form from line {self.start + 1}: {what} not found")

    def parse(self) -> None:
        year_i = self.find(lambda t: bool(YEAR.search(t)), 0, "the year line '(YYYY年度)'")
        year_cell = next(f for f in self.rows[year_i].flats if YEAR.search(f))
        fiscal_year = int(YEAR.search(year_cell).group(1))
        funding_i = self.find(lambda t: t.startswith("项目资金") and not t.startswith("项目资金总"),
                              year_i, "the funding block (项目资金 (元))")
        goals_i = self.find(ANNUAL_GOAL, funding_i, f"the {ANNUAL_GOAL} label")
        table_i = self.find(TABLE_HEADER[0], goals_i,
                            "the indicator table header (一级指标)")

        header = self._header(year_i, funding_i)
        funding = self._funding(funding_i, goals_i)
        period, long_term, annual = self._goals(goals_i, table_i)
        name = header["project_name"]
        last = self.rows[table_i - 1].no
        projects = self.out.rows("declaration_project")
        projects.append(DeclarationProject.build(
            self.doc, KIND, self.start + 1, last, len(projects) + 1,
            project_name=name,
            department_name=header["department_name"],
            unit_name=header["unit_name"],
            fiscal_year=fiscal_year,
            project_nature=header.get("project_nature"),
            project_category=header.get("project_category"),
            planned_start=self._date(header, "planned_start"),
            planned_end=self._date(header, "planned_end"),
            **funding,
            long_term_period=period,
            long_term_goal=long_term,
            annual_goal=annual,
        ))  # fmt: skip
        self._indicators(table_i, name, fiscal_year)

    # -- header --------------------------------------------------------------------------------

    def _header(self, start: int, stop: int) -> dict[str, str]:
        """Each label's value is the next cell on its row, unless that cell is another label."""
        found: dict[str, str] = {}
        for row in self.rows[start:stop]:
            flats = row.flats
            for k, flat in enumerate(flats):
                key = HEADER_LABELS.get(flat)
                if key is None:
                    continue
                if key in self.header_lines:
                    raise self.fail(row.no, f"header label {row.texts[k]!r} printed twice")
                self.header_lines[key] = row.no
                if k + 1 < len(flats) and flats[k + 1] not in HEADER_LABELS:  # the next cell
                    found[key] = _dewrap(row.texts[k + 1])
        missing = [k for k in REQUIRED_HEADER if k not in self.header_lines]
        if missing:
            raise self.fail(self.rows[stop].no, f"header label(s) for {', '.join(missing)} "
                            "not found before the funding block")
        for key in REQUIRED_HEADER_VALUES:
            if key not in found:
                raise self.fail(self.header_lines[key], f"header field {key} has no value")
        return found

    def _date(self, header: dict[str, str], key: str) -> date | None:
        text = header.get(key)
        if text is None:
            return None
        m = DATE.match(text)
        if not m:
            raise self.fail(self.header_lines[key], f"{key}: expected a date, found {text!r}")
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError as exc:
            raise self.fail(self.header_lines[key], f"{key}: no such date {text!r}") from exc

    # -- funding block -------------------------------------------------------------------------

    def _funding(self, start: int, stop: int) -> dict[str, Decimal | None]:
        first = self.rows[start]
        block = next(k for k, flat in enumerate(first.flats) if flat.startswith("项目资金"))
        m = FUNDING_BLOCK.match(first.flats[block])
        if not m:
            raise self.fail(first.no, f"funding block label {first.texts[block]!r} names no unit")
        if FUNDING_UNITS.get(m.group("unit")) != "yuan":
            raise self.fail(first.no, f"funding amounts in {m.group('unit')!r}, expected 元")
        year_col = next((col for row in self.rows[start:stop]
                         for col, flat in zip(row.cols, row.flats, strict=True)
                         if FUNDING_TOTALS.get(flat, ("",))[0] == "year"), None)
        if year_col is None:
            raise self.fail(first.no, "funding block has no 年度资金申请总额 label")

        out: dict[str, Decimal | None] = {
            f"{side}_{part}_yuan": None
            for side in ("total", "year")
            for part in ("fiscal", "appropriation", "carryover", "other")
        }
        out["total_amount_yuan"] = out["year_request_yuan"] = None
        seen: set[str] = set()
        for row in self.rows[start:stop]:
            key: str | None = None
            has_value = False
            for k, (col, text, flat) in enumerate(row.cells()):
                if row is first and k == block:
                    continue
                if (amount := amount_token(text)) is not None or flat in {"-", "—", "--", "/"}:
                    if key is None or has_value:
                        raise self.fail(row.no, f"funding amount {text!r} has no label")
                    out[key] = amount if amount is not None else parse_decimal(
                        text, source_file=self.doc.source_file, line=row.no)  # a dash
                    has_value = True
                    continue
                label = flat.removeprefix("其中").strip("：:")
                side = "year" if col >= year_col else "total"
                if flat in FUNDING_TOTALS:
                    side, part = FUNDING_TOTALS[flat]
                elif label in FUNDING_COMPONENTS:
                    part = FUNDING_COMPONENTS[label]
                else:
                    raise self.fail(row.no, f"unknown funding label {text!r}")
                key = f"{side}_{part}_yuan"
                if key in seen:
                    raise self.fail(row.no, f"funding label {text!r} printed twice")
                seen.add(key)
                has_value = False
        if "year_request_yuan" not in seen:
            raise self.fail(first.no, "funding block has no 年度资金申请总额 label")
        return out

    # -- goals ---------------------------------------------------------------------------------

    def _goals(self, start: int, stop: int) -> tuple[str | None, str | None, str | None]:
        label_row = self.rows[start]
        labels = label_row.flats
        annual_col = label_row.cols[labels.index(ANNUAL_GOAL)]
        long_k = next((k for k, flat in enumerate(labels) if LONG_TERM_GOAL.match(flat)), None)
        if long_k is None:
            raise self.fail(label_row.no, "the 项目总体目标 label is not beside 年度总体目标")
        long_col = label_row.cols[long_k]
        # The period as printed, less the spaces the cell's wrapping put in ("2023 年-2023 年").
        period = LONG_TERM_GOAL.match(labels[long_k]).group("period") or None  # type: ignore[union-attr]
        pieces: dict[str, list[str]] = {"long": [], "annual": []}
        for row in self.rows[start:stop]:
            for k, (col, text, flat) in enumerate(row.cells()):
                if row is label_row and (k == long_k or flat == ANNUAL_GOAL):
                    continue
                if col < long_col:
                    if flat in GOALS_ROW_LABEL:  # the wrapped row label, or a piece of it
                        continue
                    raise self.fail(row.no, f"unexpected text {text[:20]!r} left of the goals")
                pieces["annual" if col >= annual_col else "long"].append(text)
        long_term = "".join(_dewrap(p) for p in pieces["long"]) or None
        annual = "".join(_dewrap(p) for p in pieces["annual"]) or None
        return period, long_term, annual

    # -- indicator table -----------------------------------------------------------------------

    def _is_table_header(self, row: _Row) -> bool:
        flats = row.flats
        return TABLE_HEADER[0] in flats and all(h in flats for h in TABLE_HEADER)

    def _indicators(self, header_i: int, name: str, year: int) -> None:
        header = self.rows[header_i]
        if not self._is_table_header(header) or not any(
                TABLE_VALUE_HEADER in f for f in header.flats):
            raise self.fail(header.no, "indicator table header needs 一级/二级/三级指标 and 指标值")
        level1: str | None = None
        level2: str | None = None
        seen_level1: set[str] = set()
        count = 0
        last_no = header.no
        emitted = self.out.rows("declaration_indicator")
        for row in self.rows[header_i + 1:]:
            flats = row.flats
            if (TABLE_HEADER[0] in flats and self._is_table_header(row)) or (
                    len(flats) == 1 and PAGE_FURNITURE.match(flats[0])):
                continue  # a page break: header repeated, page number
            if flats[0].startswith(TABLE_END_MARKERS):
                break
            texts = row.texts
            k = 0  # the first cell after the row and level labels
            if flats[0] in _ROW_LABEL_PIECES and len(flats) > 2:
                k = 1  # the table's row label, on a data row
            if len(flats) - k >= 2 and flats[k] in LEVEL1 and flats[k + 1] in LEVEL2:
                level1, level2 = flats[k], flats[k + 1]
                k += 2
            elif flats[k] in LEVEL2:
                level2 = flats[k]
                k += 1
            elif flats[k] in LEVEL1:
                raise self.fail(row.no, f"一级指标 {texts[k]!r} without its 二级指标")
            if len(texts) - k != 2:
                what = ", ".join(repr(t[:20]) for t in texts[k:]) or "nothing"
                if len(texts) - k > 2 and flats[k].endswith("指标"):
                    raise self.fail(row.no, f"unknown indicator level {texts[k]!r}")
                raise self.fail(row.no, f"indicator row needs a 三级指标 name and its 指标值 "
                                f"after the level cells; found {what}")
            if level1 is None or level2 is None:
                raise self.fail(row.no, "indicator row before any 一级/二级指标")
            seen_level1.add(level1)
            target_raw = texts[k + 1]
            op, value, unit = parse_target(target_raw)
            count += 1
            last_no = row.no
            emitted.append(DeclarationIndicator.build(
                self.doc, KIND, row.no, row.no, len(emitted) + 1,
                project_name=name, fiscal_year=year, level1=level1, level2=level2,
                # (a name without whitespace is its own _dewrap)
                indicator_name=texts[k] if texts[k] == flats[k] else _dewrap(texts[k]),
                target_raw=target_raw,
                target_op=op, target_value=value, target_unit=unit,
            ))  # fmt: skip
        if not count:
            raise self.fail(header.no, "indicator table has no rows")
        missing = [lv for lv in REQUIRED_LEVEL1 if lv not in seen_level1]
        if missing:
            raise self.fail(last_no, f"indicator table has no {', '.join(missing)} rows "
                            "(cut off?)")

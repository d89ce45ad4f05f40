"""Figures of a 部门预算's text sections: the 编制说明, the 其他相关情况说明 (三公, 机关运行经费,
政府采购, 预算绩效) and the 项目经费情况说明 with its project's 绩效目标 table.

The PDF's text layer and its number layer come out of the text tool separately: the sentences
keep a space where each number was ("预算支出总额为 万元"), and the numbers follow (or precede)
as lines of numbers only ("2018 538,464 530,990"), one line of numbers per line of text, in
the same order, some lost or printed twice. So, per text region:
- a *gap* is whitespace before a unit word of GAP_UNITS (or "年" opening a line); its label is
  its clause with the gap marked "□" ("“公共安全支出”科目□万元");
- number lines are matched to text lines in order (a text line may have lost its numbers):
  the alignment that leaves the fewest numbers without a gap, then the fewest gaps without a
  number, then the shortest distances between the paired lines; within a line, numbers fill
  gaps in order where their kind fits (a year only a 年 gap, a % only a % target);
- a number no gap takes is kept with no label; the list numbers "1." of the number layer and
  the 序号 gaps ("1、") are numbering, not figures.
The project's target table prints each row's sign and unit ("≥ 万张") but its number in the
number layer: the last numbers of the region, in row order, fill the rows that lack one, and
only when their count and signs fit every row (else none is filled).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from .common import Record, fast_init, parse_decimal
from .targets import parse_value

# Region headings: the name a region's figures carry (the heading found in the region).
QUOTE_SECTIONS = ("部门预算编制说明", "其他相关情况说明", "项目经费情况说明")
SUBSECTION = re.compile(r"^[一二三四五六七八九十]+、")
# Unit word after a gap -> kind of the missing value.
GAP_UNITS = {
    "万元": "amount", "亿元": "amount", "元": "amount", "万张": "quantity", "张": "quantity",
    "年度": "year", "年": "year", "月": "month", "日": "day",
    "个": "count", "家": "count", "项": "count", "、": "list_no",
}  # fmt: skip
_GAP = re.compile(r"(?:(?<=\s)|^)(?P<unit>" + "|".join(
    sorted(map(re.escape, GAP_UNITS), key=len, reverse=True)) + ")")
CLAUSE_DELIMITERS = "，。：；,;:、"
# A text line at least this long that does not end a clause wraps onto the next text line.
WRAP_MIN_CHARS = 30
# The number layer: numbers (with a sign or %), list numbers "1.", brackets, commas.
_NUM = re.compile(r"[=≥≤<>]?\d[\d,]*(?:\.\d+)?%?")
_LIST_NO = re.compile(r"(?:^|(?<=\s))\d+\.(?=\s)")
_NUMBER_LINE_REST = re.compile(r"^[\s()（）,，]*$")
YEAR = re.compile(r"^(19|20)\d{2}$")
# The largest value a gap of these kinds takes (a 序号 "1、" is small; 2,717 is no 序号).
INTEGER_MAX = {"month": 12, "day": 31, "list_no": 99}
NOT_FIGURES = ("list_no",)

# The project section: its table's labels, its target table header and level-name lines.
PROJECT_LABELS = ("项目名称", "项目总目标", "年度绩效目标", "分解目标", "年")
PROJECT_NAME_LABEL, OVERALL_LABEL, ANNUAL_LABEL, BREAKDOWN_LABEL = PROJECT_LABELS[:4]
TARGET_HEADER = ("三级指标", "指标目标值")
LEVEL_NAME_SUFFIX = "目标"  # "数量目标", "产出目标 质量目标": level names, not rows
AMOUNT_LABEL = "预算金额"
_SIGN = re.compile(r"^(>=|<=|[=≥≤<>＝＞＜≧≦])")


@fast_init
@dataclass(frozen=True, kw_only=True)
class BudgetQuote(Record):
    """A figure of the text sections, with the label of the gap it fills (None if none)."""

    fiscal_year: int
    department_name: str | None
    section: str
    subsection: str | None
    label: str | None
    value_kind: str | None  # year | month | day | amount | quantity | count
    unit: str | None
    value: Decimal = field(metadata={"sql": "DECIMAL(24,6)"})
    value_text: str
    value_line: int
    label_line: int | None
    page: int | None = None  # the PDF page (or text page) the figure is printed on


@fast_init
@dataclass(frozen=True, kw_only=True)
class BudgetProject(Record):
    fiscal_year: int
    department_name: str | None
    project_name: str
    project_name_line: int
    amount: Decimal | None = field(metadata={"sql": "DECIMAL(24,6)"})
    amount_unit: str | None
    amount_line: int | None
    overall_target_text: str | None
    annual_target_text: str | None


@fast_init
@dataclass(frozen=True, kw_only=True)
class BudgetProjectTarget(Record):
    fiscal_year: int
    project_name: str
    indicator_name: str
    target_text_printed: str | None  # the text layer's cell ("≥ 万张")
    target_number_text: str | None  # the number layer's value ("500")
    target_number_line: int | None
    target_operator: str | None
    target_value: Decimal | None = field(metadata={"sql": "DECIMAL(20,4)"})
    target_unit: str | None


TABLES: dict[str, type[Record]] = {
    "budget_quote": BudgetQuote,
    "budget_project": BudgetProject,
    "budget_project_target": BudgetProjectTarget,
}


@dataclass
class _Gap:
    kind: str
    unit: str
    label: str
    line: int


@dataclass
class _Num:
    text: str
    line: int


Prov = Callable[[str, int, int], dict]


def _clause(text: str, at: int, end: int, before: str) -> str:
    """The clause around text[at:end] (a gap's unit), gap marked, `before` prepended when the
    clause starts the line (the tail of a wrapped line above)."""
    start = max(text.rfind(d, 0, at) for d in CLAUSE_DELIMITERS) + 1
    stops = [i for i in (text.find(d, end) for d in CLAUSE_DELIMITERS) if i >= 0]
    stop = min(stops) if stops else len(text)
    head = text[start:at].strip()
    if start == 0:
        head = before + head
    return head + "□" + text[at:stop].strip()


def _gaps(no: int, text: str, before: str) -> list[_Gap]:
    out = []
    for m in _GAP.finditer(text):
        if m.start() == 0 and m.group("unit") != "年":
            continue  # a line opening with 个 / 万元 continues a word of the line above
        out.append(_Gap(GAP_UNITS[m.group("unit")], m.group("unit"),
                        _clause(text, m.start(), m.end(), before), no))
    return out


def _wrap_tail(text: str) -> str:
    """What a line hands to the next one's first clause, if it wraps."""
    if len(text) < WRAP_MIN_CHARS or text[-1] in CLAUSE_DELIMITERS:
        return ""
    return text[max(text.rfind(d) for d in CLAUSE_DELIMITERS) + 1:]


def number_tokens(text: str) -> list[str] | None:
    """The values of a number-layer line, else None."""
    if not re.search(r"\d", text):
        return None
    bare = _LIST_NO.sub(" ", text)
    tokens = _NUM.findall(bare)
    if not tokens or not _NUMBER_LINE_REST.match(_NUM.sub(" ", bare)):
        return None
    return tokens


def _fits(num: str, gap: _Gap) -> bool:
    if num.endswith("%") or _SIGN.match(num):
        return False
    plain = num.replace(",", "")
    if YEAR.match(plain):
        return gap.kind == "year"
    if gap.kind == "year":
        return False
    whole = re.fullmatch(r"\d+", plain) is not None
    if gap.kind in ("count", "list_no", "month", "day"):
        return whole and int(plain) <= INTEGER_MAX.get(gap.kind, 10**9)
    return True


def _pair(nums: list[_Num], gaps: list[_Gap]) -> list[tuple[int, int]]:
    """(number index, gap index) pairs in order: most pairs, then later numbers preferred."""
    n, g = len(nums), len(gaps)
    best: dict[tuple[int, int], tuple[int, int, list[tuple[int, int]]]] = {}

    def go(i: int, j: int) -> tuple[int, int, list[tuple[int, int]]]:
        if i == n or j == g:
            return 0, 0, []
        if (i, j) not in best:
            options = []
            if _fits(nums[i].text, gaps[j]):
                c, s, p = go(i + 1, j + 1)
                options.append((c + 1, s + i, [(i, j), *p]))
            options += [go(i, j + 1), go(i + 1, j)]
            # max keeps the first of equals: a number takes the earliest gap it fits.
            best[(i, j)] = max(options, key=lambda o: (o[0], o[1]))
        return best[(i, j)]

    return go(0, 0)[2]


def _align(numbers: list[list[_Num]], texts: list[list[_Gap]]) -> list[int | None]:
    """For each number line, the index of its text line (in order), or None.

    Cost: 1000 a number left without a gap, 100 a gap of a paired text line left without a
    number, plus how much the shift between paired lines changes from one pair to the next
    (the number layer is a shifted copy of the text: the shift counts number lines and text
    lines, so page furniture and blank lines do not change it); among equals, the earliest
    text lines.
    """
    big, mid = 1000, 100
    n, t = len(numbers), len(texts)
    cache: dict[tuple[int, int, int | None], tuple[int, tuple[int, ...]]] = {}

    def pair_cost(i: int, j: int) -> int:
        pairs = len(_pair(numbers[i], texts[j]))
        return big * (len(numbers[i]) - pairs) + mid * (len(texts[j]) - pairs)

    def go(i: int, j: int, offset: int | None) -> tuple[int, tuple[int, ...]]:
        """Best (cost, chosen text lines, -1 = none) for number lines i.., text lines j.."""
        if i == n:
            return 0, ()
        key = (i, j, offset)
        if key not in cache:
            c, rest = go(i + 1, j, offset)
            options = [(c + big * len(numbers[i]), (-1, *rest))]
            for k in range(j, t):
                off = i - k
                c, rest = go(i + 1, k + 1, off)
                shift = abs(off - offset) if offset is not None else 0
                options.append((c + pair_cost(i, k) + shift, (k, *rest)))
            cache[key] = min(options, key=lambda o: (o[0], [x if x >= 0 else t for x in o[1]]))
        return cache[key]

    return [k if k >= 0 else None for k in go(0, 0, None)[1]]


def _regions(lines: list[str], text_lines: list[int], headings: tuple[str, ...]
             ) -> list[list[int]]:
    """Runs of consecutive text lines (0-based), split at the text sections' headings."""
    regions: list[list[int]] = []
    prev = None
    for i in text_lines:
        if prev is None or i != prev + 1 or re.sub(r"\s+", "", lines[i]) in headings:
            regions.append([])
        regions[-1].append(i)
        prev = i
    return regions


def extract_text_sections(lines: list[str], text_lines: list[int], headings: tuple[str, ...],
                          year: int, department: str | None, prov: Prov
                          ) -> dict[str, list[Record]]:
    """Rows of TABLES from the text lines (0-based indexes: the lines outside the tables)."""
    out: dict[str, list[Record]] = {name: [] for name in TABLES}
    for region in _regions(lines, text_lines, headings):
        flats = [re.sub(r"\s+", "", lines[i]) for i in region]
        section = next((h for h in QUOTE_SECTIONS if any(h in f for f in flats)), None)
        if section is None:
            continue
        _Region(lines, region, section, year, department, prov, out).read()
    return out


class _Region:
    def __init__(self, lines: list[str], region: list[int], section: str, year: int,
                 department: str | None, prov: Prov, out: dict[str, list[Record]]) -> None:
        self.lines, self.region, self.section = lines, region, section
        self.year, self.department, self.prov, self.out = year, department, prov, out

    def read(self) -> None:
        numbers: list[list[_Num]] = []
        texts: list[list[_Gap]] = []
        subsections: list[str | None] = []
        sub: str | None = None
        tail = ""
        table_at = self._table_header()
        rows: list[tuple[int, str, str | None]] = []
        for i in self.region:
            text = self.lines[i].strip()
            if not text:
                continue
            toks = number_tokens(text)
            if toks is not None:
                numbers.append([_Num(t, i + 1) for t in toks])
                continue
            if table_at is not None and i > table_at:
                row = self._target_row(text)
                if row:
                    rows.append((i + 1, *row))
                continue
            if SUBSECTION.match(text):
                sub = re.sub(r"\s+", "", text)
            gaps = _gaps(i + 1, text, tail)
            tail = _wrap_tail(text)
            if gaps:
                texts.append(gaps)
                subsections.append(sub)
        numbers = self._targets(rows, numbers)
        self._quotes(numbers, texts, subsections)
        if self.section == QUOTE_SECTIONS[2]:
            self._project()

    # -- quotes --------------------------------------------------------------------------------

    def _quotes(self, numbers: list[list[_Num]], texts: list[list[_Gap]],
                subsections: list[str | None]) -> None:
        matched = _align(numbers, texts)
        for nums, j in zip(numbers, matched, strict=True):
            pairs = dict(_pair(nums, texts[j])) if j is not None else {}
            for k, num in enumerate(nums):
                gap = texts[j][pairs[k]] if k in pairs else None
                if gap and gap.kind in NOT_FIGURES:
                    continue
                value = parse_decimal(num.text.rstrip("%").lstrip("=≥≤<>"))
                assert value is not None  # the number layer holds numbers only
                first = min(num.line, gap.line) if gap else num.line
                last = max(num.line, gap.line) if gap else num.line
                self.out["budget_quote"].append(BudgetQuote(
                    fiscal_year=self.year, department_name=self.department,
                    section=self.section, subsection=subsections[j] if j is not None else None,
                    label=gap.label if gap else None, value_kind=gap.kind if gap else None,
                    unit=gap.unit if gap else None, value=value, value_text=num.text,
                    value_line=num.line, label_line=gap.line if gap else None,
                    **self.prov("budget_quote", first, last)))  # fmt: skip

    # -- the project and its target table ------------------------------------------------------

    def _table_header(self) -> int | None:
        return next((i for i in self.region
                     if all(h in self.lines[i].replace(" ", "") for h in TARGET_HEADER)), None)

    @staticmethod
    def _target_row(text: str) -> tuple[str, str | None] | None:
        toks = text.split()
        if all(t.endswith(LEVEL_NAME_SUFFIX) for t in toks):
            return None
        return toks[0], " ".join(toks[1:]) or None

    def _targets(self, rows: list[tuple[int, str, str | None]], numbers: list[list[_Num]]
                 ) -> list[list[_Num]]:
        """Fills the rows lacking a number from the region's last numbers; returns the number
        lines left for the text."""
        needy = [k for k, (_, _, t) in enumerate(rows) if t is None or _SIGN.match(t)]
        flat = [n for line in numbers for n in line]
        take = flat[len(flat) - len(needy):] if needy and len(flat) >= len(needy) else []
        fits = bool(take) and all(
            bool(_SIGN.match(num.text)) == (rows[k][2] is None)
            for k, num in zip(needy, take, strict=True))
        filled = dict(zip(needy, take, strict=True)) if fits else {}
        project = self._project_name()[0] if rows else ""
        for k, (no, name, printed) in enumerate(rows):
            num = filled.get(k)
            whole = printed
            if num is not None:
                sign = _SIGN.match(printed or "")
                rest = (printed or "")[sign.end():] if sign else (printed or "")
                whole = (sign.group(0) if sign else "") + num.text + rest.strip()
            op, value, unit = parse_value(whole)
            lines = [no] + ([num.line] if num else [])
            self.out["budget_project_target"].append(BudgetProjectTarget(
                fiscal_year=self.year, project_name=project, indicator_name=name,
                target_text_printed=printed, target_number_text=num.text if num else None,
                target_number_line=num.line if num else None, target_operator=op,
                target_value=value, target_unit=unit,
                **self.prov("budget_project_target", min(lines), max(lines))))  # fmt: skip
        if not fits:
            return numbers
        used = {id(n) for n in take}
        return [kept for line in numbers if (kept := [n for n in line if id(n) not in used])]

    def _label_line(self, label: str) -> int | None:
        return next((i for i in self.region
                     if re.sub(r"\s+", "", self.lines[i]) == label), None)

    def _cell(self, label: str, until: tuple[str, ...], skip: str
              ) -> tuple[str, int, int] | None:
        """The text after a label of the project table, up to the next label."""
        at = self._label_line(label)
        if at is None:
            return None
        parts: list[tuple[int, str]] = []
        for i in (i for i in self.region if i > at):
            flat = re.sub(r"\s+", "", self.lines[i])
            if flat in until or (parts and flat in PROJECT_LABELS):
                break
            if (flat and flat != skip and flat not in PROJECT_LABELS
                    and number_tokens(self.lines[i]) is None):
                parts.append((i + 1, self.lines[i].strip()))
        if not parts:
            return None
        return "".join(p for _, p in parts), parts[0][0], parts[-1][0]

    def _project_name(self) -> tuple[str, int]:
        at = self._label_line(PROJECT_NAME_LABEL)
        if at is not None:
            for i in (i for i in self.region if i > at):
                flat = re.sub(r"\s+", "", self.lines[i])
                if flat and flat not in PROJECT_LABELS and number_tokens(flat) is None:
                    return flat, i + 1
        return "", 0

    def _project(self) -> None:
        name, line = self._project_name()
        if not name:
            return
        overall = self._cell(OVERALL_LABEL, (ANNUAL_LABEL,), name)
        annual = self._cell(ANNUAL_LABEL, (BREAKDOWN_LABEL,), name)
        amount = next((q for q in self.out["budget_quote"]
                       if q.section == self.section and q.label and AMOUNT_LABEL in q.label),
                      None)
        lines = [line] + [c[2] for c in (overall, annual) if c]
        self.out["budget_project"].append(BudgetProject(
            fiscal_year=self.year, department_name=self.department, project_name=name,
            project_name_line=line, amount=amount.value if amount else None,
            amount_unit=amount.unit if amount else None,
            amount_line=amount.value_line if amount else None,
            overall_target_text=overall[0] if overall else None,
            annual_target_text=annual[0] if annual else None,
            **self.prov("budget_project", line, max(lines))))  # fmt: skip

"""财政支出绩效评价报告 (evaluation report of one project's spending) from PDF text.

The report is prose with tables. What is read:
- the title ("2018年度<project>项目" over "财政支出绩效评价报告"): year and project name;
- the key figures quoted in the prose (budgets, spending and its parts, rates, quantities, total
  score and grade), found by the phrases printed before them (FIGURES); every quote is kept in
  `evaluation_quote`, the report row takes the first one of each figure;
- the scored indicator table (指标得分汇总表): coded 三级 rows (A11 ... C24) with weight,
  target, 分值 and 得分. Its 一级 / 二级 cells are merged and printed vertically, so the text tool
  gives their names as fragments ("项","目","立","项") followed by their weight; they are read
  from the text between two coded rows and tied to the codes the rows below them carry;
- the indicator framework table (综合评价表: code, 行次, 参考权重), when printed: its names and
  weights are kept beside the scored table's (reference_*), and a 三级 code the scored table
  misprints (a second "A11" named like the framework's A13) is resolved by its name;
- the module tables of the analysis section: their 合计 lines give each 一级 module's score;
  the prose scores given per indicator there ("（1）预算执行率，得 1 分。（满分为 5分）",
  "结论：...得 0分", "此项目管理模块得分为 24分") are quotes too.
Numbers the document prints twice are all kept, never reconciled: disagreements are findings.

Tables: evaluation_report (one row, with the closing date and the evaluated period),
evaluation_score (the scored table in its printed order: 一级 rows carry their module's score,
二级 rows have none printed, code TOTAL / level 0 is the 合计 row), evaluation_spending_item
(the quoted parts of the spending), evaluation_quote (every quote of a figure, with its line:
the key figures, QUOTED_FIGURES, the modules' weights, other rates of the project) and
evaluation_target (the 绩效目标 table, see evaluation_targets). Amounts are converted to 元
and counts to units (300万张 -> 3000000 张); a quote keeps the value and unit as printed.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from .common import (
    Extraction,
    ExtractionError,
    Record,
    SourceDocument,
    fast_init,
    is_number,
    parse_decimal,
    provenance,
)
from .evaluation_targets import EvaluationTarget, extract_targets

KIND = "evaluation_report"

# --- Conventions (vary between bodies; kept as data) -------------------------------------------

# The title sits in the first few non-empty lines, possibly over several lines.
TITLE_WITHIN = 5
TITLE_ENDS = ("财政支出绩效评价报告", "财政项目支出绩效评价报告", "项目支出绩效评价报告",
              "绩效评价报告")  # fmt: skip
TITLE = re.compile(r"(?P<year>\d{4})年度?(?P<name>.+?)$")
# Dropped from the end of the title's project name, so it joins the forms' 项目名称.
PROJECT_NAME_SUFFIXES = ("项目",)

# The unit: the signature line above the closing date, else the body the introduction names.
CLOSING_DATE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月(\s*\d{1,2}\s*日)?$")
UNIT_INTRO = re.compile(r"(?P<name>[^，。、：；:;\s“”]+?)[（(]以下简称")
SIGNATURE_MAX_CHARS = 40
DEPARTMENT_LABELS = re.compile(r"(?:主管部门|主管单位)[:：]\s*(?P<name>[^，。；;\s]+)")

# Key figures: column -> (kind of value, phrases printed before the value). The first quote in
# document order fills the report row; every quote goes to evaluation_quote.
FIGURES: dict[str, tuple[str, tuple[str, ...]]] = {
    "approved_budget_yuan": ("money", (
        r"预算(?:经费|资金)?批复(?:数|金额)?为", r"批复(?:预算|金额)数?为?",
        r"年初预算(?:数|金额)?为")),
    "adjusted_budget_yuan": ("money", (r"调[减增整]至", r"调整后(?:的)?预算(?:数|金额)?为?")),
    "actual_spending_yuan": ("money", (
        r"决算(?:金额|数)?为", r"实际支出(?:金额|数)?为?", r"实际执行(?:金额|数)?为")),
    "execution_rate_pct": ("pct", (r"执行率为",)),
    "planned_quantity": ("quantity", (
        r"计划[^，。；、\d%]{0,12}?为", r"预算制作[^，。；、\d%]{0,12}?")),
    "actual_quantity": ("quantity", (r"实际(?:制作|完成|发放|生产|制发)(?:数量)?为?",)),
    "completion_rate_pct": ("pct", (r"完成率为",)),
    "total_score": ("score", (
        r"绩效分值为", r"(?:综合|总|评价)得分为", r"总分为", r"综合评分为")),
    "grade": ("grade", (r"绩效情况", r"(?:评价|绩效)等级(?:为|是)?", r"评级为")),
}  # fmt: skip
# Figures kept only as quotes (no report column): phrase printed before the value.
QUOTED_FIGURES: dict[str, tuple[str, tuple[str, ...]]] = {
    "original_planned_quantity": ("quantity", (r"制发卡量",)),
    "reduced_planned_quantity": ("quantity", (r"减少至",)),
    "budget_adjustment_yuan": ("money", (r"调[减增](?:项目)?预算",)),
    "survey_districts": ("quantity", (r"调查在[^，。\d]{0,30}?",)),
    "survey_issued_per_district": ("quantity", (r"每个区发放",)),
    "survey_issued": ("quantity", (r"共计发放",)),
    "survey_returned": ("quantity", (r"回收",)),
}  # fmt: skip
# Any other rate the prose states of the project ("实现产品一次性合格率 99.14%；"): a word ending
# in 率 / 性, the value, then the end of a clause. A scoring rule ("达到 98%及以上得 10分") and
# a table cell (followed by the next cell, not by punctuation) are no quotes.
RATE_QUOTE = re.compile(
    r"(?P<subject>[^\s，。；;、：:（）()“”\d%年][^\s，。；;、：:（）()“”\d%]{1,20}?(?:率|性))"
    r"(?:要求)?(?:为|达到)?\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>[%％])(?=\s*[，。；;,、])")
# The 一级 modules' weights, listed in one sentence after their names.
WEIGHT_LIST = re.compile(
    r"(?:一级指标为?[:：](?P<names>[^，。；]+?)[，,])?权重分别为\s*(?P<values>\d+(?:\.\d+)?"
    r"\s*[%％](?:\s*[、和及与,，]\s*\d+(?:\.\d+)?\s*[%％])*)")
LIST_SEPARATORS = re.compile(r"\s*[、和及与,，]\s*")
# The evaluated period ("评价时段为 2018年 1月 1日至 2018年 12月 31日").
_DATE = r"(?P<y{n}>\d{{4}})\s*年\s*(?P<m{n}>\d{{1,2}})\s*月\s*(?P<d{n}>\d{{1,2}})\s*日"
PERIOD = re.compile(r"评价(?:时段|期间|区间)为?\s*" + _DATE.format(n=1)
                    + r"\s*(?:至|到|—|-|～|~)\s*" + _DATE.format(n=2))
CLOSING_DATE_PARTS = re.compile(
    r"^(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*日)?$")

VALUES = {
    "money": r"(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>万元|亿元|元)",
    "pct": r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>[%％])",
    "quantity": r"(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>(?:万|亿)?\s*[张个件人次套台户份本辆项])",
    "score": r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>分)",
    # A grade word ends its phrase ("情况良。", "等级为“优”"), unlike "情况中存在...".
    "grade": r"[“\"「]?(?P<grade>优秀|良好|不合格|合格|优|良|中|差)(?![\u4e00-\u9fff])",
}
# A unit's leading multiplier, applied so columns hold 元 and plain counts.
MULTIPLIERS = {"万": Decimal(10000), "亿": Decimal(100000000)}

# The parts of the spending follow a marker in the sentence after the spending figure.
COMPONENT_MARKERS = ("包括", "其中：", "其中:")
COMPONENT = re.compile(
    r"^\s*(?P<name>[^\d，；;]+?)\s*(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>万元|元)\s*等?\s*$")

# Prose scores of the analysis section.
INDICATOR_HEADING = re.compile(
    r"[（(]\s*\d+\s*[）)]\s*(?P<name>[^，,。\s][^，,。]{0,29}?)\s*[，,]?\s*得\s*"
    r"(?P<score>\d+(?:\.\d+)?)\s*分\s*。?\s*[（(]满分为?\s*(?P<max>\d+(?:\.\d+)?)\s*分[）)]")
CONCLUSION = re.compile(r"结论[:：][^。]*?得\s*(?P<score>\d+(?:\.\d+)?)\s*分")
MODULE_PROSE = re.compile(
    r"此?(?P<name>[^，。\s]{2,6}?)模块得分为?\s*(?P<score>\d+(?:\.\d+)?)\s*分\s*"
    r"(?:[（(]满分为?\s*(?P<max>\d+(?:\.\d+)?)\s*分[）)])?")

# The scored indicator table: its title, the header's last line names 得分.
SCORE_TABLE_TITLES = ("指标得分汇总表", "得分汇总表", "评分汇总表", "评分表", "得分表")
SCORE_COLUMN = "得分"
TARGET_COLUMNS = ("目标值", "指标值")
MAX_SCORE_COLUMNS = ("分值", "满分")
TOTAL_LABELS = ("合计", "总分", "总计")
# A 三级 row starts with its code, directly followed by its name or standing alone.
LEVEL3_CODE = re.compile(r"^(?P<code>[A-Z]\d{2,3})(?P<rest>(?:[\u4e00-\u9fff（(].*)?)$")

# The framework table (综合评价表): found by its 行次 column.
FRAMEWORK_HEADER = "行次"
FRAMEWORK_ROW = re.compile(
    r"^(?P<code>[A-Z]\d{0,3})\s*(?P<name>[^\s\d.．][^\s]*)\s+(?P<row>\d+)\s+"
    r"(?P<weight>\d+(?:\.\d+)?)(?:\s.*)?$")
FRAMEWORK_TOTAL = re.compile(
    r"^(?:合计|总分|总计)\s+(?P<row>\d+)\s+(?P<weight>\d+(?:\.\d+)?)(?:\s.*)?$")
TOTAL_CODE = "TOTAL"

# A module's section in the analysis: a numbered heading naming the 一级 indicator.
MODULE_HEADING = (r"^(?:\d+|[一二三四五六七八九十]+|[（(][\d一二三四五六七八九十]+[）)])"
                  r"[.、．]?{name}$")

# Page furniture dropped from the prose stream (a page number between a phrase and its value
# would otherwise be read as the value).
PAGE_FURNITURE = re.compile(r"^(\d{1,3}|-\s*\d+\s*-|第\s*\d+\s*页(\s*共\s*\d+\s*页)?)$")

_SCORE_SQL = {"sql": "DECIMAL(12,4)"}
_QTY_SQL = {"sql": "DECIMAL(20,4)"}

# --- Records ---------------------------------------------------------------------------------


@fast_init
@dataclass(frozen=True, kw_only=True)
class EvaluationReport(Record):
    project_name: str
    fiscal_year: int
    title_line: int
    unit_name: str
    unit_name_line: int
    department_name: str | None
    department_name_line: int | None
    approved_budget_yuan: Decimal | None
    approved_budget_yuan_line: int | None
    adjusted_budget_yuan: Decimal | None
    adjusted_budget_yuan_line: int | None
    actual_spending_yuan: Decimal | None
    actual_spending_yuan_line: int | None
    execution_rate_pct: Decimal | None = field(metadata=_SCORE_SQL)
    execution_rate_pct_line: int | None
    planned_quantity: Decimal | None = field(metadata=_QTY_SQL)
    planned_quantity_unit: str | None
    planned_quantity_line: int | None
    actual_quantity: Decimal | None = field(metadata=_QTY_SQL)
    actual_quantity_unit: str | None
    actual_quantity_line: int | None
    completion_rate_pct: Decimal | None = field(metadata=_SCORE_SQL)
    completion_rate_pct_line: int | None
    total_score: Decimal | None = field(metadata=_SCORE_SQL)
    total_score_line: int | None
    grade: str | None
    grade_line: int | None
    report_date_text: str | None  # the closing date as printed ("2019年 6月")
    report_year: int | None
    report_month: int | None
    report_day: int | None
    report_date_line: int | None
    evaluation_period_start: dt.date | None
    evaluation_period_end: dt.date | None
    evaluation_period_line: int | None


@fast_init
@dataclass(frozen=True, kw_only=True)
class EvaluationScore(Record):
    """One row of the scored table; level 0 is the grand total (code TOTAL)."""

    project_name: str
    fiscal_year: int
    code: str
    code_printed: str | None
    level: int
    parent_code: str | None
    indicator_name: str
    weight: Decimal | None = field(metadata=_SCORE_SQL)
    weight_line: int | None
    target_text: str | None
    max_score: Decimal | None = field(metadata=_SCORE_SQL)
    score: Decimal | None = field(metadata=_SCORE_SQL)
    score_line: int | None
    reference_name: str | None
    reference_weight: Decimal | None = field(metadata=_SCORE_SQL)
    reference_row_no: int | None
    reference_line: int | None


@fast_init
@dataclass(frozen=True, kw_only=True)
class EvaluationSpendingItem(Record):
    project_name: str
    fiscal_year: int
    item_name: str
    amount_yuan: Decimal


@fast_init
@dataclass(frozen=True, kw_only=True)
class EvaluationQuote(Record):
    """A figure as quoted at one place; `figure` is a report column or an indicator figure."""

    project_name: str
    fiscal_year: int
    figure: str
    code: str | None
    subject: str | None
    value: Decimal | None = field(metadata={"sql": "DECIMAL(24,6)"})
    value_text: str
    unit: str | None
    text: str


# Raw tables this module fills, and the record class of each.
TABLES: dict[str, type[Record]] = {
    "evaluation_report": EvaluationReport,
    "evaluation_score": EvaluationScore,
    "evaluation_spending_item": EvaluationSpendingItem,
    "evaluation_quote": EvaluationQuote,
    "evaluation_target": EvaluationTarget,
}

# --- Helpers ---------------------------------------------------------------------------------

_WS = re.compile(r"\s+")


def _squash(text: str) -> str:
    return _WS.sub("", text)


@dataclass(frozen=True)
class _Tok:
    text: str
    line: int


def _tokens(lines: list[str], start: int, end: int) -> list[_Tok]:
    """Whitespace-separated tokens of lines[start:end] (0-based indexes), with 1-based lines."""
    return [_Tok(t, i + 1) for i in range(start, end) for t in lines[i].split()]


def _join_lines(toks: list[_Tok]) -> str:
    """A wrapped cell's text: tokens of a line joined by a space, lines joined without one
    (Chinese wraps anywhere) unless that would glue two numbers or words together."""
    out = ""
    prev_line = None
    for t in toks:
        if out and (t.line == prev_line or (out[-1].isascii() and out[-1].isalnum()
                                            and t.text[0].isascii() and t.text[0].isalnum())):
            out += " "
        out += t.text
        prev_line = t.line
    return out


class _Prose:
    """The document as one string without line breaks, blank lines or page numbers, mapping
    each offset back to its line, so a phrase and its value may sit on different lines."""

    def __init__(self, lines: list[str]) -> None:
        parts: list[str] = []
        self.starts: list[int] = []
        self.line_of: list[int] = []
        pos = 0
        for no, raw in enumerate(lines, start=1):
            text = raw.strip()
            if not text or PAGE_FURNITURE.match(text):
                continue
            self.starts.append(pos)
            self.line_of.append(no)
            parts.append(text)
            pos += len(text)
        self.text = "".join(parts)

    def line(self, offset: int) -> int:
        return self.line_of[max(0, bisect.bisect_right(self.starts, offset) - 1)]


@dataclass
class _Quote:
    figure: str
    value: Decimal | None
    value_text: str
    unit: str | None
    text: str
    line_start: int
    value_line: int
    line_end: int
    offset: int  # of the value in the prose stream: orders quotes printed on one line
    end: int  # of the quote in the prose stream
    code: str | None = None
    subject: str | None = None

    @property
    def order(self) -> tuple[int, int]:
        return self.value_line, self.offset


@dataclass
class _Label:
    """A 一级 / 二级 name printed as fragments between two rows, and the weight after it."""

    name: str
    line_start: int
    line_end: int
    weight: Decimal | None
    weight_line: int | None


@dataclass
class _Row:
    """A coded 三级 row of the scored table."""

    code_printed: str
    name: str
    line_start: int
    line_end: int
    weight: Decimal
    weight_line: int
    target: str | None
    max_score: Decimal | None
    score: Decimal
    score_line: int
    labels_before: list[_Label]


@dataclass
class _Ref:
    name: str
    row_no: int
    weight: Decimal
    line: int


# --- Entry point -----------------------------------------------------------------------------


def extract(doc: SourceDocument) -> Extraction:
    return _Report(doc).parse()


class _Report:
    def __init__(self, doc: SourceDocument) -> None:
        self.doc = doc
        self.lines = doc.lines
        self.flat = [_squash(line) for line in self.lines]
        self.out = Extraction(KIND)
        self.seqs: dict[str, int] = {}

    def fail(self, line: int, message: str) -> ExtractionError:
        return ExtractionError(self.doc.source_file, max(1, line), message)

    def dec(self, token: str, line: int) -> Decimal:
        value = parse_decimal(token, source_file=self.doc.source_file, line=line)
        if value is None:
            raise self.fail(line, f"expected a number, found {token!r}")
        return value

    def prov(self, table: str, start: int, end: int) -> dict:
        self.seqs[table] = self.seqs.get(table, 0) + 1
        return provenance(self.doc, KIND, start, end, self.seqs[table])

    def parse(self) -> Extraction:
        self._title()
        for target in extract_targets(self.lines, self.project, self.year,
                                      lambda a, b: self.prov("evaluation_target", a, b)):
            self.out.add("evaluation_target", target)
        prose = _Prose(self.lines)
        quotes = self._figure_quotes(prose)
        refs = self._framework()
        scored = self._scored_table(refs)
        self._prose_scores(prose, quotes, scored)
        self._other_quotes(prose, quotes, scored)
        self._report_row(prose, quotes)
        self._spending_items(prose, quotes)
        for q in sorted(quotes, key=lambda q: q.order):
            self.out.add("evaluation_quote", EvaluationQuote(
                project_name=self.project, fiscal_year=self.year, figure=q.figure,
                code=q.code, subject=q.subject, value=q.value, value_text=q.value_text,
                unit=q.unit, text=q.text,
                **self.prov("evaluation_quote", q.line_start, q.line_end),
            ))  # fmt: skip
        return self.out

    # -- title, unit ---------------------------------------------------------------------------

    def _title(self) -> None:
        nonempty = [i for i, f in enumerate(self.flat) if f][:TITLE_WITHIN]
        for k, i in enumerate(nonempty):
            end = next((e for e in TITLE_ENDS if self.flat[i].endswith(e)), None)
            if end is None:
                continue
            title = "".join(self.flat[j] for j in nonempty[:k + 1])
            m = TITLE.search(title.removesuffix(end))
            if not m:
                raise self.fail(nonempty[0] + 1, f"title {title!r} does not begin with a year")
            name = m.group("name")
            for suffix in PROJECT_NAME_SUFFIXES:
                if name.endswith(suffix) and len(name) > len(suffix):
                    name = name.removesuffix(suffix)
            self.year, self.project = int(m.group("year")), name
            self.title_line = nonempty[0] + 1
            self.title_end = i + 1
            return
        first = nonempty[0] + 1 if nonempty else 1
        raise self.fail(first, f"no title ending in {TITLE_ENDS[0]} in the first lines")

    def _closing_date(self) -> tuple[str, re.Match[str], int] | None:
        """The date under the signature: the last non-empty line, if it is one."""
        nonempty = [i for i, f in enumerate(self.flat) if f]
        if not nonempty:
            return None
        text = self.lines[nonempty[-1]].strip()
        m = CLOSING_DATE_PARTS.match(text)
        return (text, m, nonempty[-1] + 1) if m else None

    def _unit(self, prose: _Prose) -> tuple[str, int]:
        nonempty = [i for i, f in enumerate(self.flat) if f]
        if len(nonempty) >= 2 and CLOSING_DATE.match(self.lines[nonempty[-1]].strip()):
            i = nonempty[-2]
            sig = self.flat[i]
            if len(sig) <= SIGNATURE_MAX_CHARS and not re.search(r"[，。：；:;]", sig):
                return sig, i + 1
        m = UNIT_INTRO.search(prose.text)
        if m:
            return m.group("name"), prose.line(m.start("name"))
        raise self.fail(len(self.lines), "no unit: neither a signature above the closing date "
                        "nor '（以下简称' after its name")

    # -- figures in the prose ------------------------------------------------------------------

    def _figure_quotes(self, prose: _Prose) -> list[_Quote]:
        quotes: list[_Quote] = []
        for figure, (kind, phrases) in FIGURES.items():
            seen: set[int] = set()
            for phrase in phrases:
                for m in re.finditer(f"(?:{phrase})\\s*{VALUES[kind]}", prose.text):
                    vstart = m.start("grade" if kind == "grade" else "num")
                    if vstart in seen:
                        continue
                    seen.add(vstart)
                    quotes.append(self._quote(prose, figure, kind, m, vstart))
        return quotes

    def _other_quotes(self, prose: _Prose, quotes: list[_Quote], names: dict[str, str]) -> None:
        """Quote-only figures, module weights and other rates; a value already quoted as a
        key figure is not quoted twice."""
        seen = {q.offset for q in quotes if q.end}
        for figure, (kind, phrases) in QUOTED_FIGURES.items():
            for phrase in phrases:
                for m in re.finditer(f"(?:{phrase})\\s*{VALUES[kind]}", prose.text):
                    if m.start("num") not in seen:
                        seen.add(m.start("num"))
                        quotes.append(self._quote(prose, figure, kind, m, m.start("num")))
        for m in WEIGHT_LIST.finditer(prose.text):
            names_printed = (LIST_SEPARATORS.split(m.group("names").strip())
                             if m.group("names") else [])
            values = list(re.finditer(r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>[%％])",
                                      m.group("values")))
            if len(names_printed) != len(values):
                names_printed = [None] * len(values)  # names not printed beside: no subject
            for name, v in zip(names_printed, values, strict=True):
                at = m.start("values") + v.start("num")
                seen.add(at)
                line = prose.line(at)
                quotes.append(_Quote(
                    "module_weight_pct", self.dec(v.group("num"), line), v.group("num"), "%",
                    m.group(0), prose.line(m.start()), line, prose.line(m.end() - 1), at,
                    m.end(), code=names.get(_squash(name)) if name else None, subject=name))
        for m in RATE_QUOTE.finditer(prose.text):
            if m.start("num") in seen:
                continue
            seen.add(m.start("num"))
            q = self._quote(prose, "quoted_rate_pct", "pct", m, m.start("num"))
            q.subject = m.group("subject")
            quotes.append(q)

    def _quote(self, prose: _Prose, figure: str, kind: str, m: re.Match[str],
               vstart: int) -> _Quote:
        lines = prose.line(m.start()), prose.line(vstart), prose.line(m.end() - 1)
        if kind == "grade":
            return _Quote(figure, None, m.group("grade"), None, m.group(0), *lines, vstart,
                          m.end())
        value = self.dec(m.group("num"), prose.line(vstart))
        return _Quote(figure, value, m.group("num"), _squash(m.group("unit")), m.group(0),
                      *lines, vstart, m.end())

    def _report_row(self, prose: _Prose, quotes: list[_Quote]) -> None:
        first: dict[str, _Quote] = {}
        for q in sorted(quotes, key=lambda q: q.order):
            first.setdefault(q.figure, q)

        def value(figure: str) -> Decimal | None:
            q = first.get(figure)
            if q is None or q.value is None:
                return None
            return _scaled(q.value, q.unit)

        def line(figure: str) -> int | None:
            return first[figure].value_line if figure in first else None

        def unit(figure: str) -> str | None:
            q = first.get(figure)
            return q.unit.lstrip("".join(MULTIPLIERS)) if q and q.unit else None

        unit_name, unit_line = self._unit(prose)
        closing = self._closing_date()
        period = PERIOD.search(prose.text)

        def day(n: int) -> dt.date | None:
            if not period:
                return None
            y, m, d = (int(period.group(f"{p}{n}")) for p in "ymd")
            try:
                return dt.date(y, m, d)
            except ValueError as exc:
                raise self.fail(prose.line(period.start()), f"no such date {y}-{m}-{d}") from exc

        dept = DEPARTMENT_LABELS.search(prose.text)
        grade = first.get("grade")
        self.out.add("evaluation_report", EvaluationReport(
            project_name=self.project, fiscal_year=self.year, title_line=self.title_line,
            unit_name=unit_name, unit_name_line=unit_line,
            department_name=dept.group("name") if dept else None,
            department_name_line=prose.line(dept.start("name")) if dept else None,
            approved_budget_yuan=value("approved_budget_yuan"),
            approved_budget_yuan_line=line("approved_budget_yuan"),
            adjusted_budget_yuan=value("adjusted_budget_yuan"),
            adjusted_budget_yuan_line=line("adjusted_budget_yuan"),
            actual_spending_yuan=value("actual_spending_yuan"),
            actual_spending_yuan_line=line("actual_spending_yuan"),
            execution_rate_pct=value("execution_rate_pct"),
            execution_rate_pct_line=line("execution_rate_pct"),
            planned_quantity=value("planned_quantity"),
            planned_quantity_unit=unit("planned_quantity"),
            planned_quantity_line=line("planned_quantity"),
            actual_quantity=value("actual_quantity"),
            actual_quantity_unit=unit("actual_quantity"),
            actual_quantity_line=line("actual_quantity"),
            completion_rate_pct=value("completion_rate_pct"),
            completion_rate_pct_line=line("completion_rate_pct"),
            total_score=value("total_score"),
            total_score_line=line("total_score"),
            grade=grade.value_text if grade else None,
            grade_line=line("grade"),
            report_date_text=closing[0] if closing else None,
            report_year=int(closing[1].group("y")) if closing else None,
            report_month=int(closing[1].group("m")) if closing else None,
            report_day=int(closing[1].group("d")) if closing and closing[1].group("d") else None,
            report_date_line=closing[2] if closing else None,
            evaluation_period_start=day(1), evaluation_period_end=day(2),
            evaluation_period_line=prose.line(period.start()) if period else None,
            **self.prov("evaluation_report", self.title_line,
                        max(i for i, f in enumerate(self.flat, start=1) if f)),
        ))  # fmt: skip

    def _spending_items(self, prose: _Prose, quotes: list[_Quote]) -> None:
        """The parts of the first quoted spending, listed in the sentence after it."""
        spend = min((q for q in quotes if q.figure == "actual_spending_yuan"),
                    key=lambda q: q.order, default=None)
        if spend is None:
            return
        text = prose.text
        after = spend.end
        stop = text.find("。", after)
        stop = text.find("。", stop + 1) if stop >= 0 else -1
        window_end = stop if stop >= 0 else len(text)
        hits = [(text.find(mk, after, window_end), mk) for mk in COMPONENT_MARKERS]
        hits = [(pos, mk) for pos, mk in hits if pos >= 0]
        if not hits:
            return
        pos, marker = min(hits)
        start = pos + len(marker)
        # The list ends with its sentence; amounts in the next sentence are not parts.
        list_end = text.find("。", start)
        list_end = window_end if list_end < 0 else min(list_end, window_end)
        for piece in re.finditer(r"[^，；;]+", text[start:list_end]):
            m = COMPONENT.match(piece.group(0))
            if not m:
                continue
            at = start + piece.start()
            num_at = at + m.start("num")
            amount = _scaled(self.dec(m.group("num"), prose.line(num_at)), m.group("unit"))
            self.out.add("evaluation_spending_item", EvaluationSpendingItem(
                project_name=self.project, fiscal_year=self.year,
                item_name=m.group("name").strip(), amount_yuan=amount,
                **self.prov("evaluation_spending_item", prose.line(at + m.start("name")),
                            prose.line(at + m.end("unit") - 1)),
            ))  # fmt: skip

    # -- framework table (optional) ------------------------------------------------------------

    def _framework(self) -> dict[str, _Ref]:
        header = next((i for i, f in enumerate(self.flat) if FRAMEWORK_HEADER in f), None)
        if header is None:
            return {}
        refs: dict[str, _Ref] = {}
        for i in range(header + 1, len(self.lines)):
            text = self.lines[i].strip()
            total = FRAMEWORK_TOTAL.match(text)
            if total:
                refs[TOTAL_CODE] = _Ref(self.flat[i][:2], int(total.group("row")),
                                        self.dec(total.group("weight"), i + 1), i + 1)
                return refs
            m = FRAMEWORK_ROW.match(text)
            if m:
                if m.group("code") in refs:
                    raise self.fail(i + 1, f"framework code {m.group('code')} printed twice")
                refs[m.group("code")] = _Ref(m.group("name"), int(m.group("row")),
                                             self.dec(m.group("weight"), i + 1), i + 1)
        raise self.fail(len(self.lines), f"the framework table from line {header + 1} "
                        "has no 合计 line (cut off?)")

    # -- scored table --------------------------------------------------------------------------

    def _scored_table(self, refs: dict[str, _Ref]) -> dict[str, str]:
        """Reads the scored table and the module totals; returns indicator name -> code."""
        title = next((i for i, f in enumerate(self.flat) if i >= self.title_end
                      and any(t in f for t in SCORE_TABLE_TITLES)), None)
        if title is None:
            raise self.fail(len(self.lines), "no scored indicator table "
                            f"(a title naming {' / '.join(SCORE_TABLE_TITLES)})")
        header_end = next((i for i in range(title + 1, len(self.lines))
                           if SCORE_COLUMN in self.flat[i]), None)
        if header_end is None:
            raise self.fail(len(self.lines), f"the scored table from line {title + 1} "
                            f"has no header naming {SCORE_COLUMN}")
        header = "".join(self.flat[title + 1:header_end + 1])
        has_target = any(c in header for c in TARGET_COLUMNS)
        has_max = any(c in header for c in MAX_SCORE_COLUMNS)
        toks = _tokens(self.lines, header_end + 1, len(self.lines))
        found = _find_total(toks)
        if found is None:
            raise self.fail(len(self.lines), f"the scored table from line {title + 1} has no "
                            f"{TOTAL_LABELS[0]} line (cut off?)")
        at, label, numbers = found
        rows = self._scored_rows(toks[:at], has_target, has_max)
        need = 3 if has_max else 2
        if len(numbers) < need:
            raise self.fail(toks[at].line, f"the {label} line needs {need} numbers "
                            f"(weight{', 分值' if has_max else ''}, score)")
        total_line = numbers[-1].line
        total = {
            "weight": self.dec(numbers[-need].text, numbers[-need].line),
            "max": self.dec(numbers[-2].text, numbers[-2].line) if has_max else None,
            "score": self.dec(numbers[-1].text, total_line),
            "line_start": toks[at].line, "line_end": total_line, "label": label,
        }
        return self._emit_scores(rows, total, refs, total_line)

    def _scored_rows(self, toks: list[_Tok], has_target: bool, has_max: bool) -> list[_Row]:
        starts = [k for k, t in enumerate(toks) if LEVEL3_CODE.match(t.text)]
        if not starts:
            line = toks[0].line if toks else len(self.lines)
            raise self.fail(line, "the scored table has no coded rows (A11, ...)")
        labels = self._labels(toks[:starts[0]])
        rows: list[_Row] = []
        for n, k in enumerate(starts):
            end = starts[n + 1] if n + 1 < len(starts) else len(toks)
            row, rest = self._row(toks[k:end], has_target, has_max, labels)
            rows.append(row)
            labels = self._labels(rest)
        if labels:
            raise self.fail(labels[0].line_start, f"level name {labels[0].name!r} after the "
                            "last row of the scored table")
        return rows

    def _row(self, toks: list[_Tok], has_target: bool, has_max: bool,
             labels: list[_Label]) -> tuple[_Row, list[_Tok]]:
        m = LEVEL3_CODE.match(toks[0].text)
        assert m is not None
        code = m.group("code")
        name = [m.group("rest")] if m.group("rest") else []
        k = 1
        while k < len(toks) and not is_number(toks[k].text):
            name.append(toks[k].text)
            k += 1

        def number(what: str) -> _Tok:
            nonlocal k
            if k >= len(toks) or not is_number(toks[k].text):
                line = toks[k].line if k < len(toks) else toks[-1].line
                raise self.fail(line, f"row {code}: expected its {what}")
            k += 1
            return toks[k - 1]

        weight = number("weight")
        target: list[_Tok] = []
        if has_target:
            while k < len(toks) and not is_number(toks[k].text):
                target.append(toks[k])
                k += 1
        max_score = number("分值") if has_max else None
        score = number(SCORE_COLUMN)
        if not name:
            raise self.fail(toks[0].line, f"row {code} has no name")
        row = _Row(
            code_printed=code, name="".join(name), line_start=toks[0].line,
            line_end=score.line, weight=self.dec(weight.text, weight.line),
            weight_line=weight.line, target=_join_lines(target) or None,
            max_score=self.dec(max_score.text, max_score.line) if max_score else None,
            score=self.dec(score.text, score.line), score_line=score.line,
            labels_before=labels,
        )  # fmt: skip
        return row, toks[k:]

    def _labels(self, toks: list[_Tok]) -> list[_Label]:
        """Level names between rows: fragments joined up to the weight that closes each."""
        labels: list[_Label] = []
        frags: list[_Tok] = []
        for t in toks:
            if not is_number(t.text):
                frags.append(t)
                continue
            if not frags:
                raise self.fail(t.line, f"number {t.text} between rows of the scored table "
                                "with no level name before it")
            labels.append(_Label("".join(f.text for f in frags), frags[0].line, t.line,
                                 self.dec(t.text, t.line), t.line))
            frags = []
        if frags:
            labels.append(_Label("".join(f.text for f in frags), frags[0].line,
                                 frags[-1].line, None, None))
        return labels

    def _emit_scores(self, rows: list[_Row], total: dict, refs: dict[str, _Ref],
                     after: int) -> dict[str, str]:
        # Resolve the printed 三级 codes against the framework by name.
        codes: list[str] = []
        for row in rows:
            code = _resolve(row.code_printed, row.name, refs)
            if code in codes:
                raise self.fail(row.line_start, f"indicator code {code} printed twice "
                                "(and no framework row names it otherwise)")
            codes.append(code)
        # Tie each row's level names to the 一级 / 二级 codes it opens.
        opened: set[str] = set()
        level_rows: list[list[tuple[str, _Label]]] = []
        for row, code in zip(rows, codes, strict=True):
            new = [c for c in (code[0], code[:2]) if c not in opened]
            opened.update(new)
            if len(row.labels_before) != len(new):
                printed = ", ".join(repr(lb.name) for lb in row.labels_before) or "none"
                raise self.fail(row.line_start, f"row {row.code_printed}: level names before "
                                f"it ({printed}) do not match the levels it opens "
                                f"({', '.join(new) or 'none'})")
            level_rows.append(list(zip(new, row.labels_before, strict=True)))
        modules = self._module_totals(
            [(c, lb) for group in level_rows for c, lb in group if len(c) == 1], after)
        names: dict[str, str] = {}
        for row, code, group in zip(rows, codes, level_rows, strict=True):
            for c, lb in group:
                mod = modules.get(c)
                self._add_score(
                    code=c, code_printed=None, level=len(c),
                    parent_code=TOTAL_CODE if len(c) == 1 else c[0],
                    name=lb.name, weight=lb.weight, weight_line=lb.weight_line, target=None,
                    max_score=None, score=mod[0] if mod else None,
                    score_line=mod[1] if mod else None, refs=refs,
                    lines=(lb.line_start, lb.line_end))
                names.setdefault(lb.name, c)
            self._add_score(
                code=code, code_printed=row.code_printed, level=3, parent_code=code[:2],
                name=row.name, weight=row.weight, weight_line=row.weight_line,
                target=row.target, max_score=row.max_score, score=row.score,
                score_line=row.score_line, refs=refs, lines=(row.line_start, row.line_end))
            names.setdefault(row.name, code)
        self._add_score(
            code=TOTAL_CODE, code_printed=None, level=0, parent_code=None,
            name=total["label"], weight=total["weight"], weight_line=total["line_end"],
            target=None, max_score=total["max"], score=total["score"],
            score_line=total["line_end"], refs=refs,
            lines=(total["line_start"], total["line_end"]))
        return names

    def _add_score(self, *, code: str, code_printed: str | None, level: int,
                   parent_code: str | None, name: str, weight: Decimal | None,
                   weight_line: int | None, target: str | None, max_score: Decimal | None,
                   score: Decimal | None, score_line: int | None, refs: dict[str, _Ref],
                   lines: tuple[int, int]) -> None:
        ref = refs.get(code)
        self.out.add("evaluation_score", EvaluationScore(
            project_name=self.project, fiscal_year=self.year, code=code,
            code_printed=code_printed, level=level, parent_code=parent_code,
            indicator_name=name, weight=weight, weight_line=weight_line, target_text=target,
            max_score=max_score, score=score, score_line=score_line,
            reference_name=ref.name if ref else None,
            reference_weight=ref.weight if ref else None,
            reference_row_no=ref.row_no if ref else None,
            reference_line=ref.line if ref else None,
            **self.prov("evaluation_score", *lines),
        ))  # fmt: skip

    def _module_totals(self, modules: list[tuple[str, _Label]],
                       after: int) -> dict[str, tuple[Decimal, int]]:
        """Score of each 一级 module from the 合计 line of its section's table."""
        heads: list[tuple[int, str, str]] = []
        for code, label in modules:
            pattern = re.compile(MODULE_HEADING.format(name=re.escape(label.name)))
            i = next((i for i in range(after, len(self.flat)) if pattern.match(self.flat[i])),
                     None)
            if i is not None:
                heads.append((i, code, label.name))
        heads.sort()
        out: dict[str, tuple[Decimal, int]] = {}
        self.module_quotes: list[tuple[str, str, str, _Tok, _Tok, int]] = []
        for n, (i, code, name) in enumerate(heads):
            end = heads[n + 1][0] if n + 1 < len(heads) else len(self.lines)
            toks = _tokens(self.lines, i + 1, end)
            found = _find_total(toks)
            if found is None:
                continue
            at, label, numbers = found
            if len(numbers) < 2:
                raise self.fail(toks[at].line, f"the {label} line of the {name} table needs "
                                "its weight and score")
            weight, score = numbers[0], numbers[-1]
            out[code] = (self.dec(score.text, score.line), score.line)
            self.module_quotes.append((code, name, label, weight, score, toks[at].line))
        return out

    # -- prose scores --------------------------------------------------------------------------

    def _prose_scores(self, prose: _Prose, quotes: list[_Quote], names: dict[str, str]) -> None:
        text = prose.text

        def code_of(name: str) -> str | None:
            return names.get(_squash(name))

        events: list[tuple[int, str, re.Match[str]]] = []
        for kind, pattern in (("heading", INDICATOR_HEADING), ("conclusion", CONCLUSION),
                              ("module", MODULE_PROSE)):
            events.extend((m.start(), kind, m) for m in pattern.finditer(text))
        subject: str | None = None
        for _, kind, m in sorted(events, key=lambda e: e[0]):
            if kind == "conclusion":
                if subject is None:
                    continue
                quotes.append(self._score_quote(
                    prose, m, "indicator_score", "score", subject, code_of(subject)))
                continue
            subject = _squash(m.group("name"))
            prefix = "indicator" if kind == "heading" else "module"
            quotes.append(self._score_quote(
                prose, m, f"{prefix}_score", "score", subject, code_of(subject)))
            if m.group("max"):
                quotes.append(self._score_quote(
                    prose, m, f"{prefix}_weight", "max", subject, code_of(subject)))
            if kind == "module":
                subject = None
        # The module tables' 合计 lines are quotes of the module's weight and score too.
        for code, name, label, weight, score, line in self.module_quotes:
            for figure, tok in (("module_weight", weight), ("module_score", score)):
                quotes.append(_Quote(
                    figure, self.dec(tok.text, tok.line), tok.text, "分",
                    f"{label} {weight.text} {score.text}", line, tok.line, score.line, 0, 0,
                    code=code, subject=name))

    def _score_quote(self, prose: _Prose, m: re.Match[str], figure: str, group: str,
                     subject: str, code: str | None) -> _Quote:
        vstart = m.start(group)
        value = self.dec(m.group(group), prose.line(vstart))
        return _Quote(figure, value, m.group(group), "分", m.group(0), prose.line(m.start()),
                      prose.line(vstart), prose.line(m.end() - 1), vstart, m.end(),
                      code=code, subject=subject)


def _find_total(toks: list[_Tok]) -> tuple[int, str, list[_Tok]] | None:
    """First total label (possibly printed one character a line) and the numbers after it."""
    for k in range(len(toks)):
        for label in TOTAL_LABELS:
            acc, m = "", k
            while m < len(toks) and label.startswith(acc + toks[m].text) and acc != label:
                acc += toks[m].text
                m += 1
            if acc == label:
                numbers = []
                while m < len(toks) and is_number(toks[m].text):
                    numbers.append(toks[m])
                    m += 1
                return k, label, numbers
    return None


def _resolve(printed: str, name: str, refs: dict[str, _Ref]) -> str:
    """The printed code, unless the framework gives that code another name and names exactly
    one code of the same level like this row (a misprinted code)."""
    ref = refs.get(printed)
    if ref is None or _squash(ref.name) == _squash(name):
        return printed
    same = [c for c, r in refs.items()
            if len(c) == len(printed) and _squash(r.name) == _squash(name)]
    return same[0] if len(same) == 1 else printed


def _scaled(value: Decimal, unit: str | None) -> Decimal:
    """A value in its unit's base (万元 -> 元, 万张 -> 张); the printed scale is kept."""
    if unit and unit[0] in MULTIPLIERS and len(unit) > 1:
        return value * MULTIPLIERS[unit[0]]
    return value

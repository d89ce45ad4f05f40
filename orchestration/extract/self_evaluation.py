"""财政项目支出绩效自评表 (project performance self-evaluation) from PDF text.

A document holds one form per project. Each form: a header (项目名称, 主管部门, 实施单位, year), the
funding block (one row per funding source, columns named by the header line), the
年度总体目标 texts, the indicator table and the 总分 / 评分等级 lines.

The indicator table is the hard part. The PDF-to-text tool prints the merged 一级/二级 level cells
as short fragments ("可持", "续影", "响指", "标") interleaved with the rows, wraps names, targets
and actuals over several lines, and prints the deviation note (偏差原因分析) after the row's score.
The parser therefore works on meaning, not positions:
- level fragments are recognised against the indicator taxonomy (LEVEL1 / LEVEL2);
- a row ends at a line whose last two tokens are numbers (分值 and 得分);
- lines between two rows are split into the previous row's deviation note and the next row's
  leading text by sentence ends and level boundaries;
- a row's text is split into name, target and actual by what values look like.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from .common import (
    INLINE_SPACE,
    Extraction,
    ExtractionError,
    Record,
    SourceDocument,
    amount_token,
    fast_init,
    is_number,
    line_indices,
    parse_decimal,
    search_line_start,
    spaced,
    squash,
)
from .targets import parse_value

KIND = "self_evaluation"
TITLE = "财政项目支出绩效自评表"

# --- Conventions (vary between bodies; kept as data) -------------------------------------------

# Funding-block column headers -> field.
FUNDING_COLUMNS = {
    "年初预算数": "initial_budget_wan",
    "全年预算数": "full_year_budget_wan",
    "调整后预算数": "full_year_budget_wan",
    "全年执行数": "executed_wan",
    "预算执行数": "executed_wan",
    "执行数": "executed_wan",
    "分值": "weight",
    "分数": "weight",
    "权重": "weight",
    "执行率(%)": "execution_rate_pct",
    "执行率（%）": "execution_rate_pct",
    "执行率": "execution_rate_pct",
    "得分": "score",
}
REQUIRED_FUNDING_COLUMNS = ("full_year_budget_wan", "executed_wan", "execution_rate_pct")

# Funding-row labels (spaces, colons and "其中" removed) -> source code.
FUNDING_SOURCES = {
    "年度资金总额": "total",
    "资金总额": "total",
    "当年财政拨款": "current_appropriation",
    "本年财政拨款": "current_appropriation",
    "财政拨款": "current_appropriation",
    "上年结转资金": "prior_year_carryover",
    "上年结转": "prior_year_carryover",
    "其他资金": "other",
}

# Indicator taxonomy: 一级 and 二级 labels (the 2020 national framework and the older one).
LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标")
LEVEL2 = (
    "数量指标", "质量指标", "时效指标", "成本指标",
    "经济成本指标", "社会成本指标", "生态环境成本指标",
    "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标",
    "服务对象满意度指标",
)  # fmt: skip

# Qualitative actuals begin with one of these (达成指标, 部分达成指标并具有一定效果, ...).
RESULT_MARKERS = ("部分达成", "基本达成", "未达成", "达成指标", "达成")

# A name line this long (in characters) filled its cell, so the name may go on on the next line.
NAME_WRAP_CHARS = 14
# A leftover after a row's score this short, with no sentence in it, is the tail of the row's
# wrapped target cell (the text tool prints a tall cell's last line after the row), not a note.
CELL_TAIL_MAX_CHARS = 2
# Longer lines are never level fragments unless they are a whole label; a label's first
# fragment has at least two characters (a lone "数" or "成" is the tail of a wrapped cell).
LEVEL_FRAGMENT_MAX = 4
LEVEL_FRAGMENT_MIN_START = 2
SENTENCE_ENDS = ("。", "；", ";", "！", "!")
# Page furniture some bodies print inside tables.
PAGE_FURNITURE = re.compile(r"^(第\s*\d+\s*页(\s*共\s*\d+\s*页)?|-\s*\d+\s*-|\d+\s*/\s*\d+)$")

_YEAR = re.compile(r"[（(]\s*(\d{4})\s*年度?\s*[)）]")
_HEADER_LABELS = ("项目名称", "主管部门", "实施单位")


_LABELS = frozenset(LEVEL1 + LEVEL2)
_LABELS_BY_PREFIX: dict[str, list[str]] = {}
for _label in dict.fromkeys(LEVEL1 + LEVEL2):
    for _k in range(1, len(_label) + 1):
        _LABELS_BY_PREFIX.setdefault(_label[:_k], []).append(_label)
# Labels no other label starts with: printing one is finished once its last fragment is read.
_FINISHED_LABELS = frozenset(lab for lab in _LABELS if _LABELS_BY_PREFIX[lab] == [lab])

# --- Records ---------------------------------------------------------------------------------


@fast_init
@dataclass(frozen=True, kw_only=True)
class SelfEvaluationProject(Record):
    project_name: str
    department_name: str
    unit_name: str
    fiscal_year: int
    total_weight: Decimal | None
    total_score_reported: Decimal | None
    grade_reported: str | None
    goal_expected: str | None
    goal_actual: str | None
    # project, or department for a 部门整体绩效自评表 (its "project" is the department's whole
    # spending); None: a text form, always a project's.
    form_scope: str | None = None
    page: int | None = None  # PDF page, table on the page, row in the table (1-based)
    table_no: int | None = None
    row_no: int | None = None


@fast_init
@dataclass(frozen=True, kw_only=True)
class SelfEvaluationFunding(Record):
    project_name: str
    fiscal_year: int
    funding_source: str
    source_label: str
    initial_budget_wan: Decimal | None
    full_year_budget_wan: Decimal | None
    executed_wan: Decimal | None
    weight: Decimal | None
    execution_rate_pct: Decimal | None
    score: Decimal | None
    # Printed by the 部门整体 form only: 年中调整金额, 本年度结余金额, 资金结余率 (four decimals).
    adjustment_wan: Decimal | None = None
    balance_wan: Decimal | None = None
    balance_rate_pct: Decimal | None = field(default=None, metadata={"sql": "DECIMAL(24,6)"})
    page: int | None = None  # PDF page, table on the page, row in the table (1-based)
    table_no: int | None = None
    row_no: int | None = None


@fast_init
@dataclass(frozen=True, kw_only=True)
class SelfEvaluationIndicator(Record):
    project_name: str
    fiscal_year: int
    level1: str | None
    level2: str | None
    indicator_name: str
    target_raw: str | None
    target_op: str | None
    target_value: Decimal | None = field(metadata={"sql": "DECIMAL(24,6)"})
    target_unit: str | None
    actual_raw: str | None
    actual_value: Decimal | None = field(metadata={"sql": "DECIMAL(24,6)"})
    actual_unit: str | None
    weight: Decimal
    score_reported: Decimal | None  # a blank 得分 (PDF forms left unscored): not 0
    deviation_note: str | None
    page: int | None = None  # PDF page, table on the page, row in the table (1-based)
    table_no: int | None = None
    row_no: int | None = None


# --- Entry point -----------------------------------------------------------------------------


def extract(doc: SourceDocument) -> Extraction:
    lines = doc.lines
    starts = line_indices(doc.unix_text, _TITLE_LINE, line_start=True)
    if not starts:
        raise ExtractionError(doc.source_file, 1, f"no '{TITLE}' title line")
    out = Extraction(KIND)
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        _Form(doc, lines, start, end, out).parse()
    return out


# --- Helpers ---------------------------------------------------------------------------------


_squash = squash
# A line that is the title once its whitespace is removed.
# (Searched from its first character, line_start checking what precedes it: see
# search_line_start.)
_TITLE_LINE = re.compile(f"{spaced(TITLE)}{INLINE_SPACE}$", re.M)
# The form's landmarks, searched in its text: each matches a line as the test named in its
# comment matches the line's squashed text (spaced: whitespace allowed between characters).
_YEAR_LINE = re.compile(INLINE_SPACE.join(  # _YEAR.search
    (r"[（(]", r"\d", r"\d", r"\d", r"\d", "年", "度?", r"[)）]")))
_FUNDING_HEADER_LINE = re.compile(  # "年初预算数" in t or "全年预算数" in t
    f"{spaced('年初预算数')}|{spaced('全年预算数')}")
_GOALS_LINE = re.compile(spaced("预期目标"))  # "预期目标" in t
_TABLE_HEADER_LINE = re.compile(spaced("一级"))  # t.startswith("一级"), found at a line start
_TOTAL_LINE = re.compile(spaced("总分"))  # t.startswith("总分"), found at a line start
_DASHES = frozenset({"-", "—"})  # a funding cell left empty
_VALUE_START = re.compile(r"[-\d=≥≤<>]")
_OPERATOR_START = re.compile(r"[=≥≤<>＝]")
_NUMBERED = re.compile(r"^[1１一][.．、]")
assert all("达成" in marker for marker in RESULT_MARKERS)  # _split_row's quick test
_RESULT_MARKER = re.compile(r"(?:^|\s)(" + "|".join(RESULT_MARKERS) + ")")
_HEADER_LABEL = re.compile("|".join(_HEADER_LABELS))


def _join_wrapped(pieces: list[str]) -> str:
    """Join a cell's wrapped lines: no space inside a word, one between two printed values."""
    if len(pieces) == 1:  # most cells: nothing to join
        return pieces[0].strip()
    out = ""
    for piece in (p.strip() for p in pieces):
        if not piece:
            continue
        if out and (out[-1].isdigit() or out[-1] == ")") and _VALUE_START.match(piece):
            out += " "
        out += piece
    return out


@dataclass(slots=True)
class _Line:
    no: int  # 1-based
    text: str


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
        self.start, self.end = start, end
        # Each line stripped (body[i] is line start + i + 1). Labels are compared without any
        # whitespace (squash), landmarks found by one search of the form's text (find).
        self.body = list(map(str.strip, lines[start:end]))
        self.text = "\n".join(lines[start:end])
        self.offsets = {0: 0}  # body index -> where its line starts in self.text, once known

    def no(self, i: int) -> int:
        """The 1-based line number of body[i]."""
        return self.start + i + 1

    def fail(self, line: int, message: str) -> ExtractionError:
        return ExtractionError(self.doc.source_file, line, message)

    def find(self, pattern: re.Pattern[str], start: int, what: str,
             line_start: bool = False) -> int:
        """Index of the first body line at or after `start` in which pattern matches (with
        line_start: matches with only whitespace before it on its line)."""
        pos = self.offsets.get(start)
        if pos is None:
            pos = self.offsets[start] = sum(len(line) + 1 for line in self.text.split("\n")[:start])
        if line_start:
            m = search_line_start(pattern, self.text, pos)
        else:
            m = pattern.search(self.text, pos)
        if m is None:
            raise self.fail(self.end, f"form from line {self.start + 1}: {what} not found")
        i = start + self.text.count("\n", pos, m.start())
        self.offsets[i] = self.text.rfind("\n", 0, m.start()) + 1
        return i

    # -- header --------------------------------------------------------------------------------

    def parse(self) -> None:
        year_i = self.find(_YEAR_LINE, 0, "the year line '（YYYY年度）'")
        fiscal_year = int(_YEAR.search(self.body[year_i]).group(1))
        header = self._header_fields(year_i)
        funding_i = self.find(_FUNDING_HEADER_LINE, year_i,
                              "the funding header (年初预算数 / 全年预算数)")
        goals_i = self.find(_GOALS_LINE, funding_i, "the 预期目标 line")
        table_i = self.find(_TABLE_HEADER_LINE, goals_i, "the indicator table header (一级指标)",
                            line_start=True)
        total_i = self.find(_TOTAL_LINE, table_i, "the 总分 line", line_start=True)

        name = header["项目名称"]
        self._funding(funding_i, goals_i, name, fiscal_year)
        goal_lines = self.body[goals_i + 1:table_i]
        goal_expected, goal_actual = _split_goals(goal_lines)
        self._indicators(table_i, total_i, name, fiscal_year)

        total_tokens = self.body[total_i].split()
        numbers = [t for t in total_tokens[1:] if is_number(t)]
        if len(numbers) != 2:
            raise self.fail(self.no(total_i), "总分 line needs the total weight and the score")
        total_weight, total_score = (self._dec(t, self.no(total_i)) for t in numbers)
        grade, last = None, total_i
        for i in range(total_i + 1, len(self.body)):
            if not self.body[i]:
                continue  # blank (body lines are stripped)
            text = _squash(self.body[i])
            if text.startswith("评分等级"):
                grade, last = text.removeprefix("评分等级").lstrip("：:") or None, i
                break
            if text:
                break
        projects = self.out.rows("self_evaluation_project")
        projects.append(SelfEvaluationProject.build(
            self.doc, KIND, self.start + 1, self.no(last), len(projects) + 1,
            project_name=name,
            department_name=header["主管部门"],
            unit_name=header["实施单位"],
            fiscal_year=fiscal_year,
            total_weight=total_weight,
            total_score_reported=total_score,
            grade_reported=grade,
            goal_expected=goal_expected,
            goal_actual=goal_actual,
        ))  # fmt: skip

    def _header_fields(self, after: int) -> dict[str, str]:
        """项目名称 / 主管部门 / 实施单位: each label's value runs to the next label or line end."""
        found: dict[str, str] = {}
        label_re = _HEADER_LABEL
        body = self.body
        for i in range(after, len(body)):  # not body[after:]: no copy of the form's lines
            text = body[i]
            if not text:
                continue  # a blank line holds no label
            if "年初预算数" in text or "项目资金" in text:
                break
            marks = list(label_re.finditer(text))
            for k, m in enumerate(marks):
                stop = marks[k + 1].start() if k + 1 < len(marks) else len(text)
                value = text[m.end():stop].strip().lstrip("：:").strip()
                if value:
                    found[m.group(0)] = value
        missing = [label for label in _HEADER_LABELS if label not in found]
        if missing:
            raise self.fail(self.no(after), f"header label(s) {', '.join(missing)} not found")
        return found

    def _dec(self, token: str, line: int) -> Decimal | None:
        return parse_decimal(token, source_file=self.doc.source_file, line=line)

    # -- funding block -------------------------------------------------------------------------

    def _funding(self, header_i: int, stop_i: int, name: str, year: int) -> None:
        header_no = self.no(header_i)
        columns = []
        for token in self.body[header_i].split():
            if token not in FUNDING_COLUMNS:
                raise self.fail(header_no, f"unknown funding column {token!r}")
            columns.append(FUNDING_COLUMNS[token])
        for required in REQUIRED_FUNDING_COLUMNS:
            if required not in columns:
                raise self.fail(header_no, f"funding header lacks {required}")
        label_parts: list[str] = []
        label_start = None
        seen: set[str] = set()
        for i in range(header_i + 1, stop_i):
            if not self.body[i]:
                continue  # blank (body lines are stripped)
            tokens = self.body[i].split()
            if "".join(tokens) in {"年度", "年度总体目标"}:  # the line squashed
                break
            k = len(tokens)  # the values are the trailing numbers and dashes
            parsed: list[Decimal | None] = []  # their amounts, last first (a dash: None)
            while k:
                token = tokens[k - 1]
                if token in _DASHES:
                    parsed.append(None)
                elif (amount := amount_token(token)) is not None:
                    parsed.append(amount)
                else:
                    break
                k -= 1
            values = tokens[k:]
            label_parts.extend(tokens[:k])
            no = self.no(i)
            label_start = label_start or no
            if not values:
                continue
            if len(values) != len(columns):
                raise self.fail(no, f"funding row has {len(values)} values, "
                                f"the header names {len(columns)} columns")
            label = "".join(label_parts).removeprefix("其中").strip("：:")  # tokens: no spaces
            source = FUNDING_SOURCES.get(label)
            if source is None:
                raise self.fail(no, f"unknown funding source {label!r}")
            if source in seen:
                raise self.fail(no, f"funding source {label!r} printed twice")
            seen.add(source)
            amounts = dict(zip(columns, reversed(parsed), strict=True))
            funding = self.out.rows("self_evaluation_funding")
            funding.append(SelfEvaluationFunding.build(
                self.doc, KIND, label_start, no, len(funding) + 1,
                project_name=name, fiscal_year=year, funding_source=source, source_label=label,
                initial_budget_wan=amounts.get("initial_budget_wan"),
                full_year_budget_wan=amounts.get("full_year_budget_wan"),
                executed_wan=amounts.get("executed_wan"),
                weight=amounts.get("weight"),
                execution_rate_pct=amounts.get("execution_rate_pct"),
                score=amounts.get("score"),
            ))  # fmt: skip
            label_parts, label_start = [], None
        if "total" not in seen:
            raise self.fail(header_no, "funding block has no 年度资金总额 row")

    # -- indicator table -----------------------------------------------------------------------

    def _indicators(self, header_i: int, total_i: int, name: str, year: int) -> None:
        # The header runs from "一级" to the line naming 得分, plus the wrapped 偏差原因分析 label.
        i = header_i
        while i < total_i and "得分" not in self.body[i]:
            i += 1
        if i == total_i:
            raise self.fail(self.no(header_i), "indicator header without 得分 column")
        i += 1
        tail = ""
        while i < total_i and (not self.body[i] or "偏差原因分析及改进措施".startswith(
                tail + _squash(self.body[i]))):
            tail += _squash(self.body[i])
            i += 1
        if tail and "改进措施" not in tail:
            raise self.fail(self.no(i - 1), "indicator header's 偏差原因分析 label is cut off")
        table = _IndicatorTable(self, name, year)
        feed = table.feed
        for no, text in enumerate(self.body[i:total_i], self.no(i)):
            if text:  # blank lines carry nothing
                feed(no, text)
        table.finish()


def _split_goals(pieces: list[str]) -> tuple[str | None, str | None]:
    """Split the two side-by-side 年度总体目标 cells (预期目标, 实际完成情况).

    The text tool prints the left cell, then the right one. The left one ends at a line ending a
    sentence; when it is numbered ("1.") it ends where the numbering starts again at "1.".
    """
    lines = [p.strip() for p in pieces if p.strip()]
    if not lines:
        return None, None
    numbered = _NUMBERED.match(lines[0])
    for k, line in enumerate(lines[:-1]):
        if not line.endswith(SENTENCE_ENDS):
            continue
        if numbered and not _NUMBERED.match(lines[k + 1]):
            continue
        return "".join(lines[: k + 1]), "".join(lines[k + 1:])
    return "".join(lines), None


@dataclass(slots=True)
class _Row:
    lines: list[_Line]
    weight: Decimal
    score: Decimal
    level1: str | None
    level2: str | None
    deviation: list[_Line] = field(default_factory=list)


_BOUNDARY = _Line(0, "")  # marks a level label between pending lines


class _IndicatorTable:
    def __init__(self, form: _Form, project: str, year: int) -> None:
        self.form, self.project, self.year = form, project, year
        self.level1: str | None = None
        self.level2: str | None = None
        self.ambiguous: str | None = None  # a label valid at both levels, not yet placed
        # Labels being printed. The 一级 and 二级 columns interleave their fragments
        # ("满意 服务" / "度指" / "标" / "对象" ...), so two can be open at once.
        self.buffers: list[str] = []
        self.tentative: set[str] = set()  # labels already applied from an unfinished buffer
        self.pending: list[_Line] = []
        self.rows: list[_Row] = []

    # Level labels -----------------------------------------------------------------------------

    @staticmethod
    def _labels_starting(prefix: str) -> list[str]:
        return _LABELS_BY_PREFIX.get(prefix, [])

    def _take_fragment(self, token: str) -> bool:
        """Consume token as a level-label fragment if it continues or starts a known label."""
        buffers = self.buffers
        if buffers:
            for k, buf in enumerate(buffers):
                if (grown := buf + token) in _LABELS_BY_PREFIX:
                    buffers[k] = grown
                    if grown in _FINISHED_LABELS:
                        self._finished(k)
                    return True
        if len(token) > LEVEL_FRAGMENT_MAX and token not in _LABELS:
            return False  # the common case: an ordinary cell
        if len(token) < LEVEL_FRAGMENT_MIN_START or token not in _LABELS_BY_PREFIX:
            return False
        # A label never interrupts a name that filled its cell and goes on on the next line.
        pending = self.pending
        if pending and pending[-1] is not _BOUNDARY and _fills_name_cell(pending[-1].text):
            return False
        buffers.append(token)
        if token in _FINISHED_LABELS:
            self._finished(len(buffers) - 1)
        return True

    def _finished(self, k: int) -> None:
        """buffers[k] has become a whole label: it applies (unless already applied unfinished)."""
        label = self.buffers.pop(k)
        if label in self.tentative:
            self.tentative.discard(label)
        else:
            self._apply(label)

    def _apply(self, label: str) -> None:
        if self.ambiguous:  # a both-level label followed by another label was a 一级
            self.level1, self.level2, self.ambiguous = self.ambiguous, None, None
            if label in LEVEL1 and label not in LEVEL2:
                self.level1 = label
                return
        if label in LEVEL1 and label in LEVEL2:
            self.ambiguous = label
        elif label in LEVEL1:
            self.level1, self.level2 = label, None
        else:
            self.level2 = label

    def _levels_for_row(self) -> tuple[str | None, str | None]:
        if self.buffers:
            self._apply_unfinished()
        if self.ambiguous:  # a both-level label straight before a row is a 二级
            self.level2, self.ambiguous = self.ambiguous, None
        return self.level1, self.level2

    def _apply_unfinished(self) -> None:
        # Labels still being printed apply if their prefix is unambiguous; 一级 first.
        guesses = []
        for buf in self.buffers:
            options = self._labels_starting(buf)
            if len(options) > 1 and self.level1:
                options = [o for o in options if o in LEVEL2] or options
            if len(options) == 1 and options[0] not in self.tentative:
                guesses.append(options[0])
        for label in sorted(guesses, key=lambda lab: lab not in LEVEL1):
            self._apply(label)
            self.tentative.add(label)

    # Lines ------------------------------------------------------------------------------------

    def feed(self, no: int, text: str) -> None:
        """One non-empty line (stripped) of the table."""
        if ((c := text[0]) in "第-" or c.isdecimal()) and PAGE_FURNITURE.match(text):
            return
        tokens = text.split()
        first = tokens[0]
        # _take_fragment's own first test, inlined: most lines are ordinary cells.
        if self.buffers or len(first) <= LEVEL_FRAGMENT_MAX or first in _LABELS:
            if len(tokens) == 1:  # most fragments are a line of their own
                self.pending.append(_BOUNDARY if self._take_fragment(first) else _Line(no, first))
                return
            taken = 0
            while taken < len(tokens) and self._take_fragment(tokens[taken]):
                taken += 1
            if taken:
                self.pending.append(_BOUNDARY)
                if taken == len(tokens):
                    return
                tokens = tokens[taken:]
        # Tokens hold no whitespace, so the number pattern needs no strip (as is_number does).
        if len(tokens) >= 2 and (score := amount_token(tokens[-1])) is not None \
                and (weight := amount_token(tokens[-2])) is not None:
            self._row(no, tokens, weight, score)
        else:
            self.pending.append(_Line(no, " ".join(tokens)))

    def _row(self, no: int, tokens: list[str], weight: Decimal, score: Decimal) -> None:
        """A score line: tokens end with the row's weight and score (amounts, as parsed)."""
        head = _Line(no, " ".join(tokens[:-2]))
        pending, self.pending = self.pending, []
        lead = self._split_pending(pending, len(tokens) - 2) if pending else []
        if self.buffers or self.ambiguous:
            level1, level2 = self._levels_for_row()
        else:  # what _levels_for_row returns then
            level1, level2 = self.level1, self.level2
        row_lines = [*lead, head] if head.text else lead
        if not row_lines:
            raise self.form.fail(no, "indicator score line with no indicator before it")
        self.rows.append(_Row(row_lines, weight, score, level1, level2, []))

    def _split_pending(self, pending: list[_Line], head_tokens: int) -> list[_Line]:
        """Give the previous row its deviation note; return the lines that lead this row.

        Rules, in order: a score line holding name, target and actual (three tokens before its
        scores) takes nothing; else the row starts at a "name target" line, else after the last
        level label, else after the last line that ends a sentence (deviation notes are
        sentences; names and targets are not).
        """
        note: list[_Line] = []
        lead: list[_Line] = []
        if head_tokens >= 3:  # everything pending is the previous row's
            for p in pending:
                if p is not _BOUNDARY:
                    note.append(p)
        else:
            cut = _row_start(pending)
            for k, p in enumerate(pending):
                if p is not _BOUNDARY:
                    (note if k < cut else lead).append(p)
        if note:
            if not self.rows:
                raise self.form.fail(note[0].no, "text before the first indicator row")
            self.rows[-1].deviation.extend(note)
        return lead

    def finish(self) -> None:
        note = [p for p in self.pending if p is not _BOUNDARY]
        if note:
            if not self.rows:
                raise self.form.fail(note[0].no, "indicator table has no rows")
            self.rows[-1].deviation.extend(note)
        if not self.rows:
            raise self.form.fail(self.form.end, "indicator table has no rows")
        emitted = self.form.out.rows("self_evaluation_indicator")
        for row in self.rows:
            self._emit(row, emitted)

    def _emit(self, row: _Row, emitted: list[Record]) -> None:
        f = self.form
        lines = row.lines
        name, target, actual = _split_row(
            [lines[0].text] if len(lines) == 1 else [ln.text for ln in lines])  # most: one line
        tail = "".join([ln.text for ln in row.deviation]) if row.deviation else ""
        if target and len(row.lines) > 2 and 0 < len(tail) <= CELL_TAIL_MAX_CHARS \
                and not tail.endswith(SENTENCE_ENDS):
            target, row.lines = target + tail, row.lines + row.deviation
            row.deviation, tail = [], ""
        if not name:
            raise f.fail(row.lines[0].no, "indicator row without a name")
        t_op, t_val, t_unit = parse_value(target)
        _, a_val, a_unit = parse_value(actual)
        note = tail or None
        last = (row.deviation or row.lines)[-1].no
        emitted.append(SelfEvaluationIndicator.build(
            f.doc, KIND, row.lines[0].no, last, len(emitted) + 1,
            project_name=self.project, fiscal_year=self.year,
            level1=row.level1, level2=row.level2, indicator_name=name,
            target_raw=target, target_op=t_op, target_value=t_val, target_unit=t_unit,
            actual_raw=actual, actual_value=a_val, actual_unit=a_unit,
            weight=row.weight, score_reported=row.score, deviation_note=note,
        ))  # fmt: skip


_NAME_AND_TARGET = re.compile(r"^\S+\s+[=≥≤<>＝]\s*[-\d]")


def _row_start(pending: list[_Line]) -> int:
    """Where the next row's leading lines start in `pending` (rules: _split_pending)."""
    bound = end = None  # the last level label, the last line ending a sentence
    for k in range(len(pending) - 1, -1, -1):  # one backward scan for the three rules
        p = pending[k]
        if p is _BOUNDARY:
            if bound is None:
                bound = k
            continue
        # A line's text is its tokens joined by single spaces: no space, no "name target".
        if " " in p.text and _NAME_AND_TARGET.match(p.text):
            return k  # the last "name target" line
        if end is None and p.text.endswith(SENTENCE_ENDS):
            end = k
    if bound is not None and bound + 1 < len(pending):
        return bound + 1
    return end + 1 if end is not None else 0


def _fills_name_cell(text: str) -> bool:
    return len(text) >= NAME_WRAP_CHARS and " " not in text and not text.endswith(SENTENCE_ENDS)


def _continues_name(pieces: list[str], k: int) -> bool:
    """Is pieces[k] the rest of the name started above it, rather than the target's first line?

    Only after a line that filled the name cell. A wrapped target's first line is as wide as
    the target cell, which is the widest of the target's lines below it; a name's rest is not.
    """
    if not _fills_name_cell(pieces[k - 1]) or _OPERATOR_START.match(pieces[k]):
        return False
    below = []
    for piece in pieces[k + 1:]:
        if piece.startswith(RESULT_MARKERS) or _OPERATOR_START.match(piece):
            break
        below.append(piece)
    if not below or " " in pieces[k]:
        return True
    widest = max(len(p) for p in below)
    return not widest - 1 <= len(pieces[k]) <= widest


def _split_row(pieces: list[str]) -> tuple[str, str | None, str | None]:
    """Name, target and actual of one row from its lines (score columns already removed)."""
    first = pieces[0].split(None, 1)
    name = first[0]
    if len(pieces) == 1 and len(first) == 2 and "达成" not in first[1]:
        # Most rows: one line "name target actual", no result marker (what the general case
        # below does for them, without its lists).
        tokens = first[1].split()
        if len(tokens) == 1:
            return name, tokens[0], None
        return name, " ".join(tokens[:-1]), tokens[-1]
    rest = [first[1]] if len(first) > 1 else []
    k = 1
    # The name goes on while its line filled the cell and the next line is not a value.
    if len(first) == 1:
        while k < len(pieces) and _continues_name(pieces, k):
            nxt = pieces[k].split(None, 1)
            name += nxt[0]
            k += 1
            if len(nxt) > 1:
                rest.append(nxt[1])
                break
    rest.extend(pieces[k:])
    if not rest:
        return name, None, None
    # Qualitative actual: from the first result marker that starts a line or a token.
    for idx, piece in enumerate(rest):
        if "达成" not in piece:  # in every RESULT_MARKERS word: no marker here
            continue
        for m in _RESULT_MARKER.finditer(piece):
            start = m.start(1)
            target = _join_wrapped([*rest[:idx], piece[:start]]) or None
            actual = _join_wrapped([piece[start:], *rest[idx + 1:]])
            return name, target, actual
    tokens = _join_wrapped(rest).split()
    if len(tokens) == 1:
        return name, tokens[0], None
    return name, " ".join(tokens[:-1]), tokens[-1]


# Raw tables this module fills, and the record class of each.
TABLES: dict[str, type[Record]] = {
    "self_evaluation_project": SelfEvaluationProject,
    "self_evaluation_funding": SelfEvaluationFunding,
    "self_evaluation_indicator": SelfEvaluationIndicator,
}

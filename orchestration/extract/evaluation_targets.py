"""The 绩效目标 table of a 财政支出绩效评价报告: the project's targets before it was evaluated.

Columns 一级指标 / 二级指标 / 三级指标 / 指标目标值 (/ 指标解释). The text tool prints it as:
- the 一级 name vertically, one character a line ("管", "理", "目", "标");
- a row's cells on one line, separated by spaces, but a merged 二级 cell only on its first
  row ("投入管理 资金使用合规率 100%", then "预算执行率 100%");
- a wrapped cell over several lines; the tool ends the last line of a text block with a space,
  so a line without a trailing space continues on the next non-empty line.
A block of one word is a 二级 name if it is one of LEVEL2_NAMES, else a 三级 name waiting for
its target; a text block right after such a name is that name's (qualitative) target. Targets
are parsed by the one shared value parser (targets.parse_value); the printed text is kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from .common import Record, fast_init
from .targets import parse_value

# The table's header line names the 三级 column and a target column, and no score column
# (the scored tables of the same report name 得分 / 分值 / 权重).
HEADER_LEVEL3 = "三级指标"
HEADER_TARGETS = ("指标目标值", "目标值", "指标值")
HEADER_NOT = ("得分", "分值", "权重", "评分标准")
# The table ends at the report's next top-level heading ("二、绩效评价工作情况").
TABLE_END = re.compile(r"^[一二三四五六七八九十]+、")
PAGE_FURNITURE = re.compile(r"^(\d{1,3}|-\s*\d+\s*-|第\s*\d+\s*页(\s*共\s*\d+\s*页)?)$")
# 二级 names of the Shanghai indicator frameworks (a lone word that is none of these is a 三级
# name). Aliases welcome.
LEVEL2_NAMES = frozenset({
    "投入管理", "执行管理", "财务管理", "项目实施", "项目立项", "项目目标", "业务管理",
    "数量", "质量", "时效", "成本", "产出数量", "产出质量", "产出时效", "产出成本",
    "社会效益", "经济效益", "生态效益", "环境效益", "可持续影响", "满意度", "服务对象满意度",
    "长效管理", "信息化",
})  # fmt: skip
# A target cell: a number first (with its sign), e.g. "100%", "≥98%", "300万张", "98%以上".
VALUE_CELL = re.compile(r"^(?:>=|<=|[=≥≤<>＝＞＜≧≦])?\d")


@fast_init
@dataclass(frozen=True, kw_only=True)
class EvaluationTarget(Record):
    """One 三级 indicator of the report's 绩效目标 table, target as printed and parsed."""

    project_name: str
    fiscal_year: int
    level1_name: str | None
    level2_name: str | None
    indicator_name: str
    target_text: str | None
    target_operator: str | None
    target_value: Decimal | None = field(metadata={"sql": "DECIMAL(20,4)"})
    target_unit: str | None
    explanation_text: str | None


@dataclass
class _Block:
    text: str  # lines joined (wrapped Chinese joins without a space)
    first: int  # 1-based lines
    last: int
    vertical: bool  # every line one character: a vertically printed name

    @property
    def tokens(self) -> list[str]:
        return self.text.split()


def table_lines(lines: list[str]) -> tuple[int, int] | None:
    """(header index, end index) of the 绩效目标 table (0-based, end exclusive), if printed."""
    for i, line in enumerate(lines):
        flat = line.replace(" ", "")
        if (HEADER_LEVEL3 in flat and any(h in flat for h in HEADER_TARGETS)
                and not any(h in flat for h in HEADER_NOT)):
            end = next((j for j in range(i + 1, len(lines))
                        if TABLE_END.match(lines[j].strip())), len(lines))
            return i, end
    return None


def _blocks(lines: list[str], start: int, end: int) -> list[_Block]:
    body = [(i + 1, lines[i]) for i in range(start, end)
            if lines[i].strip() and not PAGE_FURNITURE.match(lines[i].strip())]
    # A copy whose line ends were stripped has no block ends: every line is a block then.
    marks = any(text != text.rstrip() for _, text in body)
    blocks: list[_Block] = []
    parts: list[tuple[int, str]] = []
    for no, text in body:
        parts.append((no, text.strip()))
        if not marks or text != text.rstrip():
            blocks.append(_Block("".join(p for _, p in parts), parts[0][0], parts[-1][0],
                                 all(len(p) == 1 for _, p in parts)))
            parts = []
    if parts:
        blocks.append(_Block("".join(p for _, p in parts), parts[0][0], parts[-1][0],
                             all(len(p) == 1 for _, p in parts)))
    return blocks


def extract_targets(lines: list[str], project: str, year: int,
                    prov: Callable[[int, int], dict]) -> list[EvaluationTarget]:
    found = table_lines(lines)
    if found is None:
        return []
    header, end = found
    out: list[EvaluationTarget] = []
    level1: str | None = None
    level2: str | None = None
    pending: tuple[str, int, int] | None = None  # a 三级 name (and lines) waiting for a target

    def emit(name: str, first: int, last: int, cells: list[str]) -> None:
        target = cells[0] if cells else None
        op, value, unit = parse_value(target)
        out.append(EvaluationTarget(
            project_name=project, fiscal_year=year, level1_name=level1, level2_name=level2,
            indicator_name=name, target_text=target, target_operator=op, target_value=value,
            target_unit=unit, explanation_text=" ".join(cells[1:]) or None,
            **prov(first, last)))  # fmt: skip

    def flush() -> None:
        nonlocal pending
        if pending:
            emit(pending[0], pending[1], pending[2], [])
            pending = None

    for b in _blocks(lines, header + 1, end):
        toks = b.tokens
        if b.vertical:
            flush()
            level1, level2 = b.text, None
            continue
        if pending and (len(toks) == 1 and toks[0] not in LEVEL2_NAMES):
            # The waiting name's target: a value, or a text cell right after it.
            emit(pending[0], pending[1], b.last, toks)
            pending = None
            continue
        flush()
        if toks[0] in LEVEL2_NAMES or (len(toks) >= 3 and not VALUE_CELL.match(toks[1])):
            level2, toks = toks[0], toks[1:]
        if not toks:
            continue
        if len(toks) == 1:
            pending = (toks[0], b.first, b.last)
            continue
        emit(toks[0], b.first, b.last, toks[1:])
    flush()
    return out

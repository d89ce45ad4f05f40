"""The department-year report: one self-contained HTML file in Chinese.

Self-contained: styles inline, charts inline SVG, no script; a Content-Security-Policy forbids
fetching anything when it opens. Each figure and finding links to its source: a PDF at its
page (`file.pdf#page=N`), a text document at its lines, quoted in the report itself (a text
file has no address for a line).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from decimal import Decimal
from html import escape
from pathlib import Path

import pandas as pd

from .charts import Bar, bar_chart
from .data import DepartmentYear
from .reviews import STATUS_ZH

KIND_ZH = {"self_evaluation": "绩效自评表", "target_declaration": "绩效目标申报表",
           "evaluation_report": "绩效评价报告", "department_budget": "部门预算"}
SEVERITY_ZH = {"error": "错误", "warning": "提示"}
EXCERPT_LINES = 12

CSS = """
body{font-family:"Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","WenQuanYi Micro Hei",
"Microsoft YaHei",sans-serif;margin:24px;color:#222;max-width:1200px}
h1{font-size:22px}
h2{font-size:18px;border-bottom:2px solid #2f6db3;padding-bottom:4px;margin-top:32px}
table{border-collapse:collapse;font-size:13px;margin:8px 0}
th,td{border:1px solid #ccc;padding:3px 6px;vertical-align:top}th{background:#eef3fa}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.gap{color:#b3261e;font-weight:bold}.muted{color:#666;font-size:12px}
.chart text{font-size:12px;fill:#222}.chart .na{fill:#999}
.error{color:#b3261e}.warning{color:#9a6700}.recheck{background:#fff3cd}
pre.src{background:#f6f8fa;border:1px solid #ddd;padding:6px;font-size:12px;white-space:pre-wrap}
.empty{color:#666;font-style:italic}
"""

_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def money(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return f"{Decimal(str(value)):,.2f}"


def text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NaT:
        return ""
    return escape(str(value))


class Sources:
    """Links to source documents, and the quoted lines of text sources shown in the report."""

    def __init__(self, raw_dir: Path | None):
        self.raw_dir = raw_dir
        self.quoted: dict[str, tuple[str, int, int, list[str]]] = {}

    def link(self, file: object, line_start: object = None, line_end: object = None,
             page: object = None) -> str:
        if not file:
            return ""
        file = str(file)
        if file.lower().endswith(".pdf"):
            base = self.raw_dir.as_uri() + "/" if self.raw_dir else ""
            anchor = f"#page={int(page)}" if page is not None and not pd.isna(page) else ""
            label = f"{file} 第{int(page)}页" if anchor else file
            return f'<a href="{escape(base + file + anchor)}">{escape(label)}</a>'
        if line_start is None or pd.isna(line_start):
            return escape(file)
        start = int(line_start)
        end = int(line_end) if line_end is not None and not pd.isna(line_end) else start
        key = f"src-{file}-{start}-{end}".replace(".", "_")
        if key not in self.quoted:
            self.quoted[key] = (file, start, end, self._lines(file, start, end))
        label = f"{file} 第{start}行" if start == end else f"{file} 第{start}–{end}行"
        return f'<a href="#{escape(key)}">{escape(label)}</a>'

    def _lines(self, file: str, start: int, end: int) -> list[str]:
        path = self.raw_dir / file if self.raw_dir else None
        if path is None or not path.is_file():
            return []
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        return lines[start - 1: min(end, start + EXCERPT_LINES - 1)]

    def appendix(self) -> str:
        if not self.quoted:
            return ""
        out = ["<h2>附：引用的原文</h2>"]
        for key, (file, start, end, lines) in sorted(self.quoted.items()):
            shown = start + len(lines) - 1
            more = f"（共{end - start + 1}行，仅示前{len(lines)}行）" if shown < end else ""
            body = "\n".join(f"{start + i:>5}  {line}" for i, line in enumerate(lines)) \
                if lines else "（原文不在本机的文档目录中）"
            out.append(f'<h3 id="{escape(key)}">{escape(file)} 第{start}–{end}行{more}</h3>'
                       f'<pre class="src">{escape(body)}</pre>')
        return "\n".join(out)


def _table(headers: Iterable[str], rows: Iterable[Iterable[str]], numeric: set[int]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(
        f'<td class="num">{c}</td>' if i in numeric else f"<td>{c}</td>"
        for i, c in enumerate(row)) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _projects(d: DepartmentYear, src: Sources) -> str:
    if d.projects.empty:
        return '<p class="empty">本年度无项目表。</p>'
    rows = []
    for r in d.projects.to_dict("records"):
        gap = r["score_gap"]
        rows.append([
            text(r["project_name"]), text(r["unit_name"]), KIND_ZH.get(r["document_kind"], ""),
            money(r["full_year_budget_yuan"]), money(r["executed_yuan"]),
            money(r["execution_rate_reported"]), money(r["execution_rate_derived"]),
            money(r["total_score_reported"]),
            money(r["total_score_derived_low"]) + "–" + money(r["total_score_derived"])
            if r["total_score_derived"] is not None else "",
            f'<span class="gap">{money(gap)}</span>' if gap is not None else "",
            text(r["grade_reported"]), text(r["grade_derived"]),
            src.link(r["source_file"], r["budget_line_start"] or r["line_start"],
                     r["budget_line_end"] or r["line_end"], r.get("page")),
        ])
    return _table(["项目名称", "实施单位", "文件类型", "全年预算数（元）", "全年执行数（元）",
                   "执行率·填报（%）", "执行率·复算（%）", "总分·填报", "总分·复算", "差额",
                   "等级·填报", "等级·复算", "来源"], rows, {3, 4, 5, 6, 7, 8, 9})


def _charts(d: DepartmentYear) -> str:
    forms = d.projects[d.projects["execution_rate_derived"].notna()] if not d.projects.empty \
        else d.projects
    rates = [Bar(r["project_name"], (r["execution_rate_reported"], r["execution_rate_derived"]))
             for r in forms.to_dict("records")]
    scored = d.projects[d.projects["total_score_reported"].notna()] if not d.projects.empty \
        else d.projects
    totals = [Bar(r["project_name"], (r["total_score_reported"], r["total_score_derived"]))
              for r in scored.to_dict("records")]
    return ("<h2>执行率</h2>"
            + bar_chart("各项目执行率", ("填报执行率", "复算执行率"), rates, Decimal(100), "%")
            + "<h2>总分：填报与复算</h2>"
            + bar_chart("各项目总分", ("填报总分", "复算总分"), totals, Decimal(100)))


def _findings(d: DepartmentYear, src: Sources) -> str:
    f = d.findings
    if f.empty:
        return '<p class="empty">本部门本年度的文件没有审计发现。</p>'
    counts = f.groupby(["check_id", "severity"]).size().reset_index(name="n")
    summary = _table(["规则", "严重程度", "条数"],
                     [[text(c), SEVERITY_ZH.get(s, s), str(n)] for c, s, n in counts.itertuples(
                         index=False)], {2})
    rows = []
    for r in f.to_dict("records"):
        status = STATUS_ZH.get(r["review_status"], r["review_status"])
        if r["needs_recheck"]:
            status += "（文件已变更，需复核）"
        rows.append([
            text(r["check_id"]),
            f'<span class="{escape(r["severity"])}">{SEVERITY_ZH.get(r["severity"], "")}</span>',
            " / ".join(text(v) for v in (r["project_name"], r["indicator_name"]) if v),
            text(r["message"]),
            f"应为 {text(r['expected'])}<br>填报 {text(r['actual'])}",
            src.link(r["source_file"], r["line_start"], r["line_end"], r.get("page")),
            f'<span class="{"recheck" if r["needs_recheck"] else ""}">{status}</span>',
            text(r["reviewer"]), text(r["review_reason"]),
            text(r["reviewed_at"])[:19], f'<code>{text(r["finding_id"])}</code>',
        ])
    return summary + _table(["规则", "严重程度", "项目 / 指标", "说明", "引用数字", "来源",
                             "审核状态", "审核人", "理由", "审核时间", "发现编号"], rows, set())


def _generic(df: pd.DataFrame | None, src: Sources, missing: str) -> str:
    if df is None:
        return f'<p class="empty">{missing}</p>'
    if df.empty:
        return '<p class="empty">本部门本年度无记录。</p>'
    cols = [c for c in df.columns if c not in ("source_file", "line_start", "line_end", "seq",
                                                "department_name", "fiscal_year", "page")]
    money_cols = {i for i, c in enumerate(cols) if c.endswith(("_yuan", "_wan"))}
    rows = [[money(r[c]) if i in money_cols else text(r[c]) for i, c in enumerate(cols)]
            + [src.link(r.get("source_file"), r.get("line_start"), r.get("line_end"),
                        r.get("page"))] for r in df.to_dict("records")]
    return _table([*cols, "来源"], rows, money_cols)


def _set_aside(d: DepartmentYear) -> str:
    if d.set_aside.empty:
        return '<p class="empty">本次加载没有被搁置的文件。</p>'
    # A part set aside (a bound form not read) names its page; its document loaded without it.
    return ('<p class="muted">无法读取的文件不知其所属部门，故全部列出。</p>' + _table(
        ["文件", "文件类型", "行", "页", "搁置范围", "原因"],
        [[text(r["source_file"]), KIND_ZH.get(r["document_kind"], text(r["document_kind"])),
          text(r["line"]), text(r["page"]),
          "仅此部分（文件其余部分已加载）" if r["document_loaded"] else "整份文件",
          text(r["message"])] for r in d.set_aside.to_dict("records")], {2, 3}))


def render(d: DepartmentYear, raw_dir: Path | None, dictionary_href: str | None) -> str:
    src = Sources(raw_dir)
    projects = _projects(d, src)
    findings = _findings(d, src)
    budget = _generic(d.budget_lines, src, "")
    summary = _generic(d.budget_summary, src, "")
    actual = _generic(d.budget_actual, src,
                      "决算数据暂不可用（not available）：仓库中尚无决算表。")
    own = _generic(d.department_figures, src,
                   "部门数据暂不可用（not available）：仓库中尚无部门事实表 fct_department_year。")
    dictionary = (f'<a href="{escape(dictionary_href)}">数据字典</a>' if dictionary_href
                  else "数据字典")
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    title = f"{d.department} {d.year}年度 预算绩效审计报告"
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_CSP}">
<title>{escape(title)}</title><style>{CSS}</style></head>
<body>
<h1>{escape(title)}</h1>
<p class="muted">生成于 {now}；仓库文件加载于 {text(d.built_at)}。金额单位：元。
“复算”为仓库按规则重新计算的数字。列的含义见{dictionary}。</p>
<h2>项目：预算、执行与评分</h2>{projects}
{_charts(d)}
<h2>审计发现（按规则与严重程度）</h2>{findings}
<h2>预算与决算（按功能分类科目）</h2>{actual}
<h3>预算（功能分类，类级）</h3>{budget}
<h2>部门数据</h2>{own}
<h3>部门预算收支总表</h3>{summary}
<h2>被搁置的文件</h2>{_set_aside(d)}
{src.appendix()}
</body></html>
"""

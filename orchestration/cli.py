"""`perfwh`: the auditor's desk from the command line (reports, exports, reviews)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .desk.paths import DeskPaths
from .desk.reviews import STATUSES
from .settings import paths

EPILOG = """examples:
  perfwh report --department 上海市公安局 --year 2024
  perfwh export                              # 全部.xlsx and one workbook per department-year
  perfwh review list --status open
  perfwh review set 59e8f39f478fca6b --status dismissed --reviewer 王审计 \\
      --reason "预算调整已批复"
  perfwh review history 59e8f39f478fca6b

The warehouse is PERFWH_WAREHOUSE (default warehouse/perf.duckdb); reviews are kept beside it
in <name>.reviews.sqlite (PERFWH_REVIEWS overrides), outside the file a nightly load replaces.
"""


def _parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="perfwh", epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
        description="The auditor's desk on the published warehouse: department reports, "
                    "Excel and CSV exports, and reviews of audit findings that survive the "
                    "nightly rebuild.")
    top.add_argument("--warehouse", type=Path, help="published DuckDB file "
                     "(default: PERFWH_WAREHOUSE, else warehouse/perf.duckdb)")
    sub = top.add_subparsers(dest="command", required=True, metavar="command")

    def scoped(p: argparse.ArgumentParser) -> None:
        p.add_argument("--department", help="主管部门 as printed, e.g. 上海市公安局 (default: all)")
        p.add_argument("--year", type=int, help="fiscal year (default: all)")
        p.add_argument("--out", type=Path, help="folder to write to (default: <warehouse>.desk/…)")

    scoped(sub.add_parser("report", help="write the HTML report of each department-year",
                          description="Write one self-contained HTML report per department "
                                      "and fiscal year (Chinese; opens offline)."))
    scoped(sub.add_parser("export", help="write Excel workbooks and CSV files",
                          description="Write a workbook (and CSV files) of the marts and "
                                      "findings: one for everything, one per department-year."))
    sub.add_parser("dictionary", help="regenerate the data dictionary (dbt docs, static HTML)")

    review = sub.add_parser("review", help="mark findings confirmed / dismissed / open; list them")
    rsub = review.add_subparsers(dest="action", required=True, metavar="action")
    s = rsub.add_parser("set", help="record a review of one finding",
                        description="Record a review. A dismissal needs --reason. The review "
                                    "is appended to the store; the newest one counts.")
    s.add_argument("finding_id", help="the finding's id (perfwh review list shows them)")
    s.add_argument("--status", required=True, choices=STATUSES)
    s.add_argument("--reviewer", default=os.environ.get("PERFWH_REVIEWER"),
                   help="who reviews (default: PERFWH_REVIEWER)")
    s.add_argument("--reason", help="why (required to dismiss)")
    ls = rsub.add_parser("list", help="findings with their review status",
                         description="List findings of the published warehouse with the "
                                     "reviews as they are now.")
    ls.add_argument("--department")
    ls.add_argument("--year", type=int)
    ls.add_argument("--status", choices=STATUSES)
    ls.add_argument("--needs-recheck", action="store_true",
                    help="only reviews whose document changed since")
    h = rsub.add_parser("history", help="every review of one finding, oldest first")
    h.add_argument("finding_id")
    return top


def _review(args: argparse.Namespace, warehouse: Path) -> int:
    import duckdb

    from .desk import reviews
    from .desk.data import DOCUMENT_SCOPE

    store = DeskPaths(warehouse).reviews
    if args.action == "set":
        if not args.reviewer:
            raise ValueError("a review needs a reviewer (--reviewer or PERFWH_REVIEWER)")
        r = reviews.record(store, warehouse, args.finding_id, args.status, args.reviewer,
                           args.reason)
        print(f"{r.finding_id}: {r.status} by {r.reviewer} at {r.reviewed_at:%Y-%m-%d %H:%M} "
              f"(document {(r.document_sha256 or '?')[:12]})")
        return 0
    if args.action == "history":
        for at, status, who, reason in reviews.history(store, args.finding_id):
            print(f"{at}  {status:<9}  {who}  {reason or ''}")
        return 0
    where, params = ["true"], []
    if args.department or args.year:
        where.append(f"f.source_file in (select source_file from ({DOCUMENT_SCOPE}) where "
                     "department_name = coalesce(?, department_name) "
                     "and fiscal_year = coalesce(?, fiscal_year))")
        params += [args.department, args.year]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        df = reviews.findings_with_reviews(con, store, " and ".join(where), params)
    if args.status:
        df = df[df["review_status"] == args.status]
    if args.needs_recheck:
        df = df[df["needs_recheck"].astype(bool)]
    for r in df.to_dict("records"):
        flag = " [document changed: look again]" if r["needs_recheck"] else ""
        who = f" by {r['reviewer']}" if r["reviewer"] else ""
        print(f"{r['finding_id']}  {r['check_id']:<18} {r['review_status']}{who}{flag}\n"
              f"    {r['source_file']}:{r['line_start']}  {r['message']}")
    print(f"{len(df)} findings")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    warehouse = (args.warehouse or paths().warehouse).resolve()
    if not warehouse.exists():
        print(f"perfwh: no warehouse at {warehouse} (run `make run` first)", file=sys.stderr)
        return 2
    from .desk import build

    try:
        if args.command == "report":
            for path in build.reports(warehouse, paths().raw_dir, args.department, args.year,
                                      args.out)[0]:
                print(path)
        elif args.command == "export":
            for path in build.exports(warehouse, args.department, args.year, args.out)[0]:
                if path.suffix == ".xlsx":
                    print(path)
        elif args.command == "dictionary":
            print(build.data_dictionary(warehouse)[0])
        else:
            return _review(args, warehouse)
    except (LookupError, ValueError) as e:
        print(f"perfwh: {e.args[0] if e.args else e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The auditor's desk, refreshed after each publish: the data dictionary, a report per
department-year and the workbooks. They read the published file (never the build file), and
their output lives beside it (<warehouse>.desk/), so a failed load leaves them as they were."""

import dagster as dg

from ..desk.paths import DeskPaths
from ..resources import WarehouseResource
from .publish import published_warehouse


@dg.asset(deps=[published_warehouse], group_name="desk", kinds={"dbt", "html"})
def data_dictionary(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """数据字典: dbt's documentation site of the published file, one static HTML page."""
    from ..desk.build import data_dictionary as build

    path, regenerated = build(warehouse.paths().warehouse)
    return dg.MaterializeResult(metadata={
        "path": dg.MetadataValue.path(str(path)),
        "regenerated": dg.MetadataValue.bool(regenerated),
    })


@dg.asset(deps=[published_warehouse, data_dictionary], group_name="desk", kinds={"html"})
def department_reports(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """部门审计报告: one self-contained HTML report per department and fiscal year."""
    from ..desk.build import reports

    p = warehouse.paths()
    written, kept = reports(p.warehouse, p.raw_dir, only_changed=True)
    return dg.MaterializeResult(metadata={
        "reports": dg.MetadataValue.int(len(written)),
        "unchanged": dg.MetadataValue.int(kept),
        "folder": dg.MetadataValue.path(str(DeskPaths(p.warehouse).reports)),
        "files": dg.MetadataValue.md("\n".join(f"- `{w.name}`" for w in written) or "none"),
    })


@dg.asset(deps=[published_warehouse], group_name="desk", kinds={"excel", "csv"})
def workbook_exports(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """导出: workbooks and CSV files of the marts and findings, for all and per department-year."""
    from ..desk.build import exports

    path = warehouse.paths().warehouse
    written, kept = exports(path, only_changed=True)
    books = [w for w in written if w.suffix == ".xlsx"]
    return dg.MaterializeResult(metadata={
        "workbooks": dg.MetadataValue.int(len(books)),
        "department_years_unchanged": dg.MetadataValue.int(kept),
        "csv_files": dg.MetadataValue.int(len(written) - len(books)),
        "folder": dg.MetadataValue.path(str(DeskPaths(path).exports)),
        "all_workbook": dg.MetadataValue.text(
            "written" if any(b.stem == "全部" for b in books) else
            "unchanged, or past the nightly size limit (CSV files only; perfwh export)"),
    })

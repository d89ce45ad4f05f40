"""Dagster resources: the warehouse paths, resolved when a run starts, and dbt."""


from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cached_property
from importlib.metadata import version
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource
from packaging.version import Version

from .settings import Paths, paths
from .warehouse import lock


class WarehouseResource(dg.ConfigurableResource):
    """Paths of the raw folder and the published DuckDB file.

    Empty fields fall back to PERFWH_RAW_DIR / PERFWH_WAREHOUSE, then to the embedded
    defaults (raw/documents, warehouse/perf.duckdb). `full_build` (a run's config, from the
    Launchpad or `python -m orchestration.nightly --full-build`): build from an empty file and
    validate every document, even when the published file was built by the same code.
    """

    raw_dir: str = ""
    warehouse: str = ""
    full_build: bool = False

    def paths(self) -> Paths:
        base = paths()
        return Paths(
            raw_dir=Path(self.raw_dir).resolve() if self.raw_dir else base.raw_dir,
            warehouse=Path(self.warehouse).resolve() if self.warehouse else base.warehouse,
        )

    @contextmanager
    def yield_for_execution(self, context: dg.InitResourceContext) -> Iterator["WarehouseResource"]:
        """Hold the warehouse's load lock for the whole run (the in-process executor builds
        resources once a run): a second load, however started, fails here before touching any
        file. A run the lock file still names is one whose process died: reported failed."""
        with lock.hold(self.paths().lock) as held:
            if context.instance is not None and held.stale_run_id:
                _report_dead_run(context.instance, held.stale_run_id)
            if context.run is not None:
                held.record_run(context.run.run_id)
            yield self


def _report_dead_run(instance: dg.DagsterInstance, run_id: str) -> None:
    run = instance.get_run_by_id(run_id)
    if run is not None and not run.is_finished:
        instance.report_run_failed(
            run, message="the run's process ended without finishing it (killed or crashed); "
                         "the next load found its lock released")


class DbtCli(DbtCliResource):
    """dagster-dbt's dbt resource, less two start-up costs this project has no use for.

    - dagster-dbt runs `dbt --version` once per process to learn dbt's version: 3.5 s of
      every run. The dbt it starts is the one installed beside this interpreter
      (settings.DBT_EXECUTABLE), so the version is that of the installed dbt-core package.
    - Before each dbt command it loads dbt's project, profile and adapter in this process
      (1.5-2.5 s), only for `fetch_column_metadata` and `fetch_row_counts`, which the
      assets do not call; dbt itself runs in its own process either way.
    """

    @cached_property
    def _cli_version(self) -> Version:
        return Version(version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> None:  # type: ignore[override]
        return None

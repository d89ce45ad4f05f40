"""`python -m orchestration.nightly`: run the nightly job once, recorded in Dagster's instance."""

from __future__ import annotations

import sys

import dagster as dg

from .definitions import defs
from .settings import paths


def main() -> int:
    instance = dg.DagsterInstance.get()  # DAGSTER_HOME/dagster.yaml: storage under .dagster/
    result = defs.resolve_job_def("nightly_load").execute_in_process(
        instance=instance, raise_on_error=False
    )
    p = paths()
    if result.success:
        print(f"nightly_load succeeded: published {p.warehouse}")
        return 0
    print(
        f"nightly_load FAILED (run {result.run_id}); {p.warehouse} left as it was",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())

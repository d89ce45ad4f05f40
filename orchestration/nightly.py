"""`python -m orchestration.nightly`: run the nightly job once, recorded in Dagster's instance."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import logging
import os
import sys

import dagster as dg
import duckdb

from .definitions import defs
from .settings import Paths, paths
from .warehouse import lock


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m orchestration.nightly")
    parser.add_argument("--full-build", action="store_true",
                        help="build from an empty file and validate every document, even "
                             "when the published file was built by the same code")
    args = parser.parse_args(argv)
    run_config = {"resources": {"warehouse": {"config": {"full_build": True}}}} \
        if args.full_build else None
    p = paths()
    # One load at a time: taken before the run starts, so a second load records no run and
    # touches no file; the run's warehouse resource holds the same lock (nested).
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(lock.hold(p.lock))
        except lock.LoadRunning as exc:
            print(f"nightly_load not started: {exc}", file=sys.stderr)
            return 2
        except OSError as exc:  # a read-only or missing folder: no retry heals it
            print(f"nightly_load not started: cannot take the load lock {p.lock}: {exc}",
                  file=sys.stderr)
            return 1
        # DAGSTER_HOME/dagster.yaml: storage under .dagster/
        with dg.DagsterInstance.get() as instance:
            for attempt in (1, 2):
                started = dt.datetime.now(dt.UTC).replace(tzinfo=None)
                result = defs.resolve_job_def("nightly_load").execute_in_process(
                    instance=instance, raise_on_error=False, run_config=run_config
                )
                held = _held_since(p, started)
                if result.success or attempt == 2 or not held:
                    break
                # The documents a blocking check failed on are held back: the others can
                # still publish tonight.
                print(f"nightly_load FAILED (run {result.run_id}) on {held} documents, now "
                      f"held back; loading again without them",
                      *failure_messages(result), sep="\n", file=sys.stderr)
    if result.success:
        print(f"nightly_load succeeded: published {p.warehouse}")
        return 0
    print(
        f"nightly_load FAILED (run {result.run_id}); {p.warehouse} left as it was",
        *failure_messages(result), sep="\n", file=sys.stderr,
    )
    return 1


def _held_since(p: Paths, since: dt.datetime) -> int:
    """Documents a blocking check held back since `since` (warehouse/store.hold_documents)."""
    if not p.extracts.exists():
        return 0
    with duckdb.connect(str(p.extracts), read_only=True) as con:
        return con.execute("select count(*) from raw.held_documents where held_at >= ?",
                           [since]).fetchone()[0]


def failure_messages(result: dg.ExecuteInProcessResult) -> list[str]:
    """Why each failed step failed, as the run's event log says (the documents at fault,
    when the documents are; a file system error; a failed dbt test)."""
    out = []
    for event in result.all_events:
        if event.event_type == dg.DagsterEventType.STEP_FAILURE:
            error = event.step_failure_data.error
            cause = error.cause.message.strip() if error and error.cause else ""
            out.append(f"  {event.step_key}: {error.message.strip() if error else '?'}"
                       + (f"\n    {cause}" if cause else ""))
    return out


def exit_now(code: int) -> None:
    """Exit without tearing the interpreter down: by now the run is recorded and every file
    is written and closed, and freeing half a million objects (Dagster, dbt, GX, pandas)
    took 1.5 s of every night."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    exit_now(main())

"""Data Docs for one step's validations, over a bounded history of stored results.

GX stores every validation result in the file context and, asked to build Data Docs without a
selection, renders every stored result again; its index page reads each of them. Nightly, that
grows without end (846 stored results took 43 s to render). So each step prunes the history to
the newest `keep_runs()` results per suite and renders only its own results and suites.
"""

from __future__ import annotations

import os
from collections import defaultdict
from datetime import datetime

from great_expectations.data_context.types.resource_identifiers import (
    ExpectationSuiteIdentifier,
    ValidationResultIdentifier,
)

DEFAULT_KEEP_RUNS = 7  # a week of nights per suite


def keep_runs() -> int:
    """Stored results kept per suite: PERFWH_GX_KEEP_RUNS, else a week of nights."""
    return max(1, int(os.environ.get("PERFWH_GX_KEEP_RUNS") or DEFAULT_KEEP_RUNS))


def prune(context, keep: int) -> int:
    """Remove all but the newest `keep` stored results of each suite; how many went."""
    store = context.validation_results_store
    by_suite: dict[str, list[ValidationResultIdentifier]] = defaultdict(list)
    for key in store.list_keys():
        by_suite[key.expectation_suite_identifier.name].append(key)
    removed = 0
    for keys in by_suite.values():
        keys.sort(key=lambda k: k.run_id.run_time, reverse=True)
        for key in keys[keep:]:
            store.remove_key(key)
            removed += 1
    return removed


def publish(context, suites: list[str], run_times: list[datetime]) -> str | None:
    """Prune, then render the pages of these suites and of their results at these run times.

    Returns the URL of the site's index page (None when the context has no site).
    """
    prune(context, keep_runs())
    wanted = set(run_times)
    results = [key for key in context.validation_results_store.list_keys()
               if key.run_id.run_time in wanted and key.expectation_suite_identifier.name in suites]
    ids = [*results, *(ExpectationSuiteIdentifier(name=name) for name in suites)]
    sites = context.build_data_docs(resource_identifiers=ids)
    return next(iter(sites.values()), None)

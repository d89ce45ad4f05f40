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
from pathlib import Path

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
    base = getattr(store.store_backend, "full_base_directory", None)
    if removed and base:
        _remove_empty_folders(Path(base))
    return removed


def _remove_empty_folders(root: Path) -> None:
    """GX's file store removes a result's file but not its run folders (its own clean-up
    tests `not Path.iterdir()`, never true), and every later listing walks them all: 5,000
    empty folders after a few hundred nights."""
    for folder, subfolders, files in os.walk(root, topdown=False):
        if Path(folder) != root and not files and not any(
                (Path(folder) / sub).exists() for sub in subfolders):
            Path(folder).rmdir()


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
    for site in (context.variables.data_docs_sites or {}).values():
        base = site.get("store_backend", {}).get("base_directory")
        if base:  # the pages of pruned results went, their folders stayed
            _remove_empty_folders(Path(context.root_directory) / base)
    return next(iter(sites.values()), None)

"""Import the GX modules on a background thread while dbt runs.

Importing Great Expectations takes 4-6 s, and the quality steps run right after the dbt step,
in the same process (the in-process executor). dbt runs in its own process, leaving this
one mostly waiting, so the import is started when the dbt step starts. A quality step that
gets there first simply waits for the import to finish (Python's import lock).
"""

from __future__ import annotations

import importlib
import threading

_MODULES = ("orchestration.quality.validate", "orchestration.quality.data_docs")
_started = threading.Event()


def _import_all() -> None:
    for name in _MODULES:
        importlib.import_module(name)


def start() -> None:
    """Begin the import once per process (later calls do nothing)."""
    if not _started.is_set():
        _started.set()
        threading.Thread(target=_import_all, name="preload-gx", daemon=True).start()

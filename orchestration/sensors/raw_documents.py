"""A sensor on PERFWH_RAW_DIR: a new, changed or removed document starts the load.

The cursor keeps, per document, its size, mtime and sha256; a file whose size and mtime did not
move is not read again, so an unchanged folder costs one directory listing. A document counts
as changed only when its content hash changed. The run rebuilds the raw schema from the folder,
so a removed document's rows are retired by that run; the run's tags name what changed. New
documents are added to the `documents` partitions, removed ones deleted from them.
"""

import hashlib
import json
from pathlib import Path

import dagster as dg

from ..assets.ingest import DOCUMENTS
from ..settings import paths
from ..warehouse.store import list_documents


def _scan(previous: dict[str, list]) -> dict[str, list]:
    p = paths()
    state = {}
    for doc in list_documents(p.raw_dir):
        old = previous.get(doc.name)
        if old and old[0] == doc.size and old[1] == doc.mtime_ns:
            state[doc.name] = old
        else:
            sha = hashlib.sha256(Path(doc.path).read_bytes()).hexdigest()
            state[doc.name] = [doc.size, doc.mtime_ns, sha]
    return state


def diff_documents(previous: dict[str, list], current: dict[str, list]) -> dict[str, list[str]]:
    return {
        "added": sorted(set(current) - set(previous)),
        "changed": sorted(n for n in set(current) & set(previous)
                          if current[n][2] != previous[n][2]),
        "removed": sorted(set(previous) - set(current)),
    }


def build_raw_documents_sensor(job) -> dg.SensorDefinition:
    """The sensor, starting `job` (the nightly load's asset job)."""

    @dg.sensor(
        name="raw_documents_sensor",
        job=job,
        minimum_interval_seconds=60,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="Starts the load when a document in PERFWH_RAW_DIR is added, changed "
                    "(by content hash) or removed.",
    )
    def raw_documents_sensor(context: dg.SensorEvaluationContext):
        previous = json.loads(context.cursor) if context.cursor else {}
        current = _scan(previous)
        changes = diff_documents(previous, current)
        context.update_cursor(json.dumps(current, sort_keys=True))
        if not any(changes.values()):
            return dg.SkipReason(f"{len(current)} documents, none added, changed or removed")
        for name in changes["removed"]:
            context.log.warning(f"document removed: {name}; the load retires its rows")
        # New documents appear as partitions at once (re-runnable from the UI); removed go.
        partition_requests = []
        if changes["added"]:
            partition_requests.append(DOCUMENTS.build_add_request(changes["added"]))
        if changes["removed"]:
            partition_requests.append(DOCUMENTS.build_delete_request(changes["removed"]))
        fingerprint = hashlib.sha256(
            json.dumps({n: v[2] for n, v in current.items()}, sort_keys=True).encode()
        ).hexdigest()
        request = dg.RunRequest(
            run_key=fingerprint,
            tags={f"perfwh/{kind}": ",".join(names)[:200] or "-"
                  for kind, names in changes.items()},
        )
        return dg.SensorResult(
            run_requests=[request], dynamic_partitions_requests=partition_requests
        )

    return raw_documents_sensor

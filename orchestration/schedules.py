"""The nightly schedule: 02:00 in Shanghai, skipped when nothing changed since the last publish."""

import dagster as dg

from .settings import paths
from .warehouse.versions import unchanged_since_publish


def build_nightly_schedule(job) -> dg.ScheduleDefinition:
    @dg.schedule(
        name="nightly_load_0200_shanghai",
        job=job,
        cron_schedule="0 2 * * *",
        execution_timezone="Asia/Shanghai",
        default_status=dg.DefaultScheduleStatus.RUNNING,
        description="The nightly load; an unchanged night (no document added, changed or "
                    "removed, the same code) is skipped after one stat of each file.",
    )
    def nightly_schedule(context: dg.ScheduleEvaluationContext):
        p = paths()
        reason = unchanged_since_publish(p.raw_dir, p.warehouse, p.extracts)
        if reason:
            return dg.SkipReason(reason)
        return dg.RunRequest()

    return nightly_schedule

"""After documents are re-extracted from the UI, a nightly load publishes what changed."""

import dagster as dg


def build_republish_sensor(monitored_job, request_job) -> dg.RunStatusSensorDefinition:
    @dg.run_status_sensor(
        name="republish_after_reextract",
        run_status=dg.DagsterRunStatus.SUCCESS,
        monitored_jobs=[monitored_job],
        request_job=request_job,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="Runs the nightly load (incremental: only changed documents are "
                    "extracted again) after a re-extraction succeeds, so it reaches the "
                    "published warehouse.",
    )
    def republish_after_reextract(context: dg.RunStatusSensorContext):
        run = context.dagster_run
        return dg.RunRequest(
            run_key=f"republish-{run.run_id}",
            tags={"perfwh/after": run.run_id, "perfwh/partition": run.tags.get(
                "dagster/partition", "-")},
        )

    return republish_after_reextract

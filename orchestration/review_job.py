"""Reviews from the Dagster UI: the `review_finding` job (Launchpad: the finding's id, a status,
the reviewer, a reason), the same as `perfwh review set`."""

import dagster as dg

from .resources import WarehouseResource


class ReviewConfig(dg.Config):
    finding_id: str  # audit_findings.finding_id (perfwh review list shows them)
    status: str = "confirmed"  # confirmed, dismissed or open
    reviewer: str = ""
    reason: str = ""  # required to dismiss


@dg.op(description="Record a review of one finding in the reviews store beside the warehouse.")
def record_review(context: dg.OpExecutionContext, config: ReviewConfig,
                  warehouse: WarehouseResource) -> None:
    from .desk.paths import DeskPaths
    from .desk.reviews import record

    path = warehouse.paths().warehouse
    review = record(DeskPaths(path).reviews, path, config.finding_id, config.status,
                    config.reviewer, config.reason)
    context.log.info(f"{review.finding_id}: {review.status} by {review.reviewer}")


@dg.job(description="Mark an audit finding confirmed, dismissed (with a reason) or open; the "
                    "review survives the nightly rebuild and shows in audit_findings and the "
                    "reports.")
def review_finding():
    record_review()

"""Celery tasks of assessments: the periodic re-evaluation and its e-mails. Each task calls its
service inside its body; the services hold the policy (what is new, what was already sent)."""

from celery import shared_task


@shared_task(acks_late=True, soft_time_limit=3000, time_limit=3300)
def reevaluate_saved_assessments() -> dict:
    """Run by Celery beat every day: a new ruleset or a dated rule crossed today shows up the day it
    applies. Idempotent: a second run writes nothing new and sends nothing."""
    from .reevaluation import reevaluate_all

    summary = reevaluate_all()
    return {"evaluated": summary.evaluated, "revisions": summary.revisions,
            "changed": sum(len(ids) for ids in summary.changed.values())}


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90, max_retries=3, default_retry_delay=300)
def send_reevaluation_notice(organisation_id: int) -> int:
    """One e-mail to the owners of one organisation listing its changed assessments."""
    from .reevaluation import reevaluation_notice_send

    return reevaluation_notice_send(organisation_id=organisation_id)

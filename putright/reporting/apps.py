import logging
from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate

logger = logging.getLogger(__name__)


class ReportingConfig(AppConfig):
    name = "putright.reporting"
    label = "reporting"

    def ready(self) -> None:
        from putright.core import scheduler, signals
        from putright.reporting import facts, jobs, snapshots

        scheduler.register(*jobs.jobs())
        # Every change to a case rewrites its stage facts, in the change's transaction.
        signals.subscribe(signals.ANY, facts.case_changed)
        # A remedy added or carried out shows in the dashboard's remedies today at once.
        signals.subscribe(signals.ANY, snapshots.remedies_changed)
        post_migrate.connect(_facts_for_existing_cases, sender=self)


def _facts_for_existing_cases(**kwargs: Any) -> None:
    """An installation upgraded to stage facts (or to stage or case totals) has cases but no facts or totals yet:
    work them out once, so the report figures are right from the first view after the upgrade. Nothing to do on a
    new or an up-to-date database."""
    from putright.cases.models import Stage
    from putright.reporting import snapshots
    from putright.reporting.facts import rebuild_case_facts
    from putright.reporting.models import CaseTotal, StageFact, StageTotal
    from putright.reporting.totals import rebuild_totals

    using = kwargs.get("using", "default")
    if using != "default" or not Stage.objects.exists():
        return
    # A migration that changes what the facts say empties every total (reporting 0018): the facts are worked out
    # again from the cases, and the totals from them. One that changes only what the stage totals hold empties those
    # alone (0019): the facts kept are right, so only the totals are worked out again.
    if not StageFact.objects.exists() or not CaseTotal.objects.exists():
        rebuild_case_facts()
    elif not StageTotal.objects.exists():
        rebuild_totals()
    else:
        return
    # Figures kept from before the upgrade were summed by the older rule: not shown again.
    try:
        snapshots.forget_all()
    except Exception:
        logger.warning("Report figures kept before the upgrade could not be dropped", exc_info=True)

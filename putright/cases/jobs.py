"""Cases' periodic job, registered with the scheduler (`core.scheduler`) in `apps.py`."""

from __future__ import annotations

from putright.core.scheduler import Job, daily_hour


def _retrain(now: object) -> str:
    from putright.cases.suggestions import retrain  # scikit-learn is loaded only when the job runs

    return retrain(now)


def jobs() -> list[Job]:
    return [Job("triage_suggestions_training", _retrain, daily_at=daily_hour)]

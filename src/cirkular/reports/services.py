"""Every write of report jobs: queueing, claiming, running.

A worker (``manage.py run_report_jobs``) runs the queue. Small setups without a worker set
nothing and use "run now" on the page, which runs the job inside the request; with
``CIRKULAR_REPORT_WORKER=1`` in the environment the page only queues.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cirkular.accounts.access import is_programme
from cirkular.cases.models import Round
from cirkular.reports import deliverables
from cirkular.reports.models import JobStatus, ReportJob

Progress = Callable[[int, str], None]


def worker_configured() -> bool:
    return os.environ.get("CIRKULAR_REPORT_WORKER", "").lower() in {"1", "true", "yes", "on"}


def produce(kind: str, year: int, language: str, fmt: str, progress: Progress | None = None) -> deliverables.Output:
    """Build and render one deliverable, reporting progress (0–100) on the way."""
    report = progress or (lambda _n, _s: None)
    deliverables.check(kind, fmt)
    report(10, "build")
    doc = deliverables.build(kind, year, language)
    report(50, "render")
    output = deliverables.render(kind, doc, fmt)
    report(90, "save")
    return output


def queue_job(user: Any, kind: str, year: int, language: str, fmt: str) -> ReportJob:
    if not is_programme(user):
        raise PermissionDenied
    deliverables.check(kind, fmt)
    if language not in {"sv", "en"}:
        raise ValueError(f"unknown language {language!r}")
    rnd = Round.objects.get(year=year)
    return ReportJob.objects.create(kind=kind, round=rnd, language=language, format=fmt, requested_by=user)


def _claim(queryset: Any) -> ReportJob | None:
    with transaction.atomic():
        job: ReportJob | None = (
            queryset.select_for_update(skip_locked=True)
            .filter(status=JobStatus.QUEUED)
            .order_by("created_at", "id")
            .first()
        )
        if job is None:
            return None
        job.status = JobStatus.RUNNING
        job.started_at = timezone.now()
        job.progress = 1
        job.save(update_fields=["status", "started_at", "progress"])
        return job


def claim_next() -> ReportJob | None:
    """The oldest queued job, marked running; jobs locked by another worker are skipped."""
    return _claim(ReportJob.objects.all())


def claim(job_id: int) -> ReportJob | None:
    return _claim(ReportJob.objects.filter(pk=job_id))


def _set_progress(job: ReportJob, value: int) -> None:
    job.progress = value
    ReportJob.objects.filter(pk=job.pk).update(progress=value)


def run_job(job: ReportJob) -> ReportJob:
    """Run a claimed job; the file goes to MEDIA_ROOT/reports, a failure into ``error``."""
    try:
        output = produce(job.kind, job.round.year, job.language, job.format, lambda n, _s: _set_progress(job, n))
        name = f"{job.kind}-{job.round.year}-{job.language}-{job.pk}{output.suffix}"
        job.file.save(name, ContentFile(output.content), save=False)
        job.status = JobStatus.DONE
        job.progress = 100
        job.error = ""
    except Exception as error:
        job.status = JobStatus.FAILED
        job.error = f"{type(error).__name__}: {error}"
    job.finished_at = timezone.now()
    job.save()
    return job


def run_now(user: Any, job_id: int) -> ReportJob | None:
    """Run one queued job in the request (small setups without a worker)."""
    if not is_programme(user):
        raise PermissionDenied
    job = claim(job_id)
    return run_job(job) if job is not None else None


def run_queued(limit: int | None = None) -> int:
    """Run queued jobs until none is left (or ``limit``); returns how many ran."""
    count = 0
    while limit is None or count < limit:
        job = claim_next()
        if job is None:
            break
        run_job(job)
        count += 1
    return count

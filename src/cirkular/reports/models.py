"""Report jobs: a task queue in the database, so generating needs no extra server.

A job is queued from the web page (or the CLI), a worker (``manage.py run_report_jobs``) claims
it with ``select_for_update(skip_locked=True)``, runs it and stores the file under
``MEDIA_ROOT/reports``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    EVALUATION = "evaluation", _("Evaluation of the earlier round")
    GUIDE = "guide", _("Guide (handledning)")
    POLICY = "policy", _("Policy input")
    WEBINAR = "webinar", _("Webinar deck")
    PROJECT = "project", _("Project report")


class ReportFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "DOCX"
    PPTX = "pptx", "PPTX"
    HTML = "html", _("HTML site (zip)")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ReportJob(models.Model):
    kind = models.CharField(_("deliverable"), max_length=12, choices=ReportKind.choices)
    round = models.ForeignKey("cases.Round", on_delete=models.CASCADE, related_name="report_jobs")
    language = models.CharField(_("language"), max_length=2, choices=[("sv", "Svenska"), ("en", "English")])
    format = models.CharField(_("format"), max_length=4, choices=ReportFormat.choices)
    status = models.CharField(_("status"), max_length=8, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0, validators=[MaxValueValidator(100)])
    file = models.FileField(_("file"), upload_to="reports/", blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.format} {self.language} ({self.status})"

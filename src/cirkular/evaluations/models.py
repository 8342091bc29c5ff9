"""Evaluations of a case's tenders (or fictive tenders, a simulation) and their locked records."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cirkular.cases.models import Case


class EvaluationKind(models.TextChoices):
    TENDERS = "tenders", _("Tender evaluation")
    SIMULATION = "simulation", _("Tender simulation")


class Evaluation(models.Model):
    """The input of an evaluation (format cirkular-evaluation/1, see docs/evaluation-input.md)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="evaluations")
    kind = models.CharField(_("kind"), max_length=12, choices=EvaluationKind.choices, default=EvaluationKind.TENDERS)
    number = models.PositiveIntegerField(default=1)  # version within the case and kind
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.data.get('title', '')} v{self.number}"

    @property
    def locked(self) -> bool:
        return hasattr(self, "record")


class LockedRecordError(Exception):
    pass


class EvaluationRecord(models.Model):
    """An immutable record (Fastställ): inputs, results and the SHA-256 of their canonical JSON."""

    evaluation = models.OneToOneField(Evaluation, on_delete=models.PROTECT, related_name="record")
    record = models.JSONField()
    sha256 = models.CharField(max_length=64, db_index=True)
    locked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    locked_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.sha256

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise LockedRecordError("a locked evaluation record cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise LockedRecordError("a locked evaluation record cannot be deleted")

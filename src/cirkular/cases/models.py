"""Procurement cases run through the model, and everything recorded on them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cirkular.accounts.models import Organisation
from cirkular.core import impact


class Procedure(models.TextChoices):
    OPPET = "oppet", _("Open procedure")
    FORENKLAT = "forenklat", _("Simplified procedure")
    DIREKTUPPHANDLING = "direktupphandling", _("Direct award")
    FORHANDLAT = "forhandlat", _("Negotiated procedure")
    KONKURRENSPRAGLAD_DIALOG = "konkurrenspraglad_dialog", _("Competitive dialogue")
    INNOVATIONSPARTNERSKAP = "innovationspartnerskap", _("Innovation partnership")
    AVROP = "avrop", _("Call-off from a framework agreement")


class EntryKind(models.TextChoices):
    BUY_CIRCULAR = "buy_circular", _("Buying circular products or services")
    WASTE_STREAM = "waste_stream", _("Handling a waste or material stream")


class CaseStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PAUSED = "paused", _("Paused")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class Round(models.Model):
    """A programme round, e.g. the 2020 evaluation round or the 2021 demonstration round."""

    year = models.PositiveIntegerField(_("year"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    target = models.PositiveIntegerField(_("target number of procurements"), default=10)
    is_current = models.BooleanField(_("current round"), default=False)

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.name


class Case(models.Model):
    title = models.CharField(_("title"), max_length=200)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="cases")
    round = models.ForeignKey(Round, on_delete=models.SET_NULL, null=True, blank=True, related_name="cases")
    product_group = models.CharField(_("product group"), max_length=40)
    cpv = models.JSONField(_("CPV codes"), default=list, blank=True)
    estimated_value = models.DecimalField(
        _("estimated value (SEK)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    procedure = models.CharField(_("procedure"), max_length=30, choices=Procedure.choices)
    entry_kind = models.CharField(_("entry kind"), max_length=20, choices=EntryKind.choices)
    status = models.CharField(_("status"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.ACTIVE)
    public = models.BooleanField(_("public"), default=False, help_text=_("Shown to everyone, without personal data."))
    current_step = models.CharField(_("current step"), max_length=40, default="planera")
    started = models.DateField(_("started"), null=True, blank=True)
    advertised = models.DateField(_("advertised"), null=True, blank=True)
    awarded = models.DateField(_("awarded"), null=True, blank=True)
    contract_start = models.DateField(_("contract start"), null=True, blank=True)
    contract_end = models.DateField(_("contract end"), null=True, blank=True)
    contacts = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="contact_for")
    outcome = models.TextField(_("outcome"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    last_activity_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-last_activity_at", "title"]

    def __str__(self) -> str:
        return self.title


class ChecklistTick(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="ticks")
    step_id = models.CharField(max_length=40)
    item_id = models.CharField(max_length=80)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    done_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "item_id"], name="one_tick_per_item")]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.item_id}"


class StepNote(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="step_notes")
    step_id = models.CharField(max_length=40)
    notes = models.TextField(_("notes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "step_id"], name="one_note_per_step")]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.step_id}"


class Priority(models.IntegerChoices):
    HIGH = 1, _("High")
    MEDIUM = 2, _("Medium")
    LOW = 3, _("Low")


class AmbitionChoice(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="ambitions")
    strategy_id = models.CharField(_("strategy"), max_length=4)
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices, default=Priority.MEDIUM)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["priority", "strategy_id"]
        constraints = [models.UniqueConstraint(fields=["case", "strategy_id"], name="one_choice_per_strategy")]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.strategy_id}"


class CaseCriterion(models.Model):
    """A criterion in the case's basket, pinned to the id and version it was chosen at."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="criteria")
    criterion_id = models.CharField(max_length=20)
    version = models.PositiveIntegerField()
    values = models.JSONField(default=dict, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["criterion_id"]
        constraints = [models.UniqueConstraint(fields=["case", "criterion_id"], name="one_pin_per_criterion")]

    def __str__(self) -> str:
        return f"{self.criterion_id}@{self.version}"


class Alternative(models.TextChoices):
    AVOID = "avoid", _("Avoid buying")
    SHARE = "share", _("Share")
    RENT = "rent", _("Rent or lease")
    REUSE_OWN = "reuse_own", _("Reuse own stock")
    REUSE_MARKET = "reuse_market", _("Buy reused")
    REFURBISH = "refurbish", _("Refurbish")
    BUY_NEW = "buy_new", _("Buy new")


class NeedsAnalysis(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="needs")
    need = models.TextField(_("the need"), blank=True)
    alternatives = models.JSONField(default=dict, blank=True)  # alternative → what was found
    chosen = models.CharField(_("chosen route"), max_length=20, choices=Alternative.choices, blank=True)
    reason = models.TextField(_("reason for the choice"), blank=True)

    def __str__(self) -> str:
        return f"needs {self.case_id}"


class DialogueKind(models.TextChoices):
    RFI = "rfi", _("Request for information (RFI)")
    HEARING = "hearing", _("Hearing or information meeting")
    ONE_TO_ONE = "one_to_one", _("One-to-one meeting")
    DRAFT_CONSULTATION = "draft_consultation", _("Consultation on draft documents")


class DialogueEntry(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="dialogue")
    kind = models.CharField(_("activity"), max_length=20, choices=DialogueKind.choices)
    date = models.DateField(_("date"))
    suppliers = models.TextField(_("participating suppliers"), blank=True, help_text=_("One per line."))
    questions = models.TextField(_("questions"), blank=True)
    answers = models.TextField(_("answers"), blank=True)
    insights = models.TextField(_("insights"), blank=True)

    class Meta:
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.date} {self.kind}"


class Direction(models.TextChoices):
    AT_LEAST = "at_least", _("at least")
    AT_MOST = "at_most", _("at most")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    YEARLY = "yearly", _("Yearly")
    ONCE = "once", _("Once")


class ImpactBasis(models.TextChoices):
    """How a KPI's measured value turns into a quantity of an impact item (see core.impact)."""

    COUNT = impact.QuantityBasis.COUNT.value, _("Count: each measured unit is a quantity of the item")
    SHARE = impact.QuantityBasis.SHARE.value, _("Share: the value is a percentage of a volume per measurement period")


def _optional_amount(label: Any, max_digits: int, decimal_places: int) -> Any:
    """An optional, non-negative decimal field (empty in the database when not given)."""
    return models.DecimalField(
        label,
        max_digits=max_digits,
        decimal_places=decimal_places,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )


class Kpi(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="kpis")
    criterion_id = models.CharField(max_length=20, blank=True)
    kpi_id = models.CharField(max_length=80)
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.AT_LEAST)
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.QUARTERLY)
    # Optional mapping to an item of content/factors.csv, so that measurements give impact figures.
    impact_item = models.CharField(_("impact item"), max_length=40, blank=True)
    impact_basis = models.CharField(_("quantity basis"), max_length=8, choices=ImpactBasis.choices, blank=True)
    impact_per_unit = _optional_amount(_("quantity per measured unit"), 12, 3)
    impact_volume = _optional_amount(_("volume per measurement period"), 14, 2)
    impact_years = _optional_amount(_("extra years of use"), 5, 2)
    # SEK per unit of the impact item (item, kg or m²); both or neither, for the cost difference
    impact_new_price = _optional_amount(_("price per new unit"), 12, 2)
    impact_circular_price = _optional_amount(_("price per circular unit"), 12, 2)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    def off_target(self, value: object) -> bool:
        v = Decimal(str(value))
        return v < self.target if self.direction == Direction.AT_LEAST else v > self.target

    def impact_mapping(self) -> impact.KpiMapping | None:
        """The KPI's mapping to an impact item, or ``None`` when it has none."""
        if not self.impact_item or not self.impact_basis:
            return None
        return impact.KpiMapping(
            self.impact_item,
            impact.QuantityBasis(self.impact_basis),
            self.impact_per_unit,
            self.impact_volume,
            self.impact_years,
            self.impact_new_price,
            self.impact_circular_price,
        )


class Measurement(models.Model):
    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="measurements")
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    note = models.TextField(_("note"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to="evidence/%Y/%m/", blank=True)
    evidence_name = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.kpi_id} {self.date} {self.value}"

    @property
    def off_target(self) -> bool:
        return self.kpi.off_target(self.value)


class Recommend(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


class BarrierCategory(models.TextChoices):
    LEGAL = "legal", _("Legal")
    MARKET = "market", _("Market")
    ORGANISATION = "organisation", _("Internal organisation")
    COST = "cost", _("Cost")
    COMPETENCE = "competence", _("Competence")
    TIME = "time", _("Time")


class Lesson(models.Model):
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="lesson")
    what_worked = models.TextField(_("what worked"), blank=True)
    barriers = models.JSONField(default=dict, blank=True)  # BarrierCategory → text
    success_factors = models.TextField(_("success factors"), blank=True)
    tools_helped = models.JSONField(default=list, blank=True)  # tool ids of the model
    recommend = models.CharField(
        _("would you recommend the approach?"), max_length=8, choices=Recommend.choices, blank=True
    )

    def __str__(self) -> str:
        return f"lesson {self.case_id}"


class AuditAction(models.TextChoices):
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("deleted")


class AuditEntry(models.Model):
    """Every write: who, when, what, before and after."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="audit")
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=40)
    action = models.CharField(max_length=8, choices=AuditAction.choices)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    summary = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at} {self.action} {self.object_type} {self.object_id}"

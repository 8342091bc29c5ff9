from __future__ import annotations

import itertools
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cirkular.accounts.models import Organisation
from cirkular.cases.models import (
    Alternative,
    BarrierCategory,
    Case,
    DialogueEntry,
    Direction,
    Frequency,
    ImpactBasis,
    Priority,
    Recommend,
    Round,
)
from cirkular.cases.services import CASE_FIELDS
from cirkular.core import cpv as cpvlib
from cirkular.core import impact
from cirkular.core.cpv import load_cpv
from cirkular.core.criteria import load_library
from cirkular.core.model import load_model

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _lang() -> str:
    return get_language() or "sv"


class CpvField(forms.CharField):
    """CPV codes separated by commas or spaces, each checked against CPV 2008."""

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        codes: list[str] = []
        cpv = load_cpv()
        for raw in text.replace(";", ",").replace(",", " ").split():
            try:
                code = cpvlib.normalise(raw)
            except ValueError:
                raise forms.ValidationError(
                    _("%(raw)s is not a CPV code (eight digits).") % {"raw": raw[:20]}
                ) from None
            if code not in cpv:
                raise forms.ValidationError(_("%(code)s is not a code in CPV 2008.") % {"code": code})
            if code not in codes:
                codes.append(code)
        return codes

    def prepare_value(self, value: Any) -> Any:
        return ", ".join(value) if isinstance(value, list) else value


class CaseForm(forms.ModelForm):  # type: ignore[type-arg]
    cpv = CpvField(label=_("CPV codes"), required=False, help_text=_("For example 39130000, 39150000"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Case
        # The fields the service writes (organisation and round by their foreign keys), and the contacts.
        fields = [name.removesuffix("_id") for name in CASE_FIELDS] + ["contacts"]
        widgets = {
            "started": DATE,
            "advertised": DATE,
            "awarded": DATE,
            "contract_start": DATE,
            "contract_end": DATE,
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lang = _lang()
        self.fields["product_group"] = forms.ChoiceField(
            label=_("Product group"), choices=[(g.id, g.name.get(lang)) for g in load_library().groups]
        )
        self.fields["current_step"] = forms.ChoiceField(
            label=_("Current step"), choices=[(s.id, f"{s.number}. {s.name.get(lang)}") for s in load_model().steps]
        )
        self.fields["organisation"].queryset = (  # type: ignore[attr-defined]
            organisations if organisations is not None else Organisation.objects.none()
        )
        self.fields["round"].queryset = Round.objects.all()  # type: ignore[attr-defined]
        # contact people: members of the case's organisation (or of the buyer's organisations)
        members = (
            get_user_model()
            .objects.filter(
                memberships__organisation__in=[self.instance.organisation]
                if self.instance.pk
                else (organisations if organisations is not None else [])
            )
            .distinct()
        )
        self.fields["contacts"] = forms.ModelMultipleChoiceField(
            label=_("Contact people"), queryset=members, required=False, widget=forms.CheckboxSelectMultiple
        )
        if self.instance.pk:
            self.fields["organisation"].disabled = True
            self.fields["version"].initial = self.instance.version

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        order = ["started", "advertised", "awarded", "contract_start", "contract_end"]
        present = [(name, data.get(name)) for name in order if data.get(name)]
        for (a, da), (b, db) in itertools.pairwise(present):
            if da and db and db < da:
                self.add_error(b, _("This date is before %(field)s.") % {"field": self.fields[a].label})
        return data


class StepNoteForm(forms.Form):
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    decisions = forms.CharField(label=_("Decisions"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AmbitionForm(forms.Form):
    strategy = forms.ChoiceField(label=_("Strategy"))
    priority = forms.TypedChoiceField(
        label=_("Priority"), choices=Priority.choices, coerce=int, initial=Priority.MEDIUM
    )
    reason = forms.CharField(label=_("Why"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lang = _lang()
        self.fields["strategy"].choices = [  # type: ignore[attr-defined]
            (g.name.get(lang), [(s.id, f"{s.id} {s.name.get(lang)}") for s in g.strategies]) for g in load_model().goals
        ]


class NeedsForm(forms.Form):
    need = forms.CharField(label=_("The need, described as a function"), widget=forms.Textarea(attrs={"rows": 3}))
    chosen = forms.ChoiceField(label=_("Chosen route"), choices=[("", "—"), *Alternative.choices], required=False)
    reason = forms.CharField(label=_("Reason for the choice"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in Alternative.choices:
            self.fields[f"alt_{value}"] = forms.CharField(
                label=label, required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

    def alternative_fields(self) -> list[forms.BoundField]:
        return [self[f"alt_{value}"] for value, _label in Alternative.choices]

    def alternatives(self) -> dict[str, str]:
        return {
            v: self.cleaned_data[f"alt_{v}"] for v, _label in Alternative.choices if self.cleaned_data.get(f"alt_{v}")
        }


class DialogueForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = DialogueEntry
        fields = ["kind", "date", "suppliers", "questions", "answers", "insights"]
        widgets = {
            "date": DATE,
            "suppliers": forms.Textarea(attrs={"rows": 2}),
            "questions": forms.Textarea(attrs={"rows": 3}),
            "answers": forms.Textarea(attrs={"rows": 3}),
            "insights": forms.Textarea(attrs={"rows": 2}),
        }


class KpiForm(forms.Form):
    kpi_id = forms.CharField(widget=forms.HiddenInput)
    criterion_id = forms.CharField(widget=forms.HiddenInput, required=False)
    name = forms.CharField(label=_("KPI"), max_length=200)
    unit = forms.CharField(label=_("Unit"), max_length=40)
    target = forms.DecimalField(label=_("Target"), max_digits=14, decimal_places=2, localize=True)
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    frequency = forms.ChoiceField(label=_("Frequency"), choices=Frequency.choices, initial=Frequency.QUARTERLY)


def _impact_number(label: Any, help_text: Any, max_digits: int, decimal_places: int) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        required=False,
        max_digits=max_digits,
        decimal_places=decimal_places,
        localize=True,
        error_messages={"invalid": _("Enter a number, such as 400 or 0.5.")},
    )


class KpiImpactForm(forms.Form):
    """The KPI's mapping to an impact item; checked further by services.set_kpi_impact."""

    impact_item = forms.ChoiceField(label=_("Impact item"), required=False)
    impact_basis = forms.ChoiceField(
        label=_("How the measured value is counted"),
        choices=ImpactBasis.choices,
        initial=ImpactBasis.COUNT,
        required=False,
        widget=forms.RadioSelect,
    )
    impact_per_unit = _impact_number(
        _("Quantity of the item per measured unit (count)"),
        _("For example 0.5 when each garment counted weighs 0.5 kg. Empty means 1."),
        12,
        3,
    )
    impact_volume = _impact_number(
        _("Volume per measurement period (share)"),
        _("What the share is a share of, in the item's unit: for example 400 chairs delivered per quarter."),
        14,
        2,
    )
    impact_years = _impact_number(
        _("Extra years of use (IT equipment)"),
        _("How many more years a reused or refurbished device is used; needed for IT equipment only."),
        5,
        2,
    )
    impact_new_price = _impact_number(
        _("Price per new unit (SEK)"),
        _("What a new unit of the item costs, per item, kg or m² as the item is counted: for example 4 500."),
        12,
        2,
    )
    impact_circular_price = _impact_number(
        _("Price per circular unit (SEK)"),
        _(
            "What a reused, refurbished or repaired unit cost, counted the same way: for example 2 200. "
            "Give both prices for the cost difference, or neither."
        ),
        12,
        2,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lang = _lang()
        units = {"item": _("per item"), "kg": _("per kg"), "m2": _("per m²")}
        groups: dict[str, list[tuple[str, str]]] = {}
        library = load_library()
        names = {g.id: g.name.get(lang) for g in library.groups}
        for f in impact.factors().values():
            label = f"{f.name.get(lang)} ({units[f.quantity_unit.value]})"
            groups.setdefault(names.get(f.group, f.group), []).append((f.item, label))
        self.fields["impact_item"].choices = [  # type: ignore[attr-defined]
            ("", _("— no impact figures —")),
            *groups.items(),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("impact_item") and not data.get("impact_basis"):
            self.add_error("impact_basis", _("Choose whether the KPI counts the item or is a share of a volume."))
        return data


class MeasurementForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=2, localize=True)
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)
    evidence = forms.FileField(label=_("Evidence (PDF, image, spreadsheet; at most 10 MB)"), required=False)


class LessonForm(forms.Form):
    what_worked = forms.CharField(label=_("What worked"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    success_factors = forms.CharField(
        label=_("Success factors"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    tools_helped = forms.MultipleChoiceField(
        label=_("Tools of the model that helped"), required=False, widget=forms.CheckboxSelectMultiple
    )
    recommend = forms.ChoiceField(
        label=_("Would you recommend the approach?"), choices=[("", "—"), *Recommend.choices], required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lang = _lang()
        self.fields["tools_helped"].choices = [(t.id, t.name.get(lang)) for t in load_model().tools]  # type: ignore[attr-defined]
        for value, label in BarrierCategory.choices:
            self.fields[f"barrier_{value}"] = forms.CharField(
                label=label, required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

    def barrier_fields(self) -> list[forms.BoundField]:
        return [self[f"barrier_{value}"] for value, _label in BarrierCategory.choices]

    def barriers(self) -> dict[str, str]:
        return {
            v: self.cleaned_data[f"barrier_{v}"]
            for v, _label in BarrierCategory.choices
            if self.cleaned_data.get(f"barrier_{v}")
        }


class AttachBasketForm(forms.Form):
    case = forms.ModelChoiceField(label=_("Procurement"), queryset=Case.objects.none())

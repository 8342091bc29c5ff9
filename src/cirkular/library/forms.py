from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from cirkular.core import cpv as cpvlib
from cirkular.core.cpv import load_cpv
from cirkular.core.criteria import CriteriaLibrary, CriterionType, Filters, Level
from cirkular.core.model import load_model
from cirkular.reports.criteria_export import level_label, type_label


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    group = forms.ChoiceField(label=_("Product group"), required=False)
    cpv = forms.CharField(label=_("CPV code"), required=False, max_length=12, help_text=_("For example 39130000"))
    type = forms.ChoiceField(label=_("Type"), required=False)
    level = forms.ChoiceField(label=_("Level"), required=False)
    r = forms.ChoiceField(label=_("R-ladder"), required=False)
    goal = forms.ChoiceField(label=_("Ambition map goal"), required=False)

    def __init__(self, *args: Any, library: CriteriaLibrary, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lang = get_language() or "sv"
        model = load_model()
        every = [("", _("All"))]
        self.fields["group"].choices = every + [(g.id, g.name.get(lang)) for g in library.groups]  # type: ignore[attr-defined]
        self.fields["type"].choices = every + [(t.value, type_label(t)) for t in CriterionType]  # type: ignore[attr-defined]
        self.fields["level"].choices = every + [(lv.value, level_label(lv)) for lv in Level]  # type: ignore[attr-defined]
        self.fields["r"].choices = every + [(r.id, f"{r.id} {r.name.get(lang)}") for r in model.ladder]  # type: ignore[attr-defined]
        self.fields["goal"].choices = every + [(g.id, f"{g.id} {g.name.get(lang)}") for g in model.goals]  # type: ignore[attr-defined]

    def clean_cpv(self) -> str:
        raw: str = self.cleaned_data.get("cpv", "").strip()
        if not raw:
            return ""
        try:
            code = cpvlib.normalise(raw)
        except ValueError:
            raise forms.ValidationError(_("A CPV code has eight digits, for example 39130000.")) from None
        if code not in load_cpv():
            raise forms.ValidationError(_("%(code)s is not a code in CPV 2008.") % {"code": code})
        return code

    def filters(self) -> Filters:
        d = self.cleaned_data
        return Filters(
            group=d.get("group") or None,
            cpv=d.get("cpv") or None,
            type=CriterionType(d["type"]) if d.get("type") else None,
            level=Level(d["level"]) if d.get("level") else None,
            r_code=d.get("r") or None,
            goal=d.get("goal") or None,
        )

"""Forms of linkage review: which compartments to link, and a decision on a pair."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from moksori.web.accounts.models import Compartment
from moksori.web.linkage.models import DECISIONS, PairStatus


class RunLinkageForm(forms.Form):
    """Compartments to link; none chosen means every compartment granted to the user."""

    compartments = forms.ModelMultipleChoiceField(
        label=_("compartments"),
        queryset=Compartment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to link every compartment granted to you."),
    )

    def __init__(self, *args: Any, compartments: QuerySet[Compartment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.granted = compartments
        self.fields["compartments"].queryset = compartments.select_related("organisation")  # type: ignore[attr-defined]

    def chosen(self) -> list[Compartment]:
        return list(self.cleaned_data.get("compartments") or self.granted)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("decision"), choices=[(d.value, PairStatus(d).label) for d in DECISIONS]
    )

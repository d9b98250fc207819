"""Forms of the coding screen: an event from a selected span, its details when edited, and an act."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from moksori.web.coding import view_helpers as helpers
from moksori.web.coding.models import Confidence, DatePrecision
from moksori.web.testimonies.forms import DateInput
from moksori.web.testimonies.models import Passage
from moksori.web.vocabulary.models import Place, Term


class EventDetailsForm(forms.Form):
    """What an event is: its type, (fuzzy) date, place and description; edited as such."""

    type_code = forms.ChoiceField(label=_("event type"))
    date_precision = forms.ChoiceField(
        label=_("date precision"), choices=DatePrecision.choices, initial=DatePrecision.UNKNOWN
    )
    date_start = forms.DateField(label=_("date (or start)"), required=False, widget=DateInput())
    date_end = forms.DateField(label=_("end date"), required=False, widget=DateInput())
    place = forms.ChoiceField(label=_("place"), required=False)
    description = forms.CharField(
        label=_("description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["type_code"].choices = [("", "—"), *helpers.event_type_choices()]  # type: ignore[attr-defined]
        self.fields["place"].choices = helpers.place_choices()  # type: ignore[attr-defined]

    def chosen_place(self) -> Place | None:
        place_id = self.cleaned_data.get("place")
        return Place.objects.filter(pk=place_id).first() if place_id else None


class EventForm(EventDetailsForm):
    """A new event, coded from a passage or the selected span of it."""

    passage = forms.ChoiceField(label=_("passage"))
    span_start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    span_end = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    confidence = forms.ChoiceField(
        label=_("confidence"), choices=Confidence.choices, initial=Confidence.MEDIUM
    )

    def __init__(self, *args: Any, passages: list[Passage], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.passages = {str(p.pk): p for p in passages}
        self.fields["passage"].choices = [("", "—"), *((str(p.pk), p.anchor) for p in passages)]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("span_start"), data.get("span_end")
        if (start is None) != (end is None):
            self.add_error(None, _("Select the text again: the span is incomplete."))
        data["span"] = (start, end) if start is not None and end is not None else None
        return data

    def chosen_passage(self) -> Passage:
        return self.passages[self.cleaned_data["passage"]]


class ActForm(forms.Form):
    type_term = forms.ChoiceField(label=_("act type"))
    price_amount = forms.DecimalField(
        label=_("price"), required=False, min_value=0, max_digits=14, decimal_places=2
    )
    price_currency = forms.ChoiceField(label=_("currency"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["type_term"].choices = [("", "—"), *helpers.act_type_choices()]  # type: ignore[attr-defined]
        self.fields["price_currency"].choices = helpers.currency_choices()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("price_amount") is not None and not data.get("price_currency"):
            self.add_error("price_currency", _("Choose the currency of the price."))
        return data

    def chosen_term(self) -> Term:
        return Term.objects.get(pk=self.cleaned_data["type_term"])

"""Forms for survivors, interviews and consent; they parse input, the do_* actions validate and write."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from moksori.web.accounts.models import Compartment
from moksori.web.testimonies.models import ConsentPurpose, Language

BLANK_LINE = re.compile(r"\n[ \t\u3000]*\n+")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs separated by one or more blank lines; browsers send CR LF, kept as LF."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return []
    return [part.strip() for part in BLANK_LINE.split(text) if part.strip()]


class SurvivorForm(forms.Form):
    code = forms.CharField(
        label=_("code"), max_length=40, help_text=_("A pseudonymous case code, e.g. S-0042.")
    )
    name_hangul = forms.CharField(label=_("name (Hangul)"), required=False)
    name_latin = forms.CharField(label=_("name (Latin script)"), required=False)
    birth_year = forms.CharField(label=_("birth year"), required=False, max_length=4)
    home_province = forms.CharField(label=_("home province"), required=False)
    left_year = forms.CharField(label=_("year she left North Korea"), required=False, max_length=4)
    china_place = forms.CharField(label=_("first place in China"), required=False)
    contact = forms.CharField(
        label=_("contact details"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def identity_values(self) -> dict[str, str]:
        return {name: str(value) for name, value in self.cleaned_data.items() if name != "compartment"}


class SurvivorCreateForm(SurvivorForm):
    compartment = forms.ModelChoiceField(queryset=Compartment.objects.none(), label=_("compartment"))

    def __init__(self, *args: Any, compartments: QuerySet[Compartment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["compartment"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = compartments
        self.order_fields(["compartment", "code"])


class InterviewForm(forms.Form):
    conducted_on = forms.DateField(label=_("date"), widget=DateInput())
    place = forms.CharField(label=_("place"), required=False, max_length=300)
    language = forms.ChoiceField(label=_("language"), choices=Language.choices, initial=Language.KOREAN)
    transcript = forms.CharField(
        label=_("transcript"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Leave one blank line between passages; each passage gets a stable anchor (p0001, ...)."),
    )
    translation = forms.CharField(
        label=_("translation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Optional. The same number of passages, separated the same way, in the same order."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        texts = split_paragraphs(data.get("transcript", ""))
        translations = split_paragraphs(data.get("translation", ""))
        if translations and len(translations) != len(texts):
            message = ngettext(
                "The translation has %(t)d passage but the transcript has %(n)d; "
                "separate passages in both with one blank line.",
                "The translation has %(t)d passages but the transcript has %(n)d; "
                "separate passages in both with one blank line.",
                len(translations),
            ) % {"t": len(translations), "n": len(texts)}
            self.add_error("translation", message)
        translations += [""] * (len(texts) - len(translations))
        data["passages"] = list(zip(texts, translations, strict=False))
        return data


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("purpose"), choices=ConsentPurpose.choices)
    given = forms.TypedChoiceField(
        label=_("answer"),
        choices=[("yes", _("Consent given")), ("no", _("Consent refused"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    partner = forms.CharField(
        label=_("partner organisation"),
        required=False,
        max_length=200,
        help_text=_("Required when consenting to sharing with a partner."),
    )
    recorded_on = forms.DateField(label=_("recorded on"), widget=DateInput())


class WithdrawConsentForm(forms.Form):
    reason = forms.CharField(
        label=_("reason for withdrawal"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept encrypted. Write only what the case file needs."),
    )

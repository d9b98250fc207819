"""Forms of the login pages: password first, then a six-digit TOTP code."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Django's password form (it passes ``request`` to authenticate, which django-axes needs)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.error_messages = {
            "invalid_login": _("The user name or password is not correct. Check both and try again."),
            "inactive": _("This account is switched off. Ask your administrator."),
        }
        self.fields["username"].label = _("User name")
        self.fields["password"].label = _("Password")


class TotpCodeForm(forms.Form):
    token = forms.CharField(
        label=_("Six-digit code"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self) -> str:
        token = str(self.cleaned_data["token"]).replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError(_("Type only the digits shown in your authenticator app."))
        return token

    @staticmethod
    def wrong_code_message() -> str:
        return str(_("This code was not accepted. Wait for the next code and type it within 30 seconds."))

"""Forms for signing in, two-factor authentication and managing an organisation's accounts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.password_validation import password_validators_help_texts
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from palermo.accounts.models import User
from palermo.accounts.roles import Role


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from your authenticator app, or a recovery code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


class ConfirmDeviceForm(forms.Form):
    token = forms.CharField(
        label=_("6-digit code shown by the app"),
        max_length=10,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


def _join_password_help_texts() -> str:
    return " ".join(str(text) for text in password_validators_help_texts())


# Built per request, in the user's language, not once at import.
_password_help_text = lazy(_join_password_help_texts, str)


class PasswordField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("strip", False)
        kwargs.setdefault("widget", forms.PasswordInput(attrs={"autocomplete": "new-password"}))
        kwargs.setdefault("help_text", _password_help_text())
        super().__init__(**kwargs)


class NewUserForm(forms.ModelForm[User]):
    password = PasswordField(label=_("Initial password"))

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "role"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        role = self.fields["role"]
        assert isinstance(role, forms.ChoiceField)  # noqa: S101  (narrows the type for mypy)
        role.choices = [("", _("Choose a role")), *Role.choices]
        role.required = True
        self.fields["username"].widget.attrs["autocomplete"] = "off"


class EditUserForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email address"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_("Unticking this signs the person out everywhere and blocks sign-in."),
    )


class SetPasswordForm(forms.Form):
    password = PasswordField(label=_("New password"))
    confirm = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("confirm"):
            self.add_error("confirm", _("The two passwords differ."))
        return data


class ChangeOwnPasswordForm(SetPasswordForm):
    """A signed-in user changes their own password: the current one is asked first."""

    current = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["current", "password", "confirm"]

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_current(self) -> str:
        current: str = self.cleaned_data["current"]
        if not self.user.check_password(current):
            raise forms.ValidationError(_("Your current password is not right."))
        return current

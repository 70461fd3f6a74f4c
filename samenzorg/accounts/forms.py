from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from samenzorg.core.roles import Role

from .services import SELF_SERVICE_ROLES

# What each role that people choose themselves means, beside its name.
ROLE_EXPLANATIONS = {
    Role.BEWONER: _("you live in The Hague and look for help or want to join in"),
    Role.INITIATIEFNEMER: _("you start or run an initiative in your neighbourhood"),
    Role.PROFESSIONAL: _(
        "you work for an organisation, for example in care, welfare or housing"
    ),
}

WIDGET_CLASSES = {
    forms.RadioSelect: "utrecht-radio-button utrecht-radio-button--html-input",
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.widgets.Input: "utrecht-textbox utrecht-textbox--html-input",
}


class StyledFormMixin:
    """Puts the NL Design System classes on every widget."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            for widget_class, css in WIDGET_CLASSES.items():
                if isinstance(field.widget, widget_class):
                    field.widget.attrs.setdefault("class", css)
                    break


class RegistrationForm(StyledFormMixin, forms.Form):
    display_name = forms.CharField(
        label=_("Name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        help_text=_(
            "At least 8 characters. Not only numbers, and not a password "
            "that many people use."
        ),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    role = forms.ChoiceField(
        label=_("What describes you best?"),
        choices=[
            (role.value, format_lazy("{}: {}", role.label, ROLE_EXPLANATIONS[role]))
            for role in SELF_SERVICE_ROLES
        ],
        widget=forms.RadioSelect,
        help_text=_(
            "Other roles, such as municipal staff or facilitator, are given by "
            "an administrator."
        ),
    )

    # Where the service names a field differently from this form.
    SERVICE_FIELDS = {"password": "password1"}

    def clean(self):
        data = super().clean()
        if (
            data.get("password1")
            and data.get("password2")
            and data["password1"] != data["password2"]
        ):
            self.add_error("password2", _("The two passwords are not the same."))
        return data

    def add_service_errors(self, error: ValidationError) -> None:
        for field, messages in error.message_dict.items():
            name = self.SERVICE_FIELDS.get(field, field)
            for message in messages:
                self.add_error(name if name in self.fields else None, message)


class LoginForm(StyledFormMixin, AuthenticationForm):
    """Log in with e-mail address and password; only confirmed addresses get in."""

    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "This e-mail address and password do not match. Check them and try again."
        ),
        "unconfirmed": _(
            "You have not confirmed your e-mail address yet. Click the link in the "
            "e-mail we sent you. No e-mail? Ask for a new link."
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["password"].label = _("Password")

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.email_confirmed:
            raise ValidationError(
                self.error_messages["unconfirmed"], code="unconfirmed"
            )

    @property
    def is_unconfirmed(self) -> bool:
        return any(e.code == "unconfirmed" for e in self.non_field_errors().as_data())


class ResendConfirmationForm(StyledFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class ProfileForm(StyledFormMixin, forms.Form):
    display_name = forms.CharField(
        label=_("Name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )


class AuditFilterForm(StyledFormMixin, forms.Form):
    RECORD_TYPES = [
        ("", _("All records")),
        ("initiatieven", _("Initiatives")),
        ("gebruikers", _("Users and roles")),
    ]
    soort = forms.ChoiceField(
        label=_("Type of record"), choices=RECORD_TYPES, required=False
    )
    q = forms.CharField(
        label=_("Search by record name"), required=False, max_length=200
    )


class StyledPasswordResetForm(StyledFormMixin, PasswordResetForm):
    pass


class StyledSetPasswordForm(StyledFormMixin, SetPasswordForm):
    pass


class StyledPasswordChangeForm(StyledFormMixin, PasswordChangeForm):
    pass


class TwoFactorCodeForm(StyledFormMixin, forms.Form):
    """The 6-digit code from the authenticator app."""

    token = forms.CharField(
        label=_("Code from your app"),
        max_length=12,
        help_text=_("6 digits. Spaces are allowed."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "spellcheck": "false",
            }
        ),
        error_messages={"required": _("Type the code from your app.")},
    )


class ErasureForm(StyledFormMixin, forms.Form):
    """Asking to erase one's own account: the password and a tick that it is final."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    understood = forms.BooleanField(
        label=_("I understand that this cannot be undone"),
        error_messages={
            "required": _("Tick the box to show that you understand this.")
        },
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("This password is not right."))
        return password

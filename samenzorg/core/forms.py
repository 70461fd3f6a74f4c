"""Forms of core's own pages: uploading a document, notification settings."""

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from samenzorg.accounts.forms import WIDGET_CLASSES, StyledFormMixin

from .documents import ACCEPT, check_upload, document_max_bytes
from .models import Delivery

TEXTBOX = {"class": "utrecht-textbox utrecht-textbox--html-input"}


class DocumentFileField(forms.FileField):
    """A file of one of the accepted kinds and size (see ``check_upload``)."""

    widget = forms.FileInput
    default_error_messages = {
        "required": _("Choose a file."),
        "empty": _("This file is empty."),
        "invalid": _("No file was sent. Choose the file again."),
        "missing": _("No file was sent. Choose the file again."),
    }

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "accept": ACCEPT}

    def validate(self, value):
        super().validate(value)
        if value:
            check_upload(value)


class DocumentForm(forms.Form):
    file = DocumentFileField(label=_("File"))
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("For example “Budget 2027”. Empty: the file name is shown."),
        widget=forms.TextInput(attrs=TEXTBOX),
    )

    def __init__(self, *args, too_large: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = too_large
        self.fields["file"].help_text = _(
            "A PDF, Word, Excel or OpenDocument file, or an image (PNG, JPEG); "
            "at most %(max)s."
        ) % {"max": filesizeformat(document_max_bytes())}

    def clean(self):
        cleaned = super().clean()
        if self.too_large:
            # The upload was stopped at the limit, so "file" is missing: say why.
            self.errors.pop("file", None)
            self.add_error(
                "file",
                ValidationError(
                    _("This file is too large. It may be at most %(max)s."),
                    code="max_size",
                    params={"max": filesizeformat(document_max_bytes())},
                ),
            )
        return cleaned

    def add_service_errors(self, error: ValidationError) -> None:
        """Show a service's ``ValidationError`` at its fields, or above the form."""
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, error)


DELIVERY_CHOICES = [
    (Delivery.OFF, _("Off: no notification")),
    (Delivery.IMMEDIATE, _("At once: on the site and an e-mail right away")),
    (Delivery.DIGEST, _("Daily digest: on the site and one e-mail each morning")),
]
RADIO_CLASS = WIDGET_CLASSES[forms.RadioSelect]


def field_name(kind_key: str) -> str:
    return "kind__" + kind_key.replace(".", "__")


class NotificationSettingsForm(StyledFormMixin, forms.Form):
    """One choice per kind of notification, and the language of the e-mails."""

    language = forms.ChoiceField(
        label=_("Language of the e-mails"),
        # Each language in its own words, so that a reader finds theirs.
        choices=[("nl", "Nederlands"), ("en", "English")],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, preferences, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind_fields = []
        for kind, delivery in preferences:
            name = field_name(kind.key)
            self.fields[name] = forms.ChoiceField(
                label=kind.label,
                help_text=kind.description,
                choices=DELIVERY_CHOICES,
                initial=delivery,
                widget=forms.RadioSelect(attrs={"class": RADIO_CLASS}),
            )
            self.kind_fields.append((kind.key, name))

    def deliveries(self) -> dict[str, str]:
        return {key: self.cleaned_data[name] for key, name in self.kind_fields}

    def kind_boundfields(self):
        return [self[name] for _key, name in self.kind_fields]

from django import forms
from django.utils.translation import gettext_lazy as _

from samenzorg.accounts.forms import WIDGET_CLASSES, StyledFormMixin

from .models import Delivery

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

"""Forms of the initiative pages. The services validate; these parse and show errors."""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from samenzorg.areas.search import MAX_QUERY, area_resolve

from .models import Initiative, Tag
from .selectors import SORTS, tag_choices
from .services import initiative_errors

TEXTBOX = {"class": "utrecht-textbox utrecht-textbox--html-input"}
TEXTAREA = {"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 6}
SELECT = {"class": "utrecht-select utrecht-select--html-select"}
CHECKBOX = {"class": "utrecht-checkbox utrecht-checkbox--html-input"}
RADIO = {"class": "utrecht-radio-button utrecht-radio-button--html-input"}


class CoordinateField(forms.FloatField):
    """A number with a decimal point or a decimal comma (as typed in Dutch)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)


def _tag_field(kind: str, label, help_text=""):
    return forms.MultipleChoiceField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.CheckboxSelectMultiple(attrs=CHECKBOX),
        choices=lambda: [(t.slug, t.name) for t in tag_choices(kind)],
    )


class InitiativeForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=200, widget=forms.TextInput(attrs=TEXTBOX)
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        help_text=_("What do you do, for whom and where?"),
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    carriers = _tag_field(Tag.Kind.CARRIER, _("Carried by"))
    target_groups = _tag_field(Tag.Kind.TARGET_GROUP, _("Target groups"))
    domains = _tag_field(Tag.Kind.DOMAIN, _("Activities"))
    maturity = forms.ChoiceField(
        label=_("Phase"),
        choices=Initiative.Maturity.choices,
        initial=Initiative.Maturity.IDEA,
        widget=forms.RadioSelect(attrs=RADIO),
    )
    latitude = CoordinateField(
        label=_("Latitude"),
        required=False,
        help_text=_("You do not have to fill this in yourself: click on the map."),
        widget=forms.NumberInput(
            attrs={**TEXTBOX, "step": "any", "inputmode": "decimal"}
        ),
    )
    longitude = CoordinateField(
        label=_("Longitude"),
        required=False,
        help_text=_("You do not have to fill this in yourself: click on the map."),
        widget=forms.NumberInput(
            attrs={**TEXTBOX, "step": "any", "inputmode": "decimal"}
        ),
    )
    website = forms.CharField(
        label=_("Website"),
        required=False,
        max_length=200,
        help_text=_("Starting with https://"),
        widget=forms.URLInput(attrs=TEXTBOX),
    )
    contact_name = forms.CharField(
        label=_("Contact person"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={**TEXTBOX, "autocomplete": "name"}),
    )
    contact_email = forms.CharField(
        label=_("Contact e-mail address"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={**TEXTBOX, "autocomplete": "email"}),
    )
    contact_phone = forms.CharField(
        label=_("Contact phone number"),
        required=False,
        max_length=40,
        widget=forms.TextInput(
            attrs={**TEXTBOX, "autocomplete": "tel", "inputmode": "tel"}
        ),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (Initiative.Status.CONCEPT, Initiative.Status.CONCEPT.label),
            (Initiative.Status.PUBLIC, Initiative.Status.PUBLIC.label),
        ],
        initial=Initiative.Status.CONCEPT,
        help_text=_(
            "A draft is visible only to you and the municipality. The first time "
            "you publish an initiative, the municipality checks it first."
        ),
        widget=forms.Select(attrs=SELECT),
    )

    CONTACT_FIELDS = ("contact_name", "contact_email", "contact_phone")

    def __init__(self, *args, allow_archived=False, waiting=False, **kwargs):
        super().__init__(*args, **kwargs)
        if allow_archived:
            self.fields["status"].choices = [
                c for c in Initiative.Status.choices if c[0] != Initiative.Status.REVIEW
            ]
        elif waiting:
            self.fields["status"].choices = [
                (Initiative.Status.CONCEPT, Initiative.Status.CONCEPT.label),
                (Initiative.Status.REVIEW, Initiative.Status.REVIEW.label),
            ]
        for name, field in self.fields.items():
            if name in self.errors:
                field.widget.attrs["aria-invalid"] = "true"
            # The ids that components/form_field.html gives the help and the error.
            describedby = []
            if field.help_text:
                describedby.append(f"{self[name].auto_id}_helptext")
            if name in self.errors:
                describedby.append(f"{self[name].auto_id}_error")
            if describedby and not isinstance(
                field.widget, (forms.CheckboxSelectMultiple, forms.RadioSelect)
            ):
                field.widget.attrs["aria-describedby"] = " ".join(describedby)

    @classmethod
    def initial_for(cls, initiative: Initiative) -> dict:
        return {
            "name": initiative.name,
            "description": initiative.description,
            "carriers": [t.slug for t in initiative.carriers.all()],
            "target_groups": [t.slug for t in initiative.target_groups.all()],
            "domains": [t.slug for t in initiative.domains.all()],
            "maturity": initiative.maturity,
            "latitude": initiative.latitude,
            "longitude": initiative.longitude,
            "website": initiative.website,
            "contact_name": initiative.contact_name,
            "contact_email": initiative.contact_email,
            "contact_phone": initiative.contact_phone,
            "status": initiative.status,
        }

    def clean(self):
        cleaned = super().clean()
        # The service's own checks (a lone coordinate, a bad web address), so that every
        # problem shows in one round, next to the errors of the fields themselves.
        for field, messages in initiative_errors(**cleaned).items():
            if field in self.fields and field not in self.errors:
                self.add_error(field, messages)
        return cleaned

    def add_service_errors(self, exc: ValidationError) -> None:
        """Put the service's messages at the fields they belong to."""
        if hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, exc.messages)


class ReviewForm(forms.Form):
    """The municipality's check of a first publication."""

    APPROVE = "approve"
    REJECT = "reject"

    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[
            (APPROVE, _("Publish: it may be shown to everyone")),
            (REJECT, _("Do not publish yet: send it back with a reason")),
        ],
        widget=forms.RadioSelect(attrs=RADIO),
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=2000,
        help_text=_("Needed when you do not publish it. The owners read this."),
        widget=forms.Textarea(attrs={**TEXTAREA, "rows": 4}),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("decision") == self.REJECT
            and "reason" not in self.errors  # too long, or an invisible character
            and not cleaned.get("reason", "").strip()
        ):
            self.add_error(
                "reason",
                _("Write why it cannot be published, so the owners can fix it."),
            )
        return cleaned


class FilterForm(forms.Form):
    """The list's search, filters and sort, read from the query string."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={**TEXTBOX, "type": "search"}),
    )
    area = forms.CharField(
        label=_("Area"),
        required=False,
        max_length=MAX_QUERY,
        help_text=_("A name or code, for example Moerwijk or WK051836."),
        widget=forms.TextInput(
            attrs={**TEXTBOX, "autocomplete": "off", "data-area-combobox": ""}
        ),
    )
    carrier = forms.ChoiceField(
        label=_("Carried by"), required=False, widget=forms.Select(attrs=SELECT)
    )
    target_group = forms.ChoiceField(
        label=_("Target group"), required=False, widget=forms.Select(attrs=SELECT)
    )
    domain = forms.ChoiceField(
        label=_("Activity"), required=False, widget=forms.Select(attrs=SELECT)
    )
    maturity = forms.ChoiceField(
        label=_("Phase"),
        required=False,
        choices=[("", _("All phases")), *Initiative.Maturity.choices],
        widget=forms.Select(attrs=SELECT),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *Initiative.Status.choices],
        widget=forms.Select(attrs=SELECT),
    )
    fictional = forms.ChoiceField(
        label=_("Fictional examples"),
        required=False,
        choices=[
            ("show", _("Show")),
            ("hide", _("Hide")),
            ("only", _("Only fictional examples")),
        ],
        widget=forms.Select(attrs=SELECT),
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("name", _("Name")),
            ("newest", _("Newest first")),
            ("maturity", _("Phase (furthest first)")),
        ],
        widget=forms.Select(attrs=SELECT),
    )

    def __init__(self, *args, tags=None, show_status=False, **kwargs):
        super().__init__(*args, **kwargs)
        tags = list(tags if tags is not None else Tag.objects.all())
        for name, kind, empty in (
            ("carrier", Tag.Kind.CARRIER, _("All carriers")),
            ("target_group", Tag.Kind.TARGET_GROUP, _("All target groups")),
            ("domain", Tag.Kind.DOMAIN, _("All activities")),
        ):
            self.fields[name].choices = [("", empty)] + [
                (t.slug, t.name) for t in tags if t.kind == kind
            ]
        # The typed area: a code, a name or "name (code)"; shown again as its label.
        self.area = area_resolve(self.data.get("area"))
        if self.area.area is not None:
            self.data = self.data.copy()
            self.data["area"] = self.area.area.label
        self.fields["area"].widget.attrs["data-search-url"] = reverse("areas:search")
        if not show_status:
            del self.fields["status"]

    def clean_area(self):
        if self.area.choices:
            raise ValidationError(
                _("More than one area matches. Choose one below."), code="ambiguous"
            )
        if self.area.is_unknown:
            raise ValidationError(
                _("We do not know an area with the name or code “%(text)s”."),
                code="unknown",
                params={"text": self.area.text},
            )
        return self.area.code

    def values(self) -> dict:
        """The valid values; a wrong value counts as not given."""
        data = {}
        for name, field in self.fields.items():
            raw = self.data.get(name, "")
            try:
                data[name] = field.clean(raw)
            except ValidationError:
                data[name] = ""
        data["area"] = self.area.code
        if data.get("sort") not in SORTS:
            data["sort"] = "name"
        return data

from django import forms
from django.utils.translation import gettext_lazy as _

from samenzorg.areas.models import Area
from samenzorg.core.tabular import too_large_message

from . import transfer
from .models import Actor, ActorType, NetworkMap, TieKind

TEXT = "utrecht-textbox utrecht-textbox--html-input"
SELECT = "utrecht-select utrecht-select--html-select"
AREA_TEXT = "utrecht-textarea utrecht-textarea--html-textarea"


def _style(form):
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault(
                "class", "utrecht-checkbox utrecht-checkbox--html-input"
            )
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", SELECT)
        elif isinstance(widget, forms.Textarea):
            widget.attrs.setdefault("class", AREA_TEXT)
            widget.attrs.setdefault("rows", 3)
        elif isinstance(widget, forms.ClearableFileInput | forms.FileInput):
            widget.attrs.setdefault("class", "utrecht-file-input")
        else:
            widget.attrs.setdefault("class", TEXT)


class NetworkMapForm(forms.ModelForm):
    class Meta:
        model = NetworkMap
        fields = ["name", "description", "scope", "area", "is_published", "seed"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.exclude(level=Area.Level.BUURT)
        _style(self)


class ActorForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        required=False,
        help_text=_("For a key person: only with their consent."),
    )
    type = forms.ChoiceField(label=_("Type"), choices=ActorType.choices)
    is_key_person = forms.BooleanField(
        label=_("Key person (a person in a role)"), required=False
    )
    role = forms.CharField(label=_("Role"), max_length=150, required=False)
    organisation = forms.CharField(
        label=_("Organisation"), max_length=200, required=False
    )
    contact = forms.CharField(
        label=_("Contact details"), max_length=200, required=False
    )
    consent = forms.BooleanField(
        label=_("The person agreed that their name and contact are stored"),
        required=False,
    )
    initiative = forms.IntegerField(
        label=_("Number of the initiative on this platform"),
        required=False,
        min_value=1,
        help_text=_("Optional: links the actor to an initiative of the inventory."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea)

    def __init__(self, *args, prefix_id="actor", **kwargs):
        super().__init__(*args, auto_id=f"{prefix_id}_%s", **kwargs)
        _style(self)


class TieForm(forms.Form):
    source_actor = forms.ModelChoiceField(
        label=_("From"), queryset=Actor.objects.none()
    )
    target_actor = forms.ModelChoiceField(label=_("To"), queryset=Actor.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=TieKind.choices)
    strength = forms.TypedChoiceField(
        label=_("Strength"),
        coerce=int,
        choices=[(1, _("1 – weak")), (2, _("2 – normal")), (3, _("3 – strong"))],
        initial=2,
    )
    directed = forms.BooleanField(label=_("One direction (from → to)"), required=False)
    source = forms.CharField(label=_("Source"), max_length=300, required=False)
    started_on = forms.DateField(
        label=_("Since"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ended_on = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, actors=None, **kwargs):
        super().__init__(*args, auto_id="tie_%s", **kwargs)
        if actors is not None:
            self.fields["source_actor"].queryset = actors
            self.fields["target_actor"].queryset = actors
        _style(self)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV with actors (columns id, name, type), an Excel workbook with the sheets "
            "Elements and Connections, or GraphML."
        ),
    )
    ties_file = forms.FileField(
        label=_("CSV with ties (optional)"),
        required=False,
        help_text=_("Columns from, to, kind, strength, directed, source, date."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)

    def clean(self):
        """Files over the limit are refused here, before they are stored."""
        cleaned = super().clean()
        for name in ("file", "ties_file"):
            file = cleaned.get(name)
            if file and file.size > transfer.MAX_FILE_BYTES:
                self.add_error(name, too_large_message(transfer.MAX_FILE_BYTES))
        return cleaned


class CompareForm(forms.Form):
    first = forms.DateField(
        label=_("First date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    second = forms.DateField(
        label=_("Second date"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _style(self)


class QuestionnaireForm(forms.Form):
    partners = forms.ModelMultipleChoiceField(
        label=_("With whom do you work together?"),
        queryset=Actor.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    others = forms.CharField(
        label=_("Others, not in the list (one per line)"),
        required=False,
        widget=forms.Textarea,
    )
    kind = forms.ChoiceField(
        label=_("What kind of cooperation is it mostly?"), choices=TieKind.choices
    )
    strength = forms.TypedChoiceField(
        label=_("How close is the cooperation?"),
        coerce=int,
        choices=[
            (1, _("1 – now and then")),
            (2, _("2 – regularly")),
            (3, _("3 – closely")),
        ],
        initial=2,
    )

    def __init__(self, *args, partners=None, **kwargs):
        super().__init__(*args, **kwargs)
        if partners is not None:
            self.fields["partners"].queryset = partners
            self.fields["partners"].label_from_instance = lambda a: a.public_name
        _style(self)

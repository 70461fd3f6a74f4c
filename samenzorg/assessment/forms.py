"""Forms of the assessment pages. They parse input; services validate and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Participant, Round, Scenario

TEXT = {"class": "utrecht-textbox utrecht-textbox--html-input"}
NUMBER = {"class": "utrecht-textbox utrecht-textbox--html-input utrecht-textbox--sm"}
SELECT = {"class": "utrecht-select utrecht-select--html-select"}
AREA = {"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 3}


class RoundForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, widget=forms.TextInput(TEXT)
    )
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={**TEXT, "type": "date"})
    )
    scale_min = forms.IntegerField(
        label=_("Lowest score"),
        min_value=0,
        initial=1,
        widget=forms.NumberInput(NUMBER),
    )
    scale_max = forms.IntegerField(
        label=_("Highest score"),
        min_value=1,
        initial=5,
        widget=forms.NumberInput(NUMBER),
    )
    method = forms.ChoiceField(
        label=_("How scores are combined"),
        choices=Round.Method.choices,
        widget=forms.Select(SELECT),
    )
    raters_per_initiative = forms.IntegerField(
        label=_("Raters per initiative (r)"),
        min_value=1,
        initial=3,
        help_text=_("Every initiative is scored by at least this many people."),
        widget=forms.NumberInput(NUMBER),
    )
    expected_participants = forms.IntegerField(
        label=_("Expected participants"),
        min_value=1,
        initial=45,
        widget=forms.NumberInput(NUMBER),
    )
    max_per_person = forms.IntegerField(
        label=_("Most initiatives per person"),
        min_value=1,
        required=False,
        help_text=_("Leave empty for no maximum."),
        widget=forms.NumberInput(NUMBER),
    )
    top_k = forms.IntegerField(
        label=_("Size of the top (for the sensitivity)"),
        min_value=1,
        initial=10,
        widget=forms.NumberInput(NUMBER),
    )


class CriterionForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(
        label=_("Criterion"), max_length=120, widget=forms.TextInput(TEXT)
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(AREA)
    )
    weight = forms.FloatField(
        label=_("Weight"),
        min_value=0,
        initial=1,
        widget=forms.NumberInput({**NUMBER, "step": "any"}),
    )


CriterionFormSet = forms.formset_factory(CriterionForm, extra=1, can_delete=True)


class InitiativeFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search words"), required=False, widget=forms.TextInput(TEXT)
    )
    area = forms.ChoiceField(
        label=_("Area"), required=False, widget=forms.Select(SELECT)
    )
    domain = forms.ChoiceField(
        label=_("Activity"), required=False, widget=forms.Select(SELECT)
    )
    maturity = forms.ChoiceField(
        label=_("Maturity"), required=False, widget=forms.Select(SELECT)
    )

    def __init__(self, *args, areas=(), domains=(), maturities=(), **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["area"].choices = everything + list(areas)
        self.fields["domain"].choices = everything + list(domains)
        self.fields["maturity"].choices = everything + list(maturities)


class JoinCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Join code"),
        max_length=12,
        help_text=_("The code on the screen in the room."),
        widget=forms.TextInput(
            {**TEXT, "autocomplete": "off", "autocapitalize": "characters"}
        ),
    )


class JoinForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        widget=forms.TextInput({**TEXT, "autocomplete": "name"}),
    )
    organisation_kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        choices=Participant.OrganisationKind.choices,
        widget=forms.RadioSelect,
    )


class ScoreForm(forms.Form):
    value = forms.TypedChoiceField(coerce=int, widget=forms.RadioSelect)

    def __init__(self, *args, scale=(), label="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value"].choices = [(v, str(v)) for v in scale]
        self.fields["value"].label = label


class PointsForm(forms.Form):
    def __init__(self, *args, criteria=(), initial_points=None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_points = initial_points or {}
        for c in criteria:
            self.fields[f"c{c.pk}"] = forms.IntegerField(
                label=c.name,
                min_value=0,
                max_value=100,
                initial=initial_points.get(str(c.pk), 0),
                widget=forms.NumberInput({**NUMBER, "inputmode": "numeric"}),
            )

    def points(self):
        return {int(name[1:]): value or 0 for name, value in self.cleaned_data.items()}


DIRECTIONS = [
    (1, _("higher value = more need (higher score)")),
    (-1, _("lower value = more need (higher score)")),
]


class ScenarioForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, widget=forms.TextInput(TEXT)
    )
    level = forms.ChoiceField(
        label=_("Level"), choices=Scenario.Level.choices, widget=forms.Select(SELECT)
    )
    round = forms.ChoiceField(
        label=_("Kansrijkheid from round"),
        required=False,
        help_text=_(
            "The scores of the initiatives in each area count as one indicator."
        ),
        widget=forms.Select(SELECT),
    )
    kansrijkheid_weight = forms.FloatField(
        label=_("Weight of kansrijkheid"),
        min_value=0,
        initial=1,
        widget=forms.NumberInput({**NUMBER, "step": "any"}),
    )
    k = forms.IntegerField(
        label=_("Number of areas (k)"),
        min_value=1,
        max_value=Scenario.MAX_AREAS,
        initial=7,
        widget=forms.NumberInput(NUMBER),
    )
    min_distinct_problems = forms.IntegerField(
        label=_("At least this many different problems (d)"),
        min_value=1,
        max_value=Scenario.MAX_AREAS,
        required=False,
        widget=forms.NumberInput(NUMBER),
    )
    max_per_group = forms.IntegerField(
        label=_("At most this many areas per district (g)"),
        min_value=1,
        max_value=Scenario.MAX_AREAS,
        required=False,
        widget=forms.NumberInput(NUMBER),
    )
    include = forms.MultipleChoiceField(
        label=_("Must be in"),
        required=False,
        widget=forms.SelectMultiple({**SELECT, "size": 6}),
    )
    exclude = forms.MultipleChoiceField(
        label=_("Must stay out"),
        required=False,
        widget=forms.SelectMultiple({**SELECT, "size": 6}),
    )

    def __init__(self, *args, rounds=(), areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].choices = [("", _("None"))] + [
            (r.pk, str(r)) for r in rounds
        ]
        self.fields["include"].choices = list(areas)
        self.fields["exclude"].choices = list(areas)


class IndicatorForm(forms.Form):
    variable = forms.ChoiceField(
        label=_("Indicator (CBS)"), required=False, widget=forms.Select(SELECT)
    )
    direction = forms.TypedChoiceField(
        label=_("Direction"),
        coerce=int,
        choices=DIRECTIONS,
        widget=forms.Select(SELECT),
    )
    weight = forms.FloatField(
        label=_("Weight"),
        min_value=0,
        initial=1,
        widget=forms.NumberInput({**NUMBER, "step": "any"}),
    )
    problem = forms.CharField(
        label=_("Problem type it shows"),
        required=False,
        max_length=60,
        widget=forms.TextInput(TEXT),
    )

    def __init__(self, *args, variables=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["variable"].choices = [("", _("None"))] + list(variables)


IndicatorFormSet = forms.formset_factory(IndicatorForm, extra=3)

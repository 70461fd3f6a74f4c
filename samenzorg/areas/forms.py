from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenzorg.core.tabular import too_large_message

from . import services
from .models import Area

MAP_LEVELS = [
    (Area.Level.STADSDEEL, _("districts (stadsdelen)")),
    (Area.Level.WIJK, _("neighbourhoods (wijken)")),
    (Area.Level.BUURT, _("quarters (buurten)")),
]


class MapForm(forms.Form):
    niveau = forms.ChoiceField(label=_("Level"), choices=MAP_LEVELS, required=False)
    cijfer = forms.ChoiceField(label=_("Figure"), required=False)

    def __init__(self, *args, variables=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cijfer"].choices = [
            (
                v.key,
                f"{v.title} ({v.unit}, {v.year})"
                if v.unit
                else f"{v.title} ({v.year})",
            )
            for v in variables
        ]
        for field in self.fields.values():
            field.widget.attrs["class"] = "utrecht-select utrecht-select--html-select"


class StatisticsImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "The CBS table 'Kerncijfers wijken en buurten' as CSV, with the CBS column "
            "keys (for example Codering_3, AantalInwoners_5, k_65JaarOfOuder_12). "
            "Rows of other municipalities are skipped."
        ),
    )
    year = forms.IntegerField(
        label=_("Year of the figures"),
        min_value=1990,
        max_value=2100,
        initial=lambda: timezone.now().year - 1,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs.update(
            {"class": "utrecht-textbox", "accept": ".csv,text/csv"}
        )
        self.fields["year"].widget.attrs["class"] = (
            "utrecht-textbox utrecht-textbox--sm"
        )

    def clean_file(self):
        """A file over the limit is refused here, before it is stored for the import."""
        file = self.cleaned_data["file"]
        if file.size > services.MAX_FILE_BYTES:
            raise forms.ValidationError(too_large_message(services.MAX_FILE_BYTES))
        return file

"""The form field component: screen readers find the help text of each field."""

import re

from django import forms
from django.template.loader import render_to_string


class SampleForm(forms.Form):
    code = forms.CharField(label="Code", help_text="Zes cijfers. Spaties mogen.")
    kinds = forms.MultipleChoiceField(
        label="Soorten",
        help_text="Kies er een of meer.",
        choices=[("a", "A"), ("b", "B")],
        widget=forms.CheckboxSelectMultiple,
    )


def test_every_described_by_id_exists_on_the_page():
    form = SampleForm(data={})
    form.is_valid()
    html = "".join(
        render_to_string("components/form_field.html", {"field": form[name]})
        for name in form.fields
    )
    described = {
        ref
        for refs in re.findall(r'aria-describedby="([^"]+)"', html)
        for ref in refs.split()
    }
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    assert described
    assert described <= ids, described - ids
    assert "id_code_helptext" in described

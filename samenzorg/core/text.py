"""One rule for text, everywhere: no invisible control characters.

Text that people type or paste can carry control characters (a bell, ``\\x07``; a NUL
byte; escape codes copied from a terminal). They show as nothing on a page but break
spreadsheets and XML later, when the stored value is exported. So every text field of
our models and every text field of a form refuses them with a Dutch message (tab, line
break and carriage return stay allowed), and the exports clean what is stored already
(``xml_safe``), so that no stored value can make an export fail.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Control characters other than tab, line feed and carriage return.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# What XML 1.0 (and so XLSX and GraphML) cannot hold.
NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

CONTROL_MESSAGE = _(
    "This text has an invisible character that is not allowed (%(code)s, at "
    "position %(position)s). It often comes along when text is copied. Remove it "
    "and try again."
)


def validate_no_control_characters(value) -> None:
    """Refuse text with a control character other than tab or a line break."""
    if not isinstance(value, str):
        return
    found = CONTROL_CHARACTERS.search(value)
    if found is not None:
        raise ValidationError(
            CONTROL_MESSAGE,
            code="control_character",
            params={
                "code": f"U+{ord(found.group()):04X}",
                "position": found.start() + 1,
            },
        )


def xml_safe(value):
    """``value`` without the characters XML cannot hold (other values unchanged)."""
    if isinstance(value, str):
        return NOT_IN_XML.sub("", value)
    return value


def _drop_djangos_nul_check(field_class) -> None:
    """Our rule covers NUL too, with a message that says where it is; Django's own
    check would add a second, vaguer one ("Null characters are not allowed")."""
    from django.core.validators import ProhibitNullCharactersValidator

    original = field_class.__init__

    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self.validators = [
            v
            for v in self.validators
            if not isinstance(v, ProhibitNullCharactersValidator)
        ]

    field_class.__init__ = __init__


def install_text_rule() -> None:
    """Give every text field of our models and every form text field the rule."""
    from django import forms
    from django.apps import apps
    from django.db import models

    if validate_no_control_characters not in forms.CharField.default_validators:
        forms.CharField.default_validators = [
            *forms.CharField.default_validators,
            validate_no_control_characters,
        ]
        _drop_djangos_nul_check(forms.CharField)
    for model in apps.get_models():
        if not model.__module__.startswith("samenzorg."):
            continue
        for field in model._meta.get_fields():
            # ``validators`` is a list cached on the field that already holds the
            # length check Django added; the rule joins it there.
            if isinstance(field, (models.CharField, models.TextField)) and (
                validate_no_control_characters not in field.validators
            ):
                field.validators.append(validate_no_control_characters)


_SPACE = re.compile(r"\s+")


def normalise(text: str | None) -> str:
    """Lower case, accents removed, runs of white space made one space: for search,
    so that "zorgcooperatie" finds "Zorgcoöperatie" and "CAFÉ" finds "cafe"."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", str(text))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACE.sub(" ", stripped.casefold()).strip()

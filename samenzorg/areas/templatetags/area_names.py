"""``{{ area|area_level }}``: what kind of area it is, in words ("buurt", "wijk in
Escamp"), shown after its name so that a buurt and its wijk with the same name
("Zuiderpark") can be told apart."""

from django import template
from django.utils.translation import gettext as _

from samenzorg.areas.models import Area

register = template.Library()


@register.filter
def area_level(area: Area) -> str:
    level = area.get_level_display()
    if area.level == Area.Level.WIJK and area.parent_id:
        return _("%(level)s in %(parent)s") % {
            "level": level,
            "parent": area.parent.name,
        }
    return level

"""Who may do what with network maps. Views, API and templates ask these rules.

A map is visible to facilitators (procesbegeleiders), administrators and municipal
staff with a role for the map's area (or one of the areas it lies in, or city-wide);
to everyone only when published. Key persons' names and contact details are for who may
see the unpublished map, never for the public. The queryset twin of
``networks.view_networkmap`` is ``selectors.network_map_list``.
"""

import rules

from samenzorg.accounts.models import Role
from samenzorg.core.rules import (
    is_beheerder,
    is_gemeente,
    is_procesbegeleider,
    role_area_ids,
)


def area_chain(area) -> list:
    """The area and the areas it lies in (parents loaded by the selectors)."""
    chain = []
    seen = set()
    while area is not None and area.pk not in seen:
        chain.append(area)
        seen.add(area.pk)
        area = area.parent if area.parent_id else None
    return chain


@rules.predicate
def is_gemeente_for_map(user, network_map) -> bool:
    if network_map is None or not (user and user.is_authenticated):
        return False
    if is_gemeente(user):
        return True
    areas = {a.pk for a in area_chain(network_map.area)}
    return bool(role_area_ids(user, Role.GEMEENTE) & areas)


@rules.predicate
def is_gemeente_anywhere(user) -> bool:
    """Gemeente staff for the whole city or for an area: they may start a map."""
    return is_gemeente(user) or bool(role_area_ids(user, Role.GEMEENTE))


@rules.predicate
def is_published(user, network_map) -> bool:
    return network_map is not None and network_map.is_published


is_map_staff = is_procesbegeleider | is_beheerder | is_gemeente_for_map

rules.add_perm("networks.view_networkmap", is_published | is_map_staff)
rules.add_perm("networks.change_networkmap", is_map_staff)
rules.add_perm("networks.view_personal_data", is_map_staff)
rules.add_perm(
    "networks.add_networkmap",
    is_procesbegeleider | is_beheerder | is_gemeente_anywhere,
)

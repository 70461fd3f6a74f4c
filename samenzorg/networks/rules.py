"""Who may do what with network maps. Views, API and templates ask these rules.

A map is visible to administrators and to facilitators (procesbegeleiders) and
municipal staff who hold their role city-wide or for the map's area (or an area it lies
in); to everyone only when published. Key persons' names and contact details are for
who may see the unpublished map, never for the public. The queryset twin of
``networks.view_networkmap`` is ``selectors.network_map_visible``; the access-twin test
in core holds them together for every role.
"""

import rules

from samenzorg.accounts.models import Role
from samenzorg.core.access import role_for_object_areas
from samenzorg.core.rules import (
    is_beheerder,
    is_gemeente_anywhere,
    is_procesbegeleider_anywhere,
)


def _map_areas(network_map):
    return [network_map.area] if network_map.area_id else []


is_gemeente_for_map = role_for_object_areas(Role.GEMEENTE, _map_areas)
is_procesbegeleider_for_map = role_for_object_areas(Role.PROCESBEGELEIDER, _map_areas)


@rules.predicate
def is_published(user, network_map) -> bool:
    return network_map is not None and network_map.is_published


is_map_staff = is_beheerder | is_procesbegeleider_for_map | is_gemeente_for_map

rules.add_perm("networks.view_networkmap", is_published | is_map_staff)
rules.add_perm("networks.change_networkmap", is_map_staff)
rules.add_perm("networks.view_personal_data", is_map_staff)
# Staff for one area may start a map for that area (the service checks the area).
rules.add_perm(
    "networks.add_networkmap",
    is_beheerder | is_procesbegeleider_anywhere | is_gemeente_anywhere,
)

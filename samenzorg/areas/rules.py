"""Who may do what with areas. Areas and their figures are public to read."""

import rules

from samenzorg.core.rules import is_staff_member

rules.add_perm("areas.view_area", rules.always_allow)
rules.add_perm("areas.import_statistics", is_staff_member)

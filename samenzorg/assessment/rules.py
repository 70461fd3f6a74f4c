"""Who may do what with assessment rounds and area scenarios.

Queryset twins live in ``selectors``: ``round_visible`` (view_results, everything a
user may look at) and ``scenario_visible`` (view_scenario); the access-twin test in
core holds them together for every role. Participants without an account are not
users: they are recognised by a signed cookie (see ``views.current_participant``)
and only ever see their own session page and their own scores.
"""

import rules

from samenzorg.core.rules import is_beheerder, is_gemeente, is_procesbegeleider

from .models import Round


@rules.predicate
def is_facilitator(user, round_) -> bool:
    return bool(
        round_ is not None
        and user is not None
        and user.is_authenticated
        and round_.facilitator_id == user.pk
    )


@rules.predicate
def is_published(user, round_) -> bool:
    return bool(
        round_ is not None
        and round_.is_published
        and round_.status == Round.Status.CLOSED
    )


can_run = (is_procesbegeleider & is_facilitator) | is_beheerder
can_view_round = is_facilitator | is_gemeente | is_beheerder
can_view_results = can_view_round | is_published
area_staff = is_gemeente | is_procesbegeleider | is_beheerder


@rules.predicate
def may_see_scenario_round(user, scenario) -> bool:
    """A scenario built on a round shows its results: only for who may see them."""
    if scenario is None or scenario.round_id is None:
        return True
    return user.has_perm("assessment.view_results", scenario.round)


can_view_scenario = area_staff & may_see_scenario_round

rules.add_perm("assessment.add_round", is_procesbegeleider | is_beheerder)
rules.add_perm("assessment.view_round", can_view_round)
rules.add_perm("assessment.change_round", can_run)
rules.add_perm("assessment.run_round", can_run)
rules.add_perm("assessment.view_results", can_view_results)
rules.add_perm("assessment.export_results", can_view_results)
rules.add_perm("assessment.publish_round", can_run)
rules.add_perm("assessment.view_scenario", can_view_scenario)
rules.add_perm("assessment.add_scenario", area_staff)
rules.add_perm("assessment.change_scenario", can_view_scenario)
rules.add_perm("assessment.delete_scenario", can_view_scenario)

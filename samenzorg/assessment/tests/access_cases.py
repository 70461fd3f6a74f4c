"""One round and one scenario per visibility case, for the access-twin test in core."""

from .factories import RoundFactory, ScenarioFactory


def rounds(world):
    users = world["users"]
    return [
        RoundFactory(facilitator=users["procesbegeleider"]),
        RoundFactory(facilitator=users["procesbegeleider"], closed=True),
        RoundFactory(facilitator=users["area_procesbegeleider"], open=True),
        RoundFactory(facilitator=users["area_procesbegeleider"], published=True),
        RoundFactory(facilitator=users["beheerder"], closed=True, is_published=False),
    ]


def scenarios(world):
    users = world["users"]
    return [
        ScenarioFactory(created_by=users["gemeente"]),
        ScenarioFactory(created_by=users["procesbegeleider"]),
    ]


CASES = {
    "assessment.view_results": rounds,
    "assessment.view_scenario": scenarios,
}

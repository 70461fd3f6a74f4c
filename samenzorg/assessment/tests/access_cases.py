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
    hidden = RoundFactory(facilitator=users["area_procesbegeleider"], closed=True)
    public = RoundFactory(facilitator=users["area_procesbegeleider"], published=True)
    return [
        ScenarioFactory(created_by=users["gemeente"]),
        ScenarioFactory(created_by=users["procesbegeleider"]),
        ScenarioFactory(created_by=users["gemeente"], round=hidden),
        ScenarioFactory(created_by=users["gemeente"], round=public),
    ]


CASES = {
    "assessment.view_results": rounds,
    "assessment.view_scenario": scenarios,
}

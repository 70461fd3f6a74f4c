"""One initiative per visibility case, for the access-twin test in core."""

from .factories import InitiativeFactory


def initiatives(world):
    users, areas = world["users"], world["areas"]
    owner, other = users["initiatiefnemer"], users["other_initiatiefnemer"]
    in_escamp = [areas["moerwijk_buurt"], areas["moerwijk"]]
    return [
        InitiativeFactory(public=True, areas=in_escamp),
        InitiativeFactory(concept=True, owners=[owner], areas=in_escamp),
        InitiativeFactory(concept=True, owners=[other], areas=[areas["valkenbos"]]),
        InitiativeFactory(concept=True),
        InitiativeFactory(archived=True, owners=[owner], areas=in_escamp),
        InitiativeFactory(archived=True, areas=[areas["valkenbos"]]),
    ]


CASES = {"initiatives.view_initiative": initiatives}

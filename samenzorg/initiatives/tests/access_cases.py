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
        *waiting(world),
    ]


def waiting(world):
    """First publications waiting for the check, in and outside Escamp."""
    users, areas = world["users"], world["areas"]
    owner = users["initiatiefnemer"]
    in_escamp = [areas["moerwijk_buurt"], areas["moerwijk"]]
    return [
        InitiativeFactory(review=True, owners=[owner], areas=in_escamp),
        InitiativeFactory(review=True, areas=[areas["valkenbos"]]),
        InitiativeFactory(review=True),
        InitiativeFactory(public=True, areas=in_escamp),
    ]


CASES = {
    "initiatives.view_initiative": initiatives,
    "initiatives.review_initiative": waiting,
}

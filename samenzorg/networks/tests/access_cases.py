"""One network map per visibility case, for the access-twin test in core."""

from samenzorg.networks.models import NetworkMap

from .factories import NetworkMapFactory


def network_maps(world):
    areas = world["areas"]
    return [
        NetworkMapFactory(published=True, area=areas["valkenbos"]),
        NetworkMapFactory(area=areas["moerwijk_buurt"]),
        NetworkMapFactory(area=areas["escamp"]),
        NetworkMapFactory(area=areas["valkenbos"]),
        NetworkMapFactory(area=areas["gemeente"]),
        NetworkMapFactory(scope=NetworkMap.Scope.REGION, area=None),
    ]


CASES = {"networks.view_networkmap": network_maps}

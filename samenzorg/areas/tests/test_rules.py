from django.contrib.auth.models import AnonymousUser

import pytest

from samenzorg.accounts.models import Role


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.GEMEENTE, True),
        (Role.BEHEERDER, True),
        (Role.BEWONER, False),
        (Role.INITIATIEFNEMER, False),
        (Role.PROFESSIONAL, False),
        (Role.PROCESBEGELEIDER, False),
        (Role.FINANCIER, False),
        (None, False),
    ],
)
def test_who_may_import_statistics(make_user, role, allowed):
    assert make_user(role).has_perm("areas.import_statistics") is allowed


def test_anonymous_may_not_import_but_may_view():
    assert AnonymousUser().has_perm("areas.import_statistics") is False
    assert AnonymousUser().has_perm("areas.view_area") is True

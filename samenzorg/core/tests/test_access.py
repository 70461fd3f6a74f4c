"""The access layer: roles with an area, the three answers, memberships."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory

import pytest

from samenzorg.accounts.models import User
from samenzorg.accounts.tests.factories import UserFactory
from samenzorg.areas.models import Area
from samenzorg.core import access, roles

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    gm = Area.objects.create(code="GM0518", name="Den Haag", level="gemeente")
    escamp = Area.objects.create(
        code="SD1", name="Escamp", level="stadsdeel", parent=gm
    )
    wijk = Area.objects.create(code="WK1", name="Moerwijk", level="wijk", parent=escamp)
    buurt = Area.objects.create(code="BU1", name="Oost", level="buurt", parent=wijk)
    other = Area.objects.create(
        code="SD2", name="Segbroek", level="stadsdeel", parent=gm
    )
    return {"gm": gm, "escamp": escamp, "wijk": wijk, "buurt": buurt, "other": other}


def test_area_role_counts_for_the_area_and_the_areas_inside(tree):
    user = UserFactory(roles=[("gemeente", tree["escamp"])])
    assert roles.holds_role_for(user, "gemeente", [tree["buurt"]]) is True
    assert roles.holds_role_for(user, "gemeente", [tree["escamp"]]) is True
    assert roles.holds_role_for(user, "gemeente", [tree["other"]]) is False
    assert roles.holds_role_for(user, "gemeente", [tree["gm"]]) is False
    assert roles.holds_role_citywide(user, "gemeente") is False
    assert roles.holds_role_anywhere(user, "gemeente") is True


def test_area_role_subquery_is_the_twin_of_the_walk(tree):
    user = UserFactory(roles=[("procesbegeleider", tree["escamp"])])
    inside = set(
        Area.objects.filter(
            roles.role_area_q(user, "procesbegeleider", "pk")
        ).values_list("code", flat=True)
    )
    walked = {
        a.code
        for a in Area.objects.all()
        if roles.holds_role_for(user, "procesbegeleider", [a])
    }
    assert inside == walked == {"SD1", "WK1", "BU1"}


def test_citywide_role_covers_everything_and_no_role_nothing(tree):
    citywide = UserFactory(roles=["gemeente"])
    nobody = UserFactory()
    assert (
        Area.objects.filter(roles.role_area_q(citywide, "gemeente", "pk")).count() == 5
    )
    assert Area.objects.filter(roles.role_area_q(nobody, "gemeente", "pk")).count() == 0
    assert roles.role_area_q(AnonymousUser(), "gemeente", "pk") is not None


@pytest.mark.parametrize("pk", ["abc", "9223372036854775808", "-1", None, "1.5"])
def test_malformed_ids_are_404(pk):
    with pytest.raises(Http404):
        access.get_or_404(User.objects.all(), pk=pk)


def test_require_gives_login_for_anonymous_and_403_for_others():
    with pytest.raises(access.LoginRequired):
        access.require(AnonymousUser(), "accounts.manage_roles")
    with pytest.raises(PermissionDenied):
        access.require(UserFactory(), "accounts.manage_roles")
    access.require(UserFactory(roles=["beheerder"]), "accounts.manage_roles")


def _request(user, *, htmx=False):
    request = RequestFactory().get("/iets/", HTTP_HX_REQUEST="true" if htmx else None)
    request.user = user
    request.htmx = htmx
    return request


def _run(view, request, **kwargs):
    middleware = access.AccessMiddleware(lambda r: HttpResponse())
    try:
        return view(request, **kwargs)
    except access.LoginRequired as exc:
        return middleware.process_exception(request, exc)


def test_guard_sends_anonymous_to_login_before_looking_anything_up():
    looked_up = []

    @access.guard("accounts.manage_roles", load=lambda user, pk: looked_up.append(pk))
    def view(request, obj):
        return HttpResponse("ok")

    response = _run(view, _request(AnonymousUser()), pk=1)
    assert response.status_code == 302
    assert "/account/inloggen/?next=/iets/" in response["Location"]
    assert looked_up == []
    htmx = _run(view, _request(AnonymousUser(), htmx=True), pk=1)
    assert htmx.status_code == 204
    assert "/account/inloggen/" in htmx["HX-Redirect"]


def test_guard_passes_the_object_and_the_other_url_arguments():
    beheerder = UserFactory(roles=["beheerder"])

    @access.guard("accounts.manage_roles", load=lambda user, pk: f"object {pk}")
    def view(request, obj, part):
        return HttpResponse(f"{obj} {part}")

    response = _run(view, _request(beheerder), pk=7, part="x")
    assert response.content == b"object 7 x"
    with pytest.raises(PermissionDenied):
        _run(view, _request(UserFactory()), pk=7, part="x")


def test_public_guard_lets_anonymous_see_and_sends_her_to_login_when_hidden():
    @access.guard(None, load=lambda user, pk: pk, public=True)
    def shown(request, obj):
        return HttpResponse("ok")

    def hidden_loader(user, pk):
        raise Http404

    @access.guard(None, load=hidden_loader, public=True)
    def hidden(request, obj):
        return HttpResponse("ok")

    assert _run(shown, _request(AnonymousUser()), pk=1).status_code == 200
    assert _run(hidden, _request(AnonymousUser()), pk=1).status_code == 302
    with pytest.raises(Http404):
        _run(hidden, _request(UserFactory()), pk=1)


def test_user_relation_predicate_and_twin_agree():
    """A membership path from an object to users: here a user's roles to the user."""
    is_self, self_q = access.user_relation("role_assignments__user", "is_self")
    holder, outsider = UserFactory(roles=["bewoner"]), UserFactory()
    assert is_self(holder, holder) is True
    assert is_self(outsider, holder) is False
    assert is_self(AnonymousUser(), holder) is False
    assert set(User.objects.filter(self_q(holder))) == {holder}
    assert not User.objects.filter(self_q(AnonymousUser())).exists()

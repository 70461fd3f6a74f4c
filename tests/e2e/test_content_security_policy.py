"""The main pages work under the Content-Security-Policy, with nothing blocked.

The ``page`` fixture fails a test on any policy violation that Chromium reports on
the console; these tests open the pages that use maps (Leaflet), the network drawing
(Cytoscape), live updates (htmx), QR codes, the API documentation (Swagger UI), the
second login step and the Django admin, and check that their scripts ran.
"""

import pytest
from checks import is_csp_violation
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

MOERWIJK = "WK051836"
BOUNDARIES = ".leaflet-overlay-pane path"


def visit(page, url):
    response = page.goto(url)
    assert response.status == 200, url
    assert response.headers["content-security-policy"].count("'unsafe-inline'") <= 1
    return response


def test_the_policy_check_notices_an_inline_script(page, areas):
    visit(page, "/")
    with page.expect_console_message(is_csp_violation) as blocked:
        page.evaluate(
            """() => {
                const script = document.createElement('script');
                script.textContent = 'window.ran = true';
                document.body.append(script);
            }"""
        )
    assert "script-src" in blocked.value.text
    assert page.evaluate("() => window.ran === undefined")
    page.csp_violations.clear()


def test_maps_draw_under_the_policy(page, areas):
    for url in ("/", "/gebieden/", f"/gebieden/{MOERWIJK}/"):
        visit(page, url)
        if url != "/":
            expect(page.locator(BOUNDARIES).first).to_be_attached()
    assert not page.js_errors


def test_api_documentation_works_with_only_local_files(page):
    visit(page, "/api/v1/docs")
    expect(page.get_by_text("Samen Zorg Regelen API").first).to_be_visible()
    expect(page.locator(".opblock").first).to_be_visible()
    assert not page.js_errors


def test_network_map_draws_under_the_policy(page, make_user, log_in):
    from samenzorg.networks.models import NetworkMap
    from samenzorg.networks.services import network_map_create
    from samenzorg.networks.tests.factories import ActorFactory

    user = make_user(roles=["procesbegeleider"])
    network_map = network_map_create(
        actor=user, name="Netwerk Laak", scope=NetworkMap.Scope.REGION
    )
    ActorFactory(network=network_map, key="a", name="Buurthuis")
    log_in(user)
    visit(page, f"/netwerkkaarten/{network_map.pk}/")
    expect(page.locator("#network-map canvas").first).to_be_attached()
    # The search field does not send the form (the handler moved to the script).
    page.get_by_label("Zoek een partij").fill("Buurt")
    page.get_by_label("Zoek een partij").press("Enter")
    assert page.url.endswith(f"/netwerkkaarten/{network_map.pk}/")
    assert not page.js_errors


def test_projector_shows_qr_code_and_polls_under_the_policy(page, make_user, log_in):
    from samenzorg.assessment.tests.factories import RoundFactory

    facilitator = make_user(roles=["procesbegeleider"])
    round_ = RoundFactory(facilitator=facilitator, open=True, initiatives=1)
    log_in(facilitator)
    visit(page, f"/kansrijkheid/rondes/{round_.pk}/scherm/")
    expect(page.locator(".assess-qr svg")).to_be_visible()
    with page.expect_response(lambda r: "/scherm/voortgang/" in r.url) as polled:
        pass
    assert polled.value.status == 200
    assert not page.js_errors


def test_second_step_set_up_and_admin_work_under_the_policy(page, make_user, log_in):
    beheerder = make_user(roles=["beheerder"], is_staff=True)
    beheerder.otp_device = None  # logged in without the second step
    log_in(beheerder)
    visit(page, "/beheer/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweede stap instellen")
    expect(page.locator(".qr-code svg")).to_be_visible()
    assert not page.js_errors


def test_admin_pages_work_under_the_policy(page, make_user, log_in):
    user = make_user(roles=["beheerder"], is_staff=True, is_superuser=True)
    log_in(user)
    visit(page, "/beheer/")
    visit(page, "/beheer/accounts/user/")
    visit(page, f"/beheer/accounts/user/{user.pk}/change/")
    expect(page.locator(".add-row a").first).to_be_visible()  # inlines.js ran
    visit(page, "/beheer/axes/accessattempt/")
    assert not page.js_errors

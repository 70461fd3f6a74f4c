"""The demo round: five criteria, fictional scores, marked as such; idempotent."""

import io

from samenzorg.accounts.demo import load_demo_accounts
from samenzorg.assessment.demo import TITLE, load_demo_assessment
from samenzorg.assessment.models import Round
from samenzorg.initiatives.tests.factories import InitiativeFactory


def test_demo_round_is_fictional_and_loads_once(db):
    InitiativeFactory.create_batch(6)
    accounts = load_demo_accounts()
    out = io.StringIO()
    round_ = load_demo_assessment(accounts=accounts, stdout=out)
    assert round_.title == TITLE == "Innoveren door co-creëren, 28 juni 2016"
    assert round_.is_fictional is True
    assert round_.criteria.count() == 5
    assert round_.participants.count() == 45
    assert all("(fictief)" in p.name for p in round_.participants.all())
    assert round_.status == Round.Status.CLOSED
    load_demo_assessment(accounts=accounts, stdout=out)
    assert Round.objects.filter(title=TITLE).count() == 1

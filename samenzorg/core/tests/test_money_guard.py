"""No amount of money in a float or a decimal: every model, schema and API field.

The first three tests walk the whole project; the ones after show that the walk
finds what it should (a fake model, schema and API with a float amount) and lets
through what it should (scores, weights, coordinates, MoneyField, integer cents).
"""

from decimal import Decimal
from typing import Annotated

from django.apps import apps
from django.db import models
from django.test.utils import isolate_apps

import pytest
from ninja import NinjaAPI, Query, Schema
from pydantic import Field

from samenzorg.core.money import Money, MoneyField
from samenzorg.core.money_guard import (
    AMOUNT_WORDS,
    amount_word,
    declared_not_money,
    find_model_amounts,
    find_openapi_amounts,
    find_schema_amounts,
    is_declared,
    project_schemas,
    undeclared,
)


def _report(findings) -> str:
    return "\n".join(str(f) for f in findings)


def _project_openapi() -> dict:
    from samenzorg.api import api

    return api.get_openapi_schema(path_prefix="/api/v1/")


def test_no_model_keeps_an_amount_in_a_float_or_decimal():
    findings = undeclared(find_model_amounts(apps.get_models()), declared_not_money())
    assert not findings, _report(findings)


def test_no_schema_keeps_an_amount_in_a_float_or_decimal():
    schemas = project_schemas()
    assert len(schemas) > 20  # the walk reached the apps' api modules
    findings = undeclared(find_schema_amounts(schemas), declared_not_money())
    assert not findings, _report(findings)


def test_no_api_operation_sends_or_takes_an_amount_as_a_number():
    document = _project_openapi()
    assert document["components"]["schemas"]
    findings = undeclared(find_openapi_amounts(document), declared_not_money())
    assert not findings, _report(findings)


def test_every_declared_exception_still_names_a_field():
    # A declaration for a field that is gone or renamed must go too.
    found = [
        *find_model_amounts(apps.get_models()),
        *find_schema_amounts(project_schemas()),
        *find_openapi_amounts(_project_openapi()),
    ]
    declared = declared_not_money()
    for (label, key), reason in declared.items():
        assert reason.strip(), f"{label}:{key} needs a reason"
        assert any(is_declared(f, {(label, key): reason}) for f in found), (
            f"{label}:{key} is declared as not money but no such amount-like field "
            "exists; remove it from not_money_fields"
        )


# The walk can fail ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "word"),
    [
        ("amount", "amount"),
        ("loan_amount", "loan"),
        ("totalPrice", "price"),
        ("prices", "price"),
        ("bedrag", "bedrag"),
        ("leenbedrag", "bedrag"),
        ("bedragen", "bedrag"),
        ("huurprijs", "prijs"),
        ("maandkosten", "kost"),
        ("ledenbijdragen", "bijdrage"),
        ("saldo", "saldo"),
        ("contribution_cents", "contribution"),
        ("Fees", "fee"),
        ("realised_savings", "saving"),
        ("besparingen", "besparing"),
        ("investment", "investment"),
        ("refund", "fund"),
    ],
)
def test_amount_word_recognises_amounts(name, word):
    assert amount_word(name) == word


@pytest.mark.parametrize(
    "name",
    [
        "weight",
        "kansrijkheid_weight",
        "score",
        "latitude",
        "longitude",
        "centroid_lat",
        "betweenness",
        "pagerank",
        "density",
        "percent",
        "percentage",
        "current_value",
        "feedback_score",
        "entrepreneur_share",
    ],
)
def test_amount_word_lets_other_numbers_pass(name):
    assert amount_word(name) is None


def test_amount_words_are_lower_case_and_unique():
    assert all(word == word.lower() for word in AMOUNT_WORDS)
    assert len(set(AMOUNT_WORDS)) == len(AMOUNT_WORDS)


@isolate_apps("samenzorg.core")
def test_model_walk_flags_a_float_or_decimal_amount_and_passes_the_rest():
    class FakeLoan(models.Model):  # noqa: DJ008
        amount = models.FloatField()
        leenbedrag = models.DecimalField(max_digits=12, decimal_places=2)
        interest_score = models.FloatField()
        latitude = models.FloatField()
        fee = MoneyField(default=Money(0))
        price_cents = models.BigIntegerField()

        class Meta:
            app_label = "core"

    findings = find_model_amounts([FakeLoan])
    assert [(f.key, f.kind, f.word) for f in findings] == [
        ("FakeLoan.amount", "FloatField", "amount"),
        ("FakeLoan.leenbedrag", "DecimalField", "bedrag"),
    ]
    assert undeclared(findings, declared_not_money()) == findings
    assert "MoneyField" in str(findings[0])


class FakeLoanOut(Schema):
    bedrag: float
    fees: list[float | None]
    budget: Annotated[Decimal, Field(ge=0)] | None = None
    total_cost: dict[str, float] = {}
    amount: Money
    amount_cents: int
    score: float


def test_schema_walk_flags_a_float_or_decimal_amount_and_passes_the_rest():
    findings = find_schema_amounts([FakeLoanOut])
    assert [(f.key, f.kind) for f in findings] == [
        ("FakeLoanOut.bedrag", "float"),
        ("FakeLoanOut.fees", "float"),
        ("FakeLoanOut.budget", "Decimal"),
        ("FakeLoanOut.total_cost", "float"),
    ]
    assert {f.app_label for f in findings} == {"core"}


def test_project_schemas_leave_out_test_schemas():
    assert FakeLoanOut not in project_schemas()


def test_openapi_walk_flags_number_amounts_in_bodies_responses_and_parameters():
    api = NinjaAPI(urls_namespace="money-guard-test")

    class FakeFilters(Schema):
        max_price: float | None = None

    @api.get("/leningen/", response=list[FakeLoanOut], operation_id="fake_loans")
    def loans(request, filters: Query[FakeFilters], min_amount: float = 0):
        return []

    findings = find_openapi_amounts(api.get_openapi_schema(path_prefix=""))
    keys = {f.key for f in findings}
    assert {
        "FakeLoanOut.bedrag",
        "FakeLoanOut.fees",
        "FakeLoanOut.total_cost",
        "fake_loans.max_price",
        "fake_loans.min_amount",
    } <= keys
    assert "FakeLoanOut.score" not in keys
    assert "FakeLoanOut.amount" not in keys
    assert "FakeLoanOut.amount_cents" not in keys


def test_a_declared_exception_needs_the_app_that_owns_the_field():
    declared = {("assessment", "ScenarioOut.cost_of_spread"): "score points"}
    finding = find_schema_amounts([FakeLoanOut])[0]
    assert not is_declared(finding, declared)
    (own,) = [
        f
        for f in find_schema_amounts(project_schemas())
        if f.key == "ScenarioOut.cost_of_spread"
    ]
    assert is_declared(own, declared)
    assert not is_declared(own, {("initiatives", "ScenarioOut.cost_of_spread"): "x"})

"""MoneyField in the database, in migrations and in model forms; Money in the API."""

import json

from django import forms
from django.core.exceptions import ValidationError
from django.core.serializers import serialize
from django.db import connection, models
from django.db.migrations.writer import MigrationWriter
from django.db.models import F, Sum
from django.test.utils import isolate_apps

import pytest
from ninja import NinjaAPI, Schema
from ninja.testing import TestClient
from pydantic import ValidationError as PydanticValidationError

from samenzorg.core.money import (
    MAX_CENTS,
    MinMoneyValidator,
    Money,
    MoneyField,
    MoneyFormField,
    MoneySum,
)


@pytest.fixture
def loan_model(transactional_db):
    """A throwaway model with money fields and its own table."""
    with isolate_apps("samenzorg.core"):

        class Loan(models.Model):
            amount = MoneyField("bedrag", default=Money(0))
            fee = MoneyField(
                "kosten",
                null=True,
                blank=True,
                validators=[MinMoneyValidator(Money(0))],
            )
            purpose = models.CharField(max_length=20, default="", blank=True)

            class Meta:
                app_label = "core"

            def __str__(self):
                return self.purpose

    with connection.schema_editor() as editor:
        editor.create_model(Loan)
    yield Loan
    with connection.schema_editor() as editor:
        editor.delete_model(Loan)


def test_money_field_stores_cents_and_gives_money(loan_model):
    loan = loan_model.objects.create(amount=Money(123456), fee=Money(250))
    loan.refresh_from_db()
    assert loan.amount == Money(123456)
    assert loan.fee == Money(250)
    with connection.cursor() as cursor:
        table = loan_model._meta.db_table
        cursor.execute(f"SELECT amount, fee FROM {table}")  # noqa: S608
        assert cursor.fetchone() == (123456, 250)


def test_money_field_keeps_null_and_default(loan_model):
    loan = loan_model.objects.create()
    loan.refresh_from_db()
    assert loan.amount == Money(0)
    assert loan.fee is None


def test_money_field_works_in_filters_values_and_order(loan_model):
    for cents in (500, -100, 2000):
        loan_model.objects.create(amount=Money(cents))
    assert loan_model.objects.filter(amount__gt=Money(0)).count() == 2
    assert loan_model.objects.filter(amount=Money(-100)).exists()
    assert loan_model.objects.filter(amount__in=[Money(500), Money(1)]).count() == 1
    assert list(
        loan_model.objects.order_by("amount").values_list("amount", flat=True)
    ) == [
        Money(-100),
        Money(500),
        Money(2000),
    ]
    assert loan_model.objects.values("amount").order_by("-amount")[0] == {
        "amount": Money(2000)
    }


def test_money_field_sums_to_money(loan_model):
    assert loan_model.objects.aggregate(total=Sum("amount"))["total"] is None
    assert loan_model.objects.aggregate(total=MoneySum("amount"))["total"] == Money(0)
    for cents, purpose in ((500, "a"), (-100, "a"), (2000, "b")):
        loan_model.objects.create(amount=Money(cents), purpose=purpose)
    assert loan_model.objects.aggregate(total=Sum("amount"))["total"] == Money(2400)
    totals = loan_model.objects.aggregate(
        total=MoneySum("amount"),
        of_a=MoneySum("amount", filter=models.Q(purpose="a")),
        of_c=MoneySum("amount", filter=models.Q(purpose="c")),
    )
    assert totals == {"total": Money(2400), "of_a": Money(400), "of_c": Money(0)}
    by_purpose = dict(
        loan_model.objects.values("purpose")
        .annotate(total=MoneySum("amount"))
        .values_list("purpose", "total")
    )
    assert by_purpose == {"a": Money(400), "b": Money(2000)}


def test_money_field_updates_with_expressions(loan_model):
    loan = loan_model.objects.create(amount=Money(100), fee=Money(5))
    loan_model.objects.update(amount=F("amount") + F("fee"))
    loan.refresh_from_db()
    assert loan.amount == Money(105)


def test_money_field_refuses_float_and_bare_int(loan_model):
    with pytest.raises(TypeError, match="float"):
        loan_model(amount=12.5)
    with pytest.raises(TypeError, match="Money"):
        loan_model(amount=1250)
    loan = loan_model(amount=Money(1))
    with pytest.raises(TypeError, match="float"):
        loan.fee = 0.5
    with pytest.raises(TypeError, match="Money"):
        loan_model.objects.filter(amount__gt=0).count()


def test_money_field_validates_range_and_its_validators_in_dutch(loan_model):
    loan = loan_model(amount=Money(MAX_CENTS + 1), fee=Money(-1))
    with pytest.raises(ValidationError) as error:
        loan.full_clean()
    assert error.value.message_dict == {
        "amount": ["Het bedrag mag hoogstens € 100.000.000.000,00 zijn."],
        "fee": ["Het bedrag moet minstens € 0,00 zijn."],
    }


def test_money_field_round_trips_through_fixtures(loan_model):
    # dumpdata writes the cents; loaddata gives each value to the field's to_python.
    loan_model.objects.create(amount=Money(-4321), fee=None)
    fields = json.loads(serialize("json", loan_model.objects.all()))[0]["fields"]
    assert fields == {"amount": "-4321", "fee": None, "purpose": ""}
    amount = loan_model._meta.get_field("amount")
    assert amount.to_python(fields["amount"]) == Money(-4321)
    assert amount.to_python(-4321) == Money(-4321)
    with pytest.raises(ValidationError):
        amount.to_python("12,50")
    with pytest.raises(TypeError, match="float"):
        amount.to_python(12.5)


def test_money_field_and_default_serialise_into_migrations():
    field = MoneyField(
        "bedrag", default=Money(250), validators=[MinMoneyValidator(Money(0))]
    )
    name, path, args, kwargs = field.deconstruct()
    assert path == "samenzorg.core.money.MoneyField"
    text, imports = MigrationWriter.serialize(field)
    assert "samenzorg.core.money.MoneyField(" in text
    assert "default=samenzorg.core.money.Money(250)" in text
    assert (
        "samenzorg.core.money.MinMoneyValidator(samenzorg.core.money.Money(0))" in text
    )
    assert "import samenzorg.core.money" in imports
    namespace = {}
    exec("import samenzorg.core.money\nfield = " + text, namespace)  # noqa: S102
    assert namespace["field"].default == Money(250)


def test_money_field_with_an_int_default_fails_the_system_check():
    with isolate_apps("samenzorg.core"):

        class Wrong(models.Model):  # noqa: DJ008
            amount = MoneyField(default=0)

            class Meta:
                app_label = "core"

        errors = Wrong._meta.get_field("amount").check()
    assert [e.id for e in errors] == ["core.E101"]


def test_money_field_gives_a_money_form_field(loan_model):
    class LoanForm(forms.ModelForm):
        class Meta:
            model = loan_model
            fields = ["amount", "fee"]

    form = LoanForm(instance=loan_model(amount=Money(123456)))
    assert isinstance(form.fields["amount"], MoneyFormField)
    assert 'value="1.234,56"' in str(form["amount"])
    assert form.fields["fee"].required is False

    form = LoanForm({"amount": "€ 12,50", "fee": "-1"})
    assert not form.is_valid()
    assert form.errors == {"fee": ["Het bedrag moet minstens € 0,00 zijn."]}
    form = LoanForm({"amount": "€ 12,50", "fee": ""})
    loan = form.save()
    assert loan_model.objects.get(pk=loan.pk).amount == Money(1250)


# API ------------------------------------------------------------------------------


class LoanIn(Schema):
    amount: Money


class LoanOut(Schema):
    amount: Money
    fee: Money | None = None


@pytest.fixture
def money_api():
    api = NinjaAPI(urls_namespace="money-test")

    @api.post("/leningen/", response=LoanOut, operation_id="loan_echo")
    def echo(request, payload: LoanIn):
        return {"amount": payload.amount, "fee": payload.amount.scale(0) + Money(1)}

    return api


def test_money_schema_reads_cents_and_writes_cents_currency_and_text(money_api):
    response = TestClient(money_api).post("/leningen/", json={"amount": 123456})
    assert response.status_code == 200
    assert response.json() == {
        "amount": {"cents": 123456, "currency": "EUR", "display": "€ 1.234,56"},
        "fee": {"cents": 1, "currency": "EUR", "display": "€ 0,01"},
    }


@pytest.mark.parametrize("value", [12.5, 1234.0, "123456", "12,50", True, None, {}])
def test_money_schema_refuses_anything_but_whole_cents(money_api, value):
    response = TestClient(money_api).post("/leningen/", json={"amount": value})
    assert response.status_code == 422
    assert "hele eurocenten" in str(response.json())


def test_money_schema_refuses_amounts_out_of_range():
    with pytest.raises(PydanticValidationError, match="tussen"):
        LoanIn(amount=MAX_CENTS + 1)


def test_money_schema_documents_input_and_output_in_openapi(money_api):
    document = money_api.get_openapi_schema(path_prefix="")
    schemas = document["components"]["schemas"]
    amount_in = schemas["LoanIn"]["properties"]["amount"]
    assert amount_in["type"] == "integer"
    assert amount_in["maximum"] == MAX_CENTS
    assert "eurocenten" in amount_in["description"]
    amount_out = schemas["LoanOut"]["properties"]["amount"]
    assert amount_out["type"] == "object"
    assert amount_out["required"] == ["cents", "currency", "display"]
    assert amount_out["properties"]["cents"]["type"] == "integer"

import factory
from factory.django import DjangoModelFactory

from samenzorg.areas.models import Area, Statistic, Variable


class AreaFactory(DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"BU05189{n:03d}")
    name = factory.Faker("city", locale="nl_NL")
    level = Area.Level.BUURT
    source = "<b>testgebied</b>"


class VariableFactory(DjangoModelFactory):
    class Meta:
        model = Variable

    key = factory.Sequence(lambda n: f"Testvariabele_{n}")
    year = 2024
    title = factory.Sequence(lambda n: f"<b>Testcijfer</b> {n}")
    unit = "aantal"


class StatisticFactory(DjangoModelFactory):
    class Meta:
        model = Statistic

    area = factory.SubFactory(AreaFactory)
    variable = factory.SubFactory(VariableFactory)
    value = 1.0

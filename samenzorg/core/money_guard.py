"""Finding amounts of money kept in a float or a decimal.

Money is whole cents (``samenzorg.core.money``). A model field or schema field whose
name looks like an amount (one of ``AMOUNT_WORDS``) and whose type is a float or a
decimal is a rounding error waiting to happen. ``core/tests/test_money_guard.py``
walks every installed model, every schema class of our apps and the API's OpenAPI
document, and fails on such a field. Floats that are not amounts (scores, weights,
coordinates) pass, since their names are not amount words.

A name that looks like an amount but holds no money is declared, with the reason,
by the app that owns it, on its ``AppConfig``::

    class AssessmentConfig(AppConfig):
        not_money_fields = {
            "ScenarioOut.cost_of_spread": "score points given up for a spread of "
            "problems, not euros",
        }

Keys are ``"<Model>.<field>"`` or ``"<Schema>.<field>"`` (the schema's class name,
which is also its name in the OpenAPI document). A declaration that no longer
matches anything fails the test too, so the list stays true.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.db import models

AMOUNT_WORDS: tuple[str, ...] = (
    # English
    "amount", "price", "cost", "fee", "budget", "balance", "cents", "euro", "money",
    "cash", "loan", "contribution", "saving", "payment", "investment", "salary",
    "wage", "income", "revenue", "expense", "expenditure", "subsidy", "grant",
    "debt", "repayment", "deposit", "invoice", "tax", "vat", "premium", "profit",
    "fund", "capital", "donation", "turnover", "rental", "tariff",
    # Dutch
    "bedrag", "prijs", "prijzen", "kost", "saldo", "geld", "lening", "bijdrage",
    "contributie", "besparing", "betaling", "investering", "subsidie", "salaris",
    "loon", "inkomen", "inkomsten", "uitgave", "schuld", "aflossing", "storting",
    "factuur", "btw", "belasting", "premie", "winst", "omzet", "huur",
    "vergoeding", "tarief", "fonds", "kapitaal", "donatie", "opbrengst",
)  # fmt: skip
"""Words that make a field name look like an amount of money.

A name is split into words at underscores and capitals (``loan_amount``,
``totalPrice``); a word matches when it is, or ends in, one of these, also in the
plural (``prices``, ``bedragen``, ``bijdragen``): Dutch glues its compounds
(``leenbedrag``, ``huurprijs``, ``maandkosten``). Words that end many ordinary
words are left out on purpose: ``cent`` (percent), ``eur`` (entrepreneur),
``rent`` (current).
"""

_PLURALS = ("", "s", "es", "en", "n")
UNSAFE_MODEL_FIELDS = (models.FloatField, models.DecimalField)
UNSAFE_TYPES = (float, Decimal, Fraction)


@dataclass(frozen=True)
class Finding:
    """A field that looks like an amount and is not kept in whole cents."""

    app_label: str | None  # None where the OpenAPI document does not tell
    key: str  # "<Model or Schema>.<field>"
    kind: str  # "FloatField", "float", "number"…
    word: str  # the amount word its name matched
    where: str  # "model", "schema" or "openapi"

    def __str__(self) -> str:
        app = f"{self.app_label}:" if self.app_label else ""
        return (
            f"{self.where} {app}{self.key} is a {self.kind} but its name looks like "
            f"an amount ({self.word!r}): use MoneyField / Money (whole cents), or "
            "declare it in the app's AppConfig.not_money_fields with the reason."
        )


def _words(name: str) -> list[str]:
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name)
    return [w for w in re.split(r"[^a-z0-9]+", spaced.lower()) if w]


def amount_word(name: str) -> str | None:
    """The amount word ``name`` matches (see ``AMOUNT_WORDS``), or None."""
    for word in _words(name):
        for amount in AMOUNT_WORDS:
            if any(word.endswith(amount + plural) for plural in _PLURALS):
                return amount
    return None


# Models -----------------------------------------------------------------------


def find_model_amounts(model_classes: Iterable[type[models.Model]]) -> list[Finding]:
    """Float and decimal fields of these models whose names look like amounts."""
    findings = []
    for model in model_classes:
        for field in model._meta.concrete_fields:
            if not isinstance(field, UNSAFE_MODEL_FIELDS):
                continue
            word = amount_word(field.name)
            if word:
                findings.append(
                    Finding(
                        app_label=model._meta.app_label,
                        key=f"{model.__name__}.{field.name}",
                        kind=type(field).__name__,
                        word=word,
                        where="model",
                    )
                )
    return findings


# Schemas (pydantic, django-ninja) ---------------------------------------------


def _unsafe_type(annotation: object) -> str | None:
    """The name of a float/decimal type anywhere inside ``annotation``, or None."""
    if isinstance(annotation, type) and issubclass(annotation, UNSAFE_TYPES):
        return annotation.__name__
    for arg in typing.get_args(annotation):
        if found := _unsafe_type(arg):
            return found
    return None


def find_schema_amounts(schema_classes: Iterable[type]) -> list[Finding]:
    """Fields of these pydantic models typed float/Decimal whose names look like
    amounts (``list[float]``, ``float | None`` and ``Annotated`` included)."""
    findings = []
    for schema in schema_classes:
        config = apps.get_containing_app_config(schema.__module__)
        for name, info in getattr(schema, "model_fields", {}).items():
            kind = _unsafe_type(info.annotation)
            word = kind and (amount_word(name) or amount_word(info.alias or ""))
            if word:
                findings.append(
                    Finding(
                        app_label=config.label if config else None,
                        key=f"{schema.__name__}.{name}",
                        kind=kind,
                        word=word,
                        where="schema",
                    )
                )
    return findings


def _subclasses(cls: type) -> Iterator[type]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def project_schemas() -> list[type]:
    """Every pydantic model (django-ninja ``Schema`` included) of our apps.

    Imports each app's ``api`` and ``schemas`` modules first, so that schemas
    declared there exist; schemas in ``tests`` packages are left out.
    """
    from pydantic import BaseModel

    for config in apps.get_app_configs():
        if not config.name.startswith("samenzorg."):
            continue
        for module in ("api", "schemas"):
            name = f"{config.name}.{module}"
            if find_spec(name) is not None:
                import_module(name)
    seen = {}
    for cls in _subclasses(BaseModel):
        module = cls.__module__
        if module.startswith("samenzorg.") and ".tests" not in module:
            seen[f"{module}.{cls.__qualname__}"] = cls
    return list(seen.values())


# OpenAPI ----------------------------------------------------------------------


def _is_number(schema: object) -> bool:
    if not isinstance(schema, dict):
        return False
    kinds = schema.get("type")
    if kinds == "number" or (isinstance(kinds, list) and "number" in kinds):
        return True
    nested = [
        *schema.get("anyOf", []),
        *schema.get("oneOf", []),
        *schema.get("allOf", []),
    ]
    nested += [schema.get("items"), schema.get("additionalProperties")]
    return any(_is_number(s) for s in nested)


def _walk(schema: object, where: str, found: list[tuple[str, str]]) -> None:
    if not isinstance(schema, dict):
        return
    for name, sub in (schema.get("properties") or {}).items():
        if _is_number(sub) and (word := amount_word(name)):
            found.append((f"{where}.{name}", word))
        _walk(sub, f"{where}.{name}", found)
    for key in ("items", "additionalProperties"):
        _walk(schema.get(key), where, found)
    for key in ("anyOf", "oneOf", "allOf"):
        for sub in schema.get(key, []):
            _walk(sub, where, found)


def find_openapi_amounts(document: dict) -> list[Finding]:
    """Number-typed properties and parameters of an OpenAPI document whose names
    look like amounts: component schemas, inline bodies and query parameters."""
    found: list[tuple[str, str]] = []
    for name, schema in (document.get("components", {}).get("schemas") or {}).items():
        _walk(schema, name, found)
    for path, operations in (document.get("paths") or {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict):
                continue
            op = operation.get("operationId") or f"{method.upper()} {path}"
            found.extend(
                (f"{op}.{param['name']}", word)
                for param in operation.get("parameters", [])
                if _is_number(param.get("schema"))
                and (word := amount_word(param.get("name", "")))
            )
            bodies = [operation.get("requestBody") or {}]
            bodies += list((operation.get("responses") or {}).values())
            for body in bodies:
                for content in (body.get("content") or {}).values():
                    _walk(content.get("schema"), op, found)
    return [
        Finding(app_label=None, key=key, kind="number", word=word, where="openapi")
        for key, word in dict(found).items()
    ]


# Declared exceptions ----------------------------------------------------------


def declared_not_money() -> dict[tuple[str, str], str]:
    """``{(app_label, "<Name>.<field>"): reason}`` from every app's AppConfig."""
    declared = {}
    for config in apps.get_app_configs():
        for key, reason in getattr(config, "not_money_fields", {}).items():
            declared[(config.label, key)] = reason
    return declared


def is_declared(finding: Finding, declared: dict[tuple[str, str], str]) -> bool:
    if finding.app_label is not None:
        return (finding.app_label, finding.key) in declared
    return any(key == finding.key for _, key in declared)


def undeclared(
    findings: Iterable[Finding], declared: dict[tuple[str, str], str]
) -> list[Finding]:
    """The findings no app has declared as not money."""
    return [f for f in findings if not is_declared(f, declared)]

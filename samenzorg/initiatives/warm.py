"""What the first visitor of the initiatives list would otherwise wait for."""

from django.contrib.auth.models import AnonymousUser
from django.template.loader import get_template

from .selectors import initiative_count, initiative_counts_by_area


def warm_list() -> None:
    """The anonymous list without search or filters: its counts and its total."""
    anonymous = AnonymousUser()
    initiative_count(user=anonymous, q="", filters={})
    initiative_counts_by_area(user=anonymous, q="", filters={})
    get_template("initiatives/initiative_list.html")

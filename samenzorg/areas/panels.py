"""What the areas app shows on the home page (see ``core.registry``)."""

from . import selectors


def home_card(request) -> dict:
    return {"stadsdelen": selectors.stadsdeel_list()}

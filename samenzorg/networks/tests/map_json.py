"""Reading the map page's compact JSON back as one dict per actor, as networkmap.js does."""


def page_actors(data: dict) -> list[dict]:
    return [
        dict(zip(data["actor_columns"], row, strict=True)) for row in data["actors"]
    ]

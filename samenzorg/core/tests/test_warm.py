"""A worker that has warmed takes its first request like its thousandth."""

from django.template import engines
from django.urls import clear_url_caches, get_resolver

from samenzorg.core.warm import compile_templates, load_urls, warm_caches


def test_the_site_warms_its_urls_and_templates_before_the_apps(db):
    report = warm_caches()
    names = [name for name, _seconds, _error in report]
    assert names[:2] == [
        "samenzorg.core.warm.load_urls",
        "samenzorg.core.warm.compile_templates",
    ]
    assert [error for _n, _s, error in report] == [""] * len(report)


def test_the_url_configuration_is_loaded():
    clear_url_caches()
    assert "url_patterns" not in get_resolver().__dict__
    load_urls()
    assert "url_patterns" in get_resolver().__dict__


def test_every_template_is_compiled_once():
    loader = engines["django"].engine.template_loaders[0]
    assert type(loader).__name__ == "Loader" and hasattr(loader, "get_template_cache")
    loader.reset()
    compile_templates()
    cached = loader.get_template_cache
    assert {
        "base.html",
        "assessment/score.html",
        "initiatives/initiative_detail.html",
    } <= set(cached)

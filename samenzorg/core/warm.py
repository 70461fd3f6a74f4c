"""Filling the caches before the first request, so that no visitor pays for it.

Every app declares its warmers on its ``AppConfig`` (``registry.CacheWarmer``); this
module knows no app. ``warm_caches`` runs them all, in the site's language:

- ``manage.py warm_caches`` (``make run`` runs it before serving) fills a shared
  cache (``CACHE_URL``: the database or Redis) for every process at once;
- the web server's configuration (``gunicorn.conf.py``) calls it in every worker
  after start, before it takes requests: the default per-process memory cache and
  the in-process indexes (the area search list) are then warm too.

Before the apps' warmers come two of the site's own: the URL configuration (the
first request would otherwise import every view and the API, seconds of CPU) and the
compiled templates (the cached loader compiles each template on its first use).

A warmer that fails is reported and skipped: a cold cache is slower, not wrong.
"""

import logging
import time
from pathlib import Path

from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.template.loaders.app_directories import get_app_template_dirs
from django.urls import get_resolver
from django.utils import translation

from . import registry

logger = logging.getLogger(__name__)


def load_urls() -> None:
    """Import the URL configuration and with it every view and the API."""
    get_resolver().url_patterns  # noqa: B018 - the import is the point


def compile_templates() -> None:
    """Put every template of the site and its apps in the cached loader."""
    for engine in engines.all():
        folders = [Path(d) for d in engine.dirs]
        if engine.app_dirs:
            folders += [Path(d) for d in get_app_template_dirs("templates")]
        for folder in folders:
            for path in sorted(folder.rglob("*.html")):
                try:
                    engine.get_template(path.relative_to(folder).as_posix())
                except (TemplateDoesNotExist, TemplateSyntaxError):
                    continue  # a template of a library that this site never renders


def warm_caches() -> list[tuple[str, float, str]]:
    """Run the site's and every app's warmers; ``(warmer, seconds, error or "")``."""
    steps = [
        ("samenzorg.core.warm.load_urls", lambda: load_urls),
        ("samenzorg.core.warm.compile_templates", lambda: compile_templates),
    ]
    steps += [(warmer.warmer, warmer.load) for warmer in registry.cache_warmers()]
    report = []
    with translation.override(settings.LANGUAGE_CODE):
        for name, warm in steps:
            started = time.monotonic()
            error = ""
            try:
                warm()()
            except Exception as exc:  # noqa: BLE001 - one failing warmer stops none
                error = f"{type(exc).__name__}: {exc}"
                logger.warning("Cache warmer %s failed: %s", name, error)
            report.append((name, time.monotonic() - started, error))
    return report

"""Filling the caches before the first request, so that no visitor pays for it.

Every app declares its warmers on its ``AppConfig`` (``registry.CacheWarmer``); this
module knows no app. ``warm_caches`` runs them all, in the site's language:

- ``manage.py warm_caches`` (``make run`` runs it before serving) fills a shared
  cache (``CACHE_URL``: the database or Redis) for every process at once;
- the web server's configuration (``gunicorn.conf.py``) calls it in every worker
  after start, before it takes requests: the default per-process memory cache and
  the in-process indexes (the area search list) are then warm too.

A warmer that fails is reported and skipped: a cold cache is slower, not wrong.
"""

import logging
import time

from django.conf import settings
from django.utils import translation

from . import registry

logger = logging.getLogger(__name__)


def warm_caches() -> list[tuple[str, float, str]]:
    """Run every app's warmers; ``(warmer, seconds, error or "")`` for each."""
    report = []
    with translation.override(settings.LANGUAGE_CODE):
        for warmer in registry.cache_warmers():
            started = time.monotonic()
            error = ""
            try:
                warmer.load()()
            except Exception as exc:  # noqa: BLE001 - one failing warmer stops none
                error = f"{type(exc).__name__}: {exc}"
                logger.warning("Cache warmer %s failed: %s", warmer.warmer, error)
            report.append((warmer.warmer, time.monotonic() - started, error))
    return report

"""The web server's settings beside the command line of ``bin/serve``.

Each worker fills its caches (``samenzorg.core.warm``) after loading the site and
before it takes its first request, so that no visitor waits for a cold cache.
"""


def post_worker_init(worker):
    from samenzorg.core.warm import warm_caches

    for warmer, seconds, error in warm_caches():
        worker.log.info(
            "warm %s: %.2f s%s", warmer, seconds, f" ({error})" if error else ""
        )

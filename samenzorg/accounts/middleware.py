from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from django_htmx.http import HttpResponseClientRedirect

from samenzorg.core.ratelimits import API_PREFIX

from .rules import must_use_two_factor
from .security import NO_APP_SESSION_KEY
from .selectors import two_factor_device

# Pages a user who still owes the second step may open.
OPEN_URL_NAMES = (
    "accounts:two_factor_login",
    "accounts:two_factor_setup",
    "accounts:logout",
    "set_language",
)


class TwoFactorMiddleware:
    """Sends a logged-in user to the second step before any other page.

    - Users who must use it (superusers, gemeente, beheerder, financier; not the demo
      accounts) and have no app yet: to the set-up page, the Django admin included.
    - Users with an app whose session has not passed the code: to the code page.

    The API answers 403 in JSON instead of redirecting.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._open_paths = None

    def __call__(self, request):
        step = self._step_owed(request)
        if step is not None and request.path not in self._paths():
            return self._send_to(request, step)
        return self.get_response(request)

    def _paths(self) -> set[str]:
        if self._open_paths is None:
            self._open_paths = {reverse(name) for name in OPEN_URL_NAMES}
        return self._open_paths

    @staticmethod
    def _step_owed(request) -> str | None:
        user = request.user
        if not user.is_authenticated or user.is_demo or user.is_verified():
            return None
        if must_use_two_factor(user):
            if two_factor_device(user=user) is None:
                return "accounts:two_factor_setup"
            return "accounts:two_factor_login"
        if request.session.get(NO_APP_SESSION_KEY):
            return None
        if two_factor_device(user=user) is not None:
            return "accounts:two_factor_login"
        request.session[NO_APP_SESSION_KEY] = True
        return None

    @staticmethod
    def _send_to(request, step: str):
        if request.path.startswith(API_PREFIX):
            return JsonResponse(
                {
                    "detail": _(
                        "Log in with the second step first (the code from your app)."
                    )
                },
                status=403,
            )
        url = reverse(step)
        if request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(url)
        return redirect(url)

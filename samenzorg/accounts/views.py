from base64 import b32encode
from binascii import unhexlify

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import (
    PermissionDenied,
    ValidationError,
)
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

import segno
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from axes.utils import reset as axes_reset
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from samenzorg.core.access import guard
from samenzorg.core.audit import change_rows
from samenzorg.core.ratelimits import limit, post_email_key

from . import selectors, services
from .demo import demo_password
from .forms import (
    AuditFilterForm,
    LoginForm,
    ProfileForm,
    RegistrationForm,
    ResendConfirmationForm,
    StyledPasswordChangeForm,
    StyledPasswordResetForm,
    StyledSetPasswordForm,
    TwoFactorCodeForm,
)
from .models import RoleAssignment, User
from .rules import must_use_two_factor
from .security import (
    NO_APP_SESSION_KEY,
    SETUP_SESSION_KEY,
    pending_clear,
    pending_get,
    pending_set,
)

AUDIT_PAGE_SIZE = 25


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


def _login_context(request) -> dict:
    """The demo accounts that ``load_demo`` made, with their passwords: they hold
    only made-up data, and a visitor needs them to try every role."""
    demo = [
        {"user": user, "password": demo_password(user.email.split("@")[0])}
        for user in User.objects.filter(is_demo=True).order_by("email")
    ]
    return {"demo_accounts_exist": bool(demo), "demo_accounts": demo}


@method_decorator(limit("RATELIMIT_LOGIN"), name="dispatch")
class LoginView(auth_views.LoginView):
    """Step one: e-mail address and password (django-axes counts the failures).

    A user with an authenticator app is not logged in yet: the code page follows.
    """

    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if user.is_demo or selectors.two_factor_device(user=user) is None:
            return super().form_valid(form)
        pending_set(self.request, user=user, next_url=self.get_success_url())
        return redirect("accounts:two_factor_login")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **_login_context(self.request)}


def lockout(request, original_response=None, credentials=None):
    """The login page with the lockout message (django-axes' AXES_LOCKOUT_CALLABLE)."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    cool_off = get_cool_off(request)
    context = {
        "form": LoginForm(request, initial={"username": username}),
        "locked_out": True,
        "cooloff_minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
        "next": _safe_next(request),
        **_login_context(request),
    }
    pending_clear(request)
    return render(request, "accounts/login.html", context, status=429)


def _code_step_user(request):
    """Who the code page is for: the pending login, or a logged-in user who owes it."""
    pending = pending_get(request)
    if pending is not None:
        user = User.objects.filter(pk=pending["user"], is_active=True).first()
        if user is not None:
            user.backend = pending["backend"]
            return user, pending
    if request.user.is_authenticated:
        return request.user, None
    return None, None


@never_cache
@limit("RATELIMIT_LOGIN")
@require_http_methods(["GET", "POST"])
def two_factor_login(request):
    """Step two: the code from the authenticator app (wrong codes count for axes)."""
    user, pending = _code_step_user(request)
    if user is None:
        messages.info(request, _("Log in again: that took too long."))
        return redirect("accounts:login")
    if pending is None and (
        user.is_verified() or selectors.two_factor_device(user=user) is None
    ):
        return redirect(_next_url(request))  # nothing to check
    credentials = {"username": user.email}
    if AxesProxyHandler.is_locked(request, credentials):
        return lockout(request, None, credentials)
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.two_factor_check(
                user=user, token=form.cleaned_data["token"]
            )
        except ValidationError as exc:
            form.add_error("token", exc)
            if exc.code != "no_device":
                user_login_failed.send(
                    sender=__name__, credentials=credentials, request=request
                )
        else:
            next_url = _next_url(request)
            if pending is not None:
                next_url = pending["next"]
                pending_clear(request)
                user.otp_device = device  # django-otp marks the session as verified
                auth_login(request, user, backend=pending["backend"])
            else:
                otp_login(request, device)
            return redirect(next_url)
    return render(
        request,
        "accounts/two_factor_login.html",
        {"form": form, "next": _safe_next(request)},
    )


def _safe_next(request) -> str:
    """The ``next`` address asked for, if it stays on this site."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    # Only a path: redirect() would read a bare word as the name of a view.
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, {request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def _next_url(request) -> str:
    return _safe_next(request) or reverse(settings.LOGIN_REDIRECT_URL)


def _grouped(text: str, size: int = 4) -> str:
    return " ".join(text[i : i + size] for i in range(0, len(text), size))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    """Set up the authenticator app: QR code and typed secret, confirmed by a code."""
    user = request.user
    if not user.has_perm("accounts.set_up_two_factor"):
        messages.info(
            request,
            _(
                "Demo accounts log in without a second step, so that visitors can "
                "try every role."
            ),
        )
        return redirect("accounts:profile")
    replacing = selectors.two_factor_device(user=user) is not None
    if replacing and not user.is_verified():
        # Only a session that passed the code may put another app in its place.
        return redirect_to_login(
            request.get_full_path(), reverse("accounts:two_factor_login")
        )
    key = request.session.get(SETUP_SESSION_KEY)
    if not key:
        key = request.session[SETUP_SESSION_KEY] = services.two_factor_new_key()
    form = TwoFactorCodeForm(request.POST or None)
    form.fields["token"].widget.attrs.pop("autofocus", None)  # read the steps first
    if request.method == "POST" and form.is_valid():
        try:
            device = services.two_factor_enable(
                actor=user, user=user, key=key, token=form.cleaned_data["token"]
            )
        except ValidationError as exc:
            for error in exc.message_dict.get("token", exc.messages):
                form.add_error("token", error)
        else:
            del request.session[SETUP_SESSION_KEY]
            otp_login(request, device)
            messages.success(
                request,
                _(
                    "The second step is on. From now on you log in with your "
                    "password and a code from your app."
                ),
            )
            return redirect(_next_url(request))
    device = TOTPDevice(user=user, key=key)
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": segno.make(device.config_url, error="m").svg_inline(
                scale=5, border=2, title=_("QR code for your authenticator app")
            ),
            "secret": _grouped(b32encode(unhexlify(key)).decode().rstrip("=")),
            "required": must_use_two_factor(user),
            "replacing": replacing,
            "next": _safe_next(request),
        },
    )


@login_required
@require_POST
def two_factor_remove(request):
    user = request.user
    if not user.has_perm("accounts.remove_two_factor", user) or not user.is_verified():
        raise PermissionDenied
    services.two_factor_disable(actor=user, user=user)
    request.session[NO_APP_SESSION_KEY] = True
    messages.success(
        request, _("The second step is off. You log in with your password only.")
    )
    return redirect("accounts:profile")


def admin_login(request):
    """The Django admin logs in through our login page (lockout and second step)."""
    if request.user.is_authenticated:
        raise PermissionDenied
    url = reverse("accounts:login")
    if request.GET:
        url += "?" + request.GET.urlencode()
    return redirect(url)


@method_decorator(limit("RATELIMIT_MAIL_IP"), name="dispatch")
@method_decorator(limit("RATELIMIT_MAIL", key=post_email_key), name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    form_class = StyledPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset_body.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = StyledSetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        # The link came by e-mail, so the address is confirmed as well, and a
        # lockout after wrong passwords is lifted.
        services.user_mark_email_confirmed(user=form.user)
        axes_reset(username=form.user.email)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = StyledPasswordChangeForm
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:profile")
    success_message = gettext_lazy("Your password has been changed.")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, self.success_message)
        return response


@limit("RATELIMIT_REGISTER")
@require_http_methods(["GET", "POST"])
def register(request):
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_register(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
                display_name=form.cleaned_data["display_name"],
                role=form.cleaned_data["role"],
                base_url=_base_url(request),
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            return redirect("accounts:register_done")
    return render(request, "accounts/register.html", {"form": form})


def register_done(request):
    return render(request, "accounts/register_done.html")


def confirm(request, token):
    try:
        services.user_confirm_email(token=token)
    except ValidationError as exc:
        return render(
            request,
            "accounts/confirm_failed.html",
            {"error": exc.messages[0], "form": ResendConfirmationForm()},
            status=400,
        )
    messages.success(
        request, _("Your e-mail address is confirmed. You can log in now.")
    )
    return redirect("accounts:login")


@limit("RATELIMIT_MAIL_IP")
@limit("RATELIMIT_MAIL", key=post_email_key)
@require_http_methods(["GET", "POST"])
def resend_confirmation(request):
    form = ResendConfirmationForm(request.POST or None, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        services.user_resend_confirmation(
            email=form.cleaned_data["email"], base_url=_base_url(request)
        )
        # The same answer whether or not the address is known.
        messages.info(
            request,
            _(
                "If this e-mail address has an account that is not confirmed yet, "
                "we have sent a new link. Check your e-mail, also the spam folder."
            ),
        )
        return redirect("accounts:login")
    return render(request, "accounts/resend_confirmation.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    user = request.user
    form = ProfileForm(
        request.POST or None, initial={"display_name": user.display_name}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update_profile(
                actor=user, user=user, display_name=form.cleaned_data["display_name"]
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("Your name has been saved."))
            return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "role_assignments": selectors.role_assignment_list(user=user),
            "can_view_audit": user.has_perm("core.view_audit"),
            "two_factor_on": selectors.two_factor_device(user=user) is not None,
            "two_factor_required": must_use_two_factor(user),
            "can_set_up_two_factor": user.has_perm("accounts.set_up_two_factor"),
            "can_remove_two_factor": user.has_perm("accounts.remove_two_factor", user),
        },
    )


def _record_label(target_type: str, cache: dict) -> str:
    if target_type not in cache:
        try:
            cache[target_type] = str(
                apps.get_model(target_type)._meta.verbose_name
            ).capitalize()
        except (LookupError, ValueError):
            cache[target_type] = target_type
    return cache[target_type]


def _record_url(entry) -> str:
    if entry.target_type == "initiatives.initiative":
        try:
            return reverse("initiatives:detail", args=[entry.target_id])
        except NoReverseMatch:
            return ""
    return ""


@guard("core.view_audit")
def audit_list(request):
    form = AuditFilterForm(request.GET or None)
    record_type = q = ""
    if form.is_valid():
        record_type = form.cleaned_data["soort"]
        q = form.cleaned_data["q"].strip()
    entries = selectors.audit_entry_list(
        user=request.user, record_type=record_type, q=q
    )
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    labels: dict[str, str] = {}
    for entry in page:
        entry.record_label = _record_label(entry.target_type, labels)
        entry.record_url = _record_url(entry)
        entry.change_rows = change_rows(entry, RoleAssignment)
    query = urlencode({k: v for k, v in (("soort", record_type), ("q", q)) if v})
    return render(
        request,
        "accounts/audit_list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "filtered": bool(record_type or q),
        },
    )

from django.apps import apps
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import (
    ValidationError,
)
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse, reverse_lazy
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from samenzorg.core.access import guard
from samenzorg.core.audit import change_rows

from . import selectors, services
from .forms import (
    AuditFilterForm,
    LoginForm,
    ProfileForm,
    RegistrationForm,
    ResendConfirmationForm,
    StyledPasswordChangeForm,
    StyledPasswordResetForm,
    StyledSetPasswordForm,
)
from .models import RoleAssignment

AUDIT_PAGE_SIZE = 25


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


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
        # The link came by e-mail, so the address is confirmed as well.
        services.user_mark_email_confirmed(user=form.user)
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

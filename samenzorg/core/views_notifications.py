"""The notification pages: the list, opening and reading, and the choices per kind."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import notifications
from .forms import NotificationSettingsForm

PAGE_SIZE = 20


def _with_text(items):
    for item in items:
        item.subject, item.body = notifications.notification_text(item)
    return items


def _page(request):
    page = Paginator(
        notifications.notification_list(user=request.user), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    _with_text(page.object_list)
    return page


def _own(request, pk):
    return get_object_or_404(notifications.notification_list(user=request.user), pk=pk)


def _back(request):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("core:notifications")


@login_required
@require_GET
def notification_list_view(request):
    return render(request, "core/notification_list.html", {"page": _page(request)})


@login_required
@require_GET
def notification_open_view(request, pk):
    """Mark the notification read and go to what it is about."""
    notification = _own(request, pk)
    notifications.notification_mark_read(actor=request.user, notification=notification)
    if notification.url and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}
    ):
        return redirect(notification.url)
    return redirect("core:notifications")


@login_required
@require_POST
def notification_mark_read_view(request, pk):
    notification = _own(request, pk)
    notifications.notification_mark_read(actor=request.user, notification=notification)
    if request.htmx:
        _with_text([notification])
        return render(
            request,
            "core/includes/notification_item_response.html",
            {"notification": notification},
        )
    return _back(request)


@login_required
@require_POST
def notification_mark_all_read_view(request):
    notifications.notification_mark_all_read(actor=request.user)
    if request.htmx:
        return render(
            request,
            "core/includes/notification_list_response.html",
            {"page": _page(request)},
        )
    messages.success(request, _("All notifications are marked as read."))
    return _back(request)


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings_view(request):
    user = request.user
    form = NotificationSettingsForm(
        request.POST or None,
        preferences=notifications.notification_preferences(user=user),
        initial={"language": user.language},
    )
    if request.method == "POST" and form.is_valid():
        try:
            notifications.notification_preferences_save(
                actor=user,
                user=user,
                deliveries=form.deliveries(),
                language=form.cleaned_data["language"],
            )
        except ValidationError as exc:
            for error in exc.messages:
                form.add_error(None, error)
        else:
            messages.success(request, _("Your choices are saved."))
            return redirect("core:notification_settings")
    crumbs = [
        (reverse("accounts:profile"), _("My account")),
        (reverse("core:notifications"), _("Notifications")),
        ("", _("Notification settings")),
    ]
    return render(
        request, "core/notification_settings.html", {"form": form, "crumbs": crumbs}
    )

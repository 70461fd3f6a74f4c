"""Users and their roles in the Django admin at /beheer/.

Every change to roles goes through ``role_assign`` / ``role_revoke`` and every change
to a user through ``user_save`` / ``user_delete``, so the change log shows it.
"""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from axes.utils import reset as axes_reset

from . import services
from .models import RoleAssignment, User


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "display_name")


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    fields = ("role", "area", "organisation")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    inlines = [RoleAssignmentInline]
    ordering = ("email",)
    list_display = ("email", "display_name", "email_confirmed", "is_staff", "is_demo")
    list_filter = (
        "role_assignments__role",
        "email_confirmed",
        "is_staff",
        "is_superuser",
        "is_active",
        "is_demo",
    )
    search_fields = ("email", "display_name", "first_name", "last_name")
    actions = ["unlock_login", "reset_two_factor"]
    readonly_fields = ("last_login", "date_joined")
    filter_horizontal = ()
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            _("Personal details"),
            {"fields": ("display_name", "first_name", "last_name")},
        ),
        (
            _("Status"),
            {
                "fields": (
                    "is_active",
                    "email_confirmed",
                    "is_demo",
                    "is_staff",
                    "is_superuser",
                )
            },
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "display_name",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("role_assignments")

    def has_unlock_permission(self, request):
        return request.user.has_perm("accounts.unlock_login")

    def has_reset_two_factor_permission(self, request):
        return request.user.has_perm("accounts.reset_two_factor")

    @admin.action(
        permissions=["unlock"],
        description=_("Unlock login after too many wrong passwords"),
    )
    def unlock_login(self, request, queryset):
        removed = sum(axes_reset(username=user.email) for user in queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d blocked login attempt record removed.",
                "%(count)d blocked login attempt records removed.",
                removed,
            )
            % {"count": removed},
            messages.SUCCESS,
        )

    @admin.action(
        permissions=["reset_two_factor"],
        description=_("Reset the second login step (lost phone)"),
    )
    def reset_two_factor(self, request, queryset):
        with transaction.atomic():
            count = sum(
                services.two_factor_disable(actor=request.user, user=user)
                for user in queryset
            )
        self.message_user(
            request,
            ngettext(
                "The second step of %(count)d user was reset. They set it up again "
                "at their next login when their role needs it.",
                "The second step of %(count)d users was reset. They set it up again "
                "at their next login when their role needs it.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def save_model(self, request, obj, form, change):
        services.user_save(actor=request.user, user=obj)

    def delete_model(self, request, obj):
        services.user_delete(actor=request.user, user=obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for user in queryset:
                services.user_delete(actor=request.user, user=user)

    def save_formset(self, request, form, formset, change):
        if formset.model is not RoleAssignment:
            return super().save_formset(request, form, formset, change)
        user = form.instance
        with transaction.atomic():
            formset.save(commit=False)
            for assignment in formset.deleted_objects:
                services.role_revoke(actor=request.user, assignment=assignment)
            for assignment, _fields in formset.changed_objects:
                original = RoleAssignment.objects.select_related("area").get(
                    pk=assignment.pk
                )
                services.role_revoke(actor=request.user, assignment=original)
                services.role_assign(
                    actor=request.user,
                    user=user,
                    role=assignment.role,
                    area=assignment.area,
                    organisation=assignment.organisation,
                )
            for assignment in formset.new_objects:
                services.role_assign(
                    actor=request.user,
                    user=user,
                    role=assignment.role,
                    area=assignment.area,
                    organisation=assignment.organisation,
                )
        return None

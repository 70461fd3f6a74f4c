"""Users and their roles in the Django admin at /beheer/.

Every change to roles goes through ``role_assign`` / ``role_revoke`` and every change
to a user through ``user_save`` / ``user_delete``, so the change log shows it.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db import transaction
from django.utils.translation import gettext_lazy as _

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

"""Background tasks in the Django admin at /beheer/: read only, for looking into a task
that failed (the task's row of the worker, under "Tasks Database Backend", has the
traceback)."""

from django.contrib import admin

from .models import TaskProgress


@admin.register(TaskProgress)
class TaskProgressAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "subject", "owner", "status", "done", "total")
    list_filter = ("status", "kind")
    list_select_related = ("owner",)
    search_fields = ("subject", "title", "task_result_id")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

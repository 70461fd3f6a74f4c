from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .geo import invalidate_area_index
from .models import Area, Statistic, Variable
from .services import areas_recompute


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name", "cbs_name"]
    list_select_related = ["parent"]
    raw_id_fields = ["parent"]
    filter_horizontal = ["members"]
    readonly_fields = ["updated_at"]
    actions = ["recompute"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        invalidate_area_index()

    @admin.action(
        description=_("Recompute districts and working areas from their parts"),
        permissions=["change"],
    )
    def recompute(self, request, queryset):
        count = areas_recompute(actor=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d area got a new boundary; summed figures are up to date.",
                "%(count)d areas got a new boundary; summed figures are up to date.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Variable)
class VariableAdmin(admin.ModelAdmin):
    list_display = ["key", "year", "title", "unit"]
    list_filter = ["year"]
    search_fields = ["key", "title"]


@admin.register(Statistic)
class StatisticAdmin(admin.ModelAdmin):
    list_display = ["area", "variable", "value", "is_derived"]
    list_filter = ["variable__year", "area__level", "is_derived"]
    search_fields = ["area__code", "area__name", "variable__key"]
    list_select_related = ["area", "variable"]
    raw_id_fields = ["area", "variable"]

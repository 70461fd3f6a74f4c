from django.shortcuts import get_object_or_404, render

from .models import Area
from .selectors import stadsdeel_list


def area_overview(request):
    return render(request, "areas/area_overview.html", {"stadsdelen": stadsdeel_list()})


def area_detail(request, code):
    area = get_object_or_404(Area, code=code)
    return render(request, "areas/area_detail.html", {"area": area})

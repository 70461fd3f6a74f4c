from django.shortcuts import render

from .selectors import initiative_list


def initiative_list_view(request):
    return render(
        request,
        "initiatives/initiative_list.html",
        {"initiatives": initiative_list(user=request.user)[:50]},
    )


def initiative_create(request):
    return render(request, "initiatives/initiative_list.html", {"initiatives": []})

from django.urls import path

from . import views

app_name = "initiatives"
urlpatterns = [
    path("", views.initiative_list_view, name="list"),
    path("nieuw/", views.initiative_create, name="create"),
]

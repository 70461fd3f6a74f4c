from django.urls import path

from . import views

app_name = "areas"
urlpatterns = [
    path("", views.area_overview, name="overview"),
    path("vormen/<str:level>.geojson", views.area_shapes, name="shapes"),
    path("zoeken/", views.area_search_view, name="search"),
    path("cijfers-importeren/", views.statistics_import_view, name="import"),
    path("<str:code>/", views.area_detail, name="detail"),
]

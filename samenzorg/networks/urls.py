from django.urls import path

from . import views

app_name = "networks"
urlpatterns = [
    path("", views.network_map_list_view, name="list"),
    path("nieuw/", views.network_map_create_view, name="create"),
    path("vragenlijst/<str:token>/", views.questionnaire, name="questionnaire"),
    path("<int:pk>/", views.network_map_detail, name="detail"),
    path("<int:pk>/gegevens.json", views.network_map_data, name="data"),
    path("<int:pk>/bewerken/", views.network_map_update_view, name="update"),
    path("<int:pk>/importeren/", views.network_map_import, name="import"),
    path("<int:pk>/exporteren/", views.network_map_export, name="export"),
    path("<int:pk>/vergelijken/", views.network_map_compare, name="compare"),
    path("<int:pk>/actoren/nieuw/", views.actor_add, name="actor_add"),
    path("<int:pk>/actoren/<int:actor_pk>/", views.actor_edit, name="actor_edit"),
    path(
        "<int:pk>/actoren/<int:actor_pk>/verwijderen/",
        views.actor_delete,
        name="actor_delete",
    ),
    path("<int:pk>/banden/nieuw/", views.tie_add, name="tie_add"),
    path(
        "<int:pk>/banden/<int:tie_pk>/verwijderen/", views.tie_delete, name="tie_delete"
    ),
    path(
        "<int:pk>/antwoorden/<int:answer_pk>/",
        views.answer_decide,
        name="answer_decide",
    ),
]

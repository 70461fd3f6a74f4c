from django.urls import path

from . import views

app_name = "assessment"
urlpatterns = [
    path("", views.index_view, name="index"),
    path("meedoen/", views.join_code_view, name="join_code"),
    path("meedoen/<str:code>/", views.join_view, name="join"),
    path("sessie/<str:code>/", views.session_view, name="session"),
    path("sessie/<str:code>/weging/", views.points_view, name="points"),
    path(
        "sessie/<str:code>/initiatief/<int:initiative_id>/",
        views.score_view,
        name="score",
    ),
    path("rondes/nieuw/", views.round_create_view, name="round_create"),
    path("rondes/<int:pk>/", views.round_detail_view, name="round_detail"),
    path("rondes/<int:pk>/bewerken/", views.round_update_view, name="round_update"),
    path(
        "rondes/<int:pk>/initiatieven/",
        views.round_initiatives_view,
        name="round_initiatives",
    ),
    path("rondes/<int:pk>/status/", views.round_status_view, name="round_status"),
    path("rondes/<int:pk>/scherm/", views.round_projector_view, name="round_projector"),
    path(
        "rondes/<int:pk>/scherm/voortgang/",
        views.round_projector_progress_view,
        name="round_projector_progress",
    ),
    path("rondes/<int:pk>/resultaten/", views.round_results_view, name="round_results"),
    path("rondes/<int:pk>/export/", views.round_export_view, name="round_export"),
    path(
        "rondes/<int:pk>/rapport/",
        views.round_report_start_view,
        name="round_report_start",
    ),
    path(
        "rondes/<int:pk>/rapport/<uuid:report_pk>/",
        views.round_report_view,
        name="round_report",
    ),
    path("gebieden/", views.scenario_list_view, name="scenario_list"),
    path("gebieden/nieuw/", views.scenario_create_view, name="scenario_create"),
    path("gebieden/vergelijken/", views.scenario_compare_view, name="scenario_compare"),
    path("gebieden/<int:pk>/", views.scenario_detail_view, name="scenario_detail"),
    path(
        "gebieden/<int:pk>/bewerken/",
        views.scenario_update_view,
        name="scenario_update",
    ),
    path(
        "gebieden/<int:pk>/probleemtypen/",
        views.scenario_problems_view,
        name="scenario_problems",
    ),
    path(
        "gebieden/<int:pk>/verwijderen/",
        views.scenario_delete_view,
        name="scenario_delete",
    ),
]

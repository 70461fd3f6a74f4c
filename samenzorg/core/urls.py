from django.urls import path

from . import views, views_documents, views_notifications

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("favicon.ico", views.favicon),
    path(
        "documenten/<uuid:pk>/",
        views_documents.document_download,
        name="document_download",
    ),
    path(
        "documenten/<uuid:pk>/verwijderen/",
        views_documents.document_delete_view,
        name="document_delete",
    ),
    path(
        "documenten/bij/<str:owner_type>/<int:owner_id>/",
        views_documents.document_owner,
        name="document_owner",
    ),
    path(
        "meldingen/",
        views_notifications.notification_list_view,
        name="notifications",
    ),
    path(
        "meldingen/instellingen/",
        views_notifications.notification_settings_view,
        name="notification_settings",
    ),
    path(
        "meldingen/alles-gelezen/",
        views_notifications.notification_mark_all_read_view,
        name="notification_mark_all_read",
    ),
    path(
        "meldingen/<int:pk>/",
        views_notifications.notification_open_view,
        name="notification_open",
    ),
    path(
        "meldingen/<int:pk>/gelezen/",
        views_notifications.notification_mark_read_view,
        name="notification_mark_read",
    ),
    path("taken/<uuid:pk>/", views.task_progress_view, name="task_progress"),
]

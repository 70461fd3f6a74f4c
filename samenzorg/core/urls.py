from django.urls import path

from . import views, views_documents

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
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
]

from django.urls import path

from . import views, views_transfer

app_name = "initiatives"
urlpatterns = [
    path("", views.initiative_list_view, name="list"),
    path("nieuw/", views.initiative_create_view, name="create"),
    path("controle/", views.initiative_review_queue_view, name="review_queue"),
    path("<int:pk>/controle/", views.initiative_review_view, name="review"),
    path("importeren/", views_transfer.initiative_import, name="import"),
    path("exporteren/", views_transfer.initiative_export, name="export"),
    path("<int:pk>/", views.initiative_detail, name="detail"),
    path("<int:pk>/bewerken/", views.initiative_update_view, name="update"),
    path("<int:pk>/archiveren/", views.initiative_archive_view, name="archive"),
    path("<int:pk>/geschiedenis/", views_transfer.initiative_history, name="history"),
]

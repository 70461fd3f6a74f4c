from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("taken/<uuid:pk>/", views.task_progress_view, name="task_progress"),
]

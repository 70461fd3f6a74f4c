from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("inloggen/", auth_views.LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("registreren/", views.register, name="register"),
    path("bevestigen/<str:token>/", views.register, name="confirm"),
    path("profiel/", views.profile, name="profile"),
]

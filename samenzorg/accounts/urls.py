from django.contrib.auth import views as auth_views
from django.urls import path

from . import views, views_personal_data

app_name = "accounts"
urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("inloggen/code/", views.two_factor_login, name="two_factor_login"),
    path(
        "tweestapsverificatie/instellen/",
        views.two_factor_setup,
        name="two_factor_setup",
    ),
    path(
        "tweestapsverificatie/uitzetten/",
        views.two_factor_remove,
        name="two_factor_remove",
    ),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("registreren/", views.register, name="register"),
    path("registreren/verstuurd/", views.register_done, name="register_done"),
    path("bevestigen/<str:token>/", views.confirm, name="confirm"),
    path(
        "bevestiging-opnieuw/",
        views.resend_confirmation,
        name="resend_confirmation",
    ),
    path("profiel/", views.profile, name="profile"),
    path(
        "wachtwoord-wijzigen/",
        views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "wachtwoord-vergeten/",
        views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "wachtwoord-vergeten/verstuurd/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "wachtwoord-vergeten/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord-vergeten/klaar/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("wijzigingen/", views.audit_list, name="audit"),
    path("mijn-gegevens/", views_personal_data.personal_data, name="personal_data"),
    path(
        "mijn-gegevens/gegevens.json",
        views_personal_data.personal_data_json,
        name="personal_data_json",
    ),
    path(
        "mijn-gegevens/gegevens.pdf",
        views_personal_data.personal_data_pdf,
        name="personal_data_pdf",
    ),
    path(
        "mijn-gegevens/gewist/",
        views_personal_data.personal_data_erased,
        name="personal_data_erased",
    ),
]

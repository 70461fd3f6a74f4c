from django.contrib import admin
from django.urls import include, path

from .accounts.views import admin_login
from .api import api

handler403 = "samenzorg.core.views.error_403"
handler404 = "samenzorg.core.views.error_404"
handler500 = "samenzorg.core.views.error_500"

urlpatterns = [
    path("", include("samenzorg.core.urls")),
    path("account/", include("samenzorg.accounts.urls")),
    path("gebieden/", include("samenzorg.areas.urls")),
    path("initiatieven/", include("samenzorg.initiatives.urls")),
    path("kansrijkheid/", include("samenzorg.assessment.urls")),
    path("netwerkkaarten/", include("samenzorg.networks.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # Before the admin's own login page: everyone logs in through accounts:login.
    path("beheer/login/", admin_login),
    path("beheer/", admin.site.urls),
]

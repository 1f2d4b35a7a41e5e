from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from jiandu.accounts import views as accounts_views
from jiandu.accounts.forms import LoginForm
from jiandu.api import router
from jiandu.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("login/otp/", accounts_views.otp_verify, name="otp_verify"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("workbench/", include("jiandu.core.urls")),
    path("org/", include("jiandu.org.urls")),
    path("accounts/", include("jiandu.accounts.urls")),
    path("audit/", include("jiandu.audit.urls")),
    path("jubao/", include("jiandu.intake.portal_urls")),
    path("reports/", include("jiandu.intake.urls")),
    path("clues/", include("jiandu.clues.urls")),
    path("cases/", include("jiandu.cases.urls")),
    path("inspections/", include("jiandu.inspections.urls")),
    path("directives/", include("jiandu.directives.urls")),
    path("crosscheck/", include("jiandu.crosscheck.urls")),
    path("integrity/", include("jiandu.integrity.urls")),
    path("stats/", include("jiandu.stats.urls")),
    path("api/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("django-admin/", admin.site.urls),
]

handler404 = "jiandu.core.views.not_found"

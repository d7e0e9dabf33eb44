from django.contrib.auth import views as auth_views
from django.urls import path

from anlaufstelle.core import sessions, views

app_name = "core"
urlpatterns = [
    path("", views.welcome, name="welcome"),
    path("staff/", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="core/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("session/alive/", sessions.session_alive, name="session_alive"),
    path("password/", views.password_change, name="password_change"),
]

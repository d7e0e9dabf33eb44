from django.contrib.auth import views as auth_views
from django.urls import path

from anlaufstelle.core import sessions, views
from anlaufstelle.organisation import twofactor_views

app_name = "core"
urlpatterns = [
    path("", views.welcome, name="welcome"),
    path("staff/", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # Two steps for an account with a second factor (organisation/twofactor.py).
    path("login/", twofactor_views.login, name="login"),
    path("login/code/", twofactor_views.login_code, name="login_code"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("session/alive/", sessions.session_alive, name="session_alive"),
    path("password/", views.password_change, name="password_change"),
]

"""Login, second factor, language switch, home page and the static files of this localhost app."""

from __future__ import annotations

from pathlib import Path

from django.urls import URLPattern, path, re_path
from django.views.i18n import set_language
from django.views.static import serve

from moksori.web.accounts import views

app_name = "accounts"
STATIC_ROOT_DIR = Path(__file__).resolve().parent.parent / "static"

urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("login/code/", views.totp_verify, name="totp-verify"),
    path("login/setup/", views.totp_setup, name="totp-setup"),
    path("language/", set_language, name="set-language"),
    # gunicorn serves no static files; these are few and small, so Django serves them itself.
    re_path(r"^static/(?P<path>.+)$", serve, {"document_root": STATIC_ROOT_DIR}, name="static"),
]

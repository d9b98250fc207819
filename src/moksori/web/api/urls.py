"""The API's URLs, included by moksori.web.urls at /api/: version 1 lives under /api/v1/."""

from django.urls import URLPattern, URLResolver, path

from moksori.web.api.api import api

urlpatterns: list[URLPattern | URLResolver] = [path("v1/", api.urls)]

"""URL registry of the web app and the API: every app's routes are included here."""

from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("moksori.web.accounts.urls")),
    path("survivors/", include("moksori.web.testimonies.urls")),
    path("coding/", include("moksori.web.coding.urls")),
    path("linkage/", include("moksori.web.linkage.urls")),
    path("findings/", include("moksori.web.findings.urls")),
    path("api/", include("moksori.web.api.urls")),
]

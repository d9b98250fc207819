"""Findings: the dashboard of the built-in claims, a claim's page, and allegations with their sources."""

from __future__ import annotations

from django.urls import URLPattern, path

from moksori.web.findings import views

app_name = "findings"

urlpatterns: list[URLPattern] = [
    path("", views.dashboard, name="dashboard"),
    path("claims/<slug:name>/", views.claim_detail, name="claim-detail"),
    path("allegations/", views.allegation_list, name="allegation-list"),
    path("allegations/<slug:name>/", views.allegation_detail, name="allegation-detail"),
]

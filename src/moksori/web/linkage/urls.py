"""Clerical review of record linkage: the queue, a pair side by side, a decision, a new run."""

from __future__ import annotations

from django.urls import URLPattern, path

from moksori.web.linkage import views

app_name = "linkage"

urlpatterns: list[URLPattern] = [
    path("", views.review_queue, name="review-queue"),
    path("runs/new/", views.run_linkage, name="run-linkage"),
    path("pairs/<uuid:pair_id>/", views.pair_detail, name="pair-detail"),
    path("pairs/<uuid:pair_id>/decide/", views.pair_decide, name="pair-decide"),
]

"""Survivors, their interviews and consent records."""

from __future__ import annotations

from django.urls import URLPattern, path

from moksori.web.testimonies import views

app_name = "testimonies"

urlpatterns: list[URLPattern] = [
    path("", views.survivor_list, name="survivor-list"),
    path("new/", views.survivor_create, name="survivor-create"),
    path("<uuid:survivor_id>/", views.survivor_detail, name="survivor-detail"),
    path("<uuid:survivor_id>/edit/", views.survivor_edit, name="survivor-edit"),
    path("<uuid:survivor_id>/interviews/new/", views.interview_create, name="interview-create"),
    path("<uuid:survivor_id>/consents/new/", views.consent_record, name="consent-record"),
    path("interviews/<uuid:interview_id>/", views.interview_detail, name="interview-detail"),
    path("interviews/<uuid:interview_id>/edit/", views.interview_edit, name="interview-edit"),
    path("consents/<uuid:consent_id>/withdraw/", views.consent_withdraw, name="consent-withdraw"),
]

"""The coding screen of an interview and the event and act forms posted from it, to add, edit and delete."""

from __future__ import annotations

from django.urls import URLPattern, path

from moksori.web.coding import views

app_name = "coding"

urlpatterns: list[URLPattern] = [
    path("interviews/<uuid:interview_id>/", views.coding_screen, name="coding-screen"),
    path("interviews/<uuid:interview_id>/events/", views.event_create, name="event-create"),
    path("interviews/<uuid:interview_id>/events/<uuid:event_id>/edit/", views.event_edit, name="event-edit"),
    path(
        "interviews/<uuid:interview_id>/events/<uuid:event_id>/delete/",
        views.event_delete,
        name="event-delete",
    ),
    path("interviews/<uuid:interview_id>/events/<uuid:event_id>/acts/", views.act_create, name="act-create"),
    path(
        "interviews/<uuid:interview_id>/events/<uuid:event_id>/acts/<uuid:act_id>/edit/",
        views.act_edit,
        name="act-edit",
    ),
]

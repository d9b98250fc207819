from django.apps import AppConfig


class TestimoniesConfig(AppConfig):
    name = "moksori.web.testimonies"
    label = "testimonies"
    default_auto_field = "django.db.models.BigAutoField"

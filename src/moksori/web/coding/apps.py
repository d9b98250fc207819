from django.apps import AppConfig


class CodingConfig(AppConfig):
    name = "moksori.web.coding"
    label = "coding"
    default_auto_field = "django.db.models.BigAutoField"

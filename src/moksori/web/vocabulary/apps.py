from django.apps import AppConfig


class VocabularyConfig(AppConfig):
    name = "moksori.web.vocabulary"
    label = "vocabulary"
    default_auto_field = "django.db.models.BigAutoField"

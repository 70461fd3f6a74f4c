from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "samenzorg.assessment"
    verbose_name = "Kansrijkheid"

from django.apps import AppConfig


class SchedulesConfig(AppConfig):
    name = "schedules"
    verbose_name = "Lịch làm việc và lịch trực"

    def ready(self):
        from schedules import signals

        signals.connect()

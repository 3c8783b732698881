from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Báo cáo CCHC"

    def ready(self):
        from mocua.jobs.registry import Sweep, register

        register(
            Sweep(
                "periodic_reports",
                "Báo cáo định kỳ khi kết thúc kỳ",
                "reports.sweeps.periodic_reports",
                order=50,
            )
        )

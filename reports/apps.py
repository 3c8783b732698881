from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Báo cáo CCHC"

    def ready(self):
        from mocua.jobs.health import register_problems
        from mocua.jobs.registry import Sweep, register

        register(
            Sweep(
                "periodic_reports",
                "Báo cáo định kỳ khi kết thúc kỳ",
                "reports.sweeps.periodic_reports",
                order=50,
            )
        )
        register(Sweep("report_signatures", "Ký số báo cáo đã lập", "reports.signing.sign_pending", order=55))
        register_problems("reports.signing.health_problems")  # reports left unsigned (issue 20)

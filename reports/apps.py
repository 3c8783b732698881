from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Báo cáo CCHC"

    def ready(self):
        from mocua import home_cards
        from mocua.jobs.registry import Sweep, register
        from reports import corrective, hooks, late_causes

        register(
            Sweep(
                "periodic_reports",
                "Báo cáo định kỳ khi kết thúc kỳ",
                "reports.sweeps.periodic_reports",
                order=50,
            )
        )
        hooks.register_figures("late_letters", late_causes.late_letters)
        home_cards.register(corrective.home_cards)

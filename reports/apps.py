from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Báo cáo CCHC"

    def ready(self):
        from mocua import home_cards
        from mocua.jobs.health import register_problems
        from mocua.jobs.registry import Sweep, register
        from reports import corrective, feedback_figures, hooks, late_causes

        register(
            Sweep(
                "periodic_reports",
                "Báo cáo định kỳ khi kết thúc kỳ",
                "reports.sweeps.periodic_reports",
                order=50,
            )
        )
        hooks.register_figures("late_letters", late_causes.late_letters)
        hooks.register_figures("feedback", feedback_figures.figures)
        hooks.register_sentences(feedback_figures.sentences)
        home_cards.register(corrective.home_cards)
        register(Sweep("report_signatures", "Ký số báo cáo đã lập", "reports.signing.sign_pending", order=55))
        register_problems("reports.signing.health_problems")  # reports left unsigned (issue 20)

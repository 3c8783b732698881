from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "dossiers"
    verbose_name = "Hồ sơ"

    def ready(self):
        from dossiers import feedback_selectors, jobs, selectors
        from dossiers.board_panels import beyond_counter, today_counts
        from mocua import home_cards
        from mocua.jobs.health import register_problems
        from mocua.jobs.registry import register
        from models_catalog import board

        for sweep in jobs.SWEEPS:
            register(sweep)
        home_cards.register(selectors.at_a_glance)
        home_cards.register(feedback_selectors.at_a_glance)
        board.register(today_counts)
        board.register(beyond_counter)
        register_problems("dossiers.signing.health_problems")  # papers left unsigned (issue 20)

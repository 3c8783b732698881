from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "dossiers"
    verbose_name = "Hồ sơ"

    def ready(self):
        from dossiers import jobs, selectors
        from mocua import home_cards
        from mocua.jobs.health import register_problems
        from mocua.jobs.registry import register

        for sweep in jobs.SWEEPS:
            register(sweep)
        home_cards.register(selectors.at_a_glance)
        register_problems("dossiers.signing.health_problems")  # papers left unsigned (issue 20)

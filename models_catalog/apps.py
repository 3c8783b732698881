from django.apps import AppConfig


class ModelsCatalogConfig(AppConfig):
    name = "models_catalog"
    verbose_name = "Danh mục thủ tục và mô hình CCHC"

    def ready(self):
        """Hand schedules what it needs from the reform models (the calendar imports none)."""
        from models_catalog import paper_cache, selectors
        from models_catalog.models import ReformModel
        from schedules import providers, signals

        providers.register_extra_windows(selectors.calendar_windows)
        providers.register_counter_models(selectors.counter_models)
        signals.clear_memo_on_change(ReformModel)
        paper_cache.connect()  # printed papers and public pages are kept until what they show changes
        signals.clear_memo_on_m2m_change(ReformModel.procedures.through)

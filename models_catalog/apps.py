from django.apps import AppConfig


class ModelsCatalogConfig(AppConfig):
    name = "models_catalog"
    verbose_name = "Danh mục thủ tục và mô hình CCHC"

    def ready(self):
        """Hand schedules what it needs from the reform models (the calendar imports none)."""
        from mocua.models import Office
        from models_catalog import paper_cache, public_cache, selectors
        from models_catalog.models import Field, Procedure, ReformModel, RequiredDocument
        from schedules import providers, signals

        providers.register_extra_windows(selectors.calendar_windows)
        providers.register_counter_models(selectors.counter_models)
        signals.clear_memo_on_change(ReformModel)
        paper_cache.connect()  # printed papers are kept until what they show changes
        signals.clear_memo_on_m2m_change(ReformModel.procedures.through)
        public_cache.connect(
            Office,
            Procedure,
            RequiredDocument,
            Field,
            ReformModel,
            through=(Procedure.offices.through, ReformModel.procedures.through),
        )

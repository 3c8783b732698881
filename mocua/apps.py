from django.apps import AppConfig


class MocuaConfig(AppConfig):
    name = "mocua"
    verbose_name = "Đơn vị và cán bộ"

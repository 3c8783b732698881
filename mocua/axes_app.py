"""django-axes (login throttling, mocua/auth.py) installed under a Vietnamese name for the admin."""

import axes.apps


class AxesConfig(axes.apps.AppConfig):
    verbose_name = "Đăng nhập sai và nhật ký đăng nhập"

"""Strict readers of environment variables.

A malformed value stops the process with a message that names the variable,
so an operator never has to guess which setting is wrong.
"""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"Biến môi trường {name}={raw!r} không hợp lệ: dùng 1/0, true/false, yes/no hoặc on/off."
    )


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(
            f"Biến môi trường {name}={raw!r} không hợp lệ: cần một số nguyên."
        ) from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_required(name: str, why: str) -> str:
    value = env_str(name)
    if not value:
        raise ImproperlyConfigured(f"Thiếu biến môi trường {name}: bắt buộc {why}.")
    return value


def env_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    value = env_str(name, default) or default
    if value not in choices:
        raise ImproperlyConfigured(
            f"Biến môi trường {name}={value!r} không hợp lệ: chọn một trong {', '.join(choices)}."
        )
    return value


def database_from_url(name: str = "DATABASE_URL") -> dict | None:
    """Parse DATABASE_URL; None when unset. Only PostgreSQL and SQLite are supported."""
    import dj_database_url

    raw = env_str(name)
    if not raw:
        return None
    if not raw.startswith(("postgres://", "postgresql://", "sqlite://")):
        raise ImproperlyConfigured(
            f"Biến môi trường {name} không hợp lệ: cần dạng postgres://người_dùng@máy:cổng/tên_csdl."
        )
    try:
        config = dj_database_url.parse(raw, conn_max_age=60)
    except Exception as exc:  # the library raises several kinds; all mean "malformed"
        raise ImproperlyConfigured(f"Biến môi trường {name} không hợp lệ: {exc}") from None
    if config.get("ENGINE", "").endswith("postgresql") and not config.get("NAME"):
        raise ImproperlyConfigured(f"Biến môi trường {name} không hợp lệ: thiếu tên cơ sở dữ liệu.")
    return config


def redis_url(name: str = "REDIS_URL") -> str:
    raw = env_str(name)
    if raw and not raw.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(f"Biến môi trường {name} không hợp lệ: cần dạng redis://máy:cổng/số_csdl.")
    return raw

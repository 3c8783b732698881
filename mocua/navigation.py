"""The navigation bar, by role. One list: each app adds its entries here.

An entry is shown when the user holds one of its roles (an empty tuple: every
staff member). `url_name` must resolve without arguments.
"""

from dataclasses import dataclass

from mocua.models import Role


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    roles: tuple[str, ...] = ()


NAV: list[NavEntry] = [
    NavEntry("Trang chính", "home"),
    NavEntry("Đơn vị", "office_list", (Role.SUPERVISOR, Role.ADMIN)),
    NavEntry("Tiếp nhận", "dossiers:intake", (Role.CLERK, Role.VOLUNTEER)),
    NavEntry("Gọi số", "dossiers:queue_seats", (Role.CLERK, Role.SPECIALIST, Role.VOLUNTEER)),
    NavEntry("Hồ sơ", "dossiers:worklist", (Role.CLERK, Role.SPECIALIST, Role.LEADER, Role.SECRETARY)),
    NavEntry("Trình ký", "dossiers:leader_queue", (Role.LEADER,)),
    NavEntry("Lịch làm việc", "schedules:calendar"),
    NavEntry("Lịch trực", "schedules:roster"),
    NavEntry(
        "Lịch lưu động", "schedules:outreach", (Role.CLERK, Role.SPECIALIST, Role.LEADER, Role.SECRETARY)
    ),
    NavEntry("Lễ kết hôn", "dossiers:ceremonies", (Role.CLERK, Role.LEADER)),
    NavEntry("Thủ tục", "models_catalog:manage_procedures", (Role.SECRETARY, Role.ADMIN)),
    NavEntry("Mô hình CCHC", "models_catalog:manage_models", (Role.SECRETARY, Role.ADMIN)),
    NavEntry("Chỉ tiêu trực tuyến", "reports:online_targets", (Role.SECRETARY, Role.ADMIN)),
    NavEntry("Sổ theo dõi", "dossiers:register", (Role.CLERK, Role.SECRETARY, Role.LEADER)),
    NavEntry("Phản ánh, kiến nghị", "dossiers:feedback_list", (Role.SECRETARY, Role.LEADER)),
    NavEntry("Sổ thu phí", "dossiers:cash_book", (Role.CLERK, Role.SECRETARY, Role.LEADER)),
    NavEntry("Báo cáo", "reports:dashboard", (Role.LEADER, Role.SECRETARY, Role.SUPERVISOR, Role.ADMIN)),
    NavEntry("Hướng dẫn", "guide"),
    NavEntry("Công việc tự động", "jobs:health", (Role.LEADER, Role.SECRETARY, Role.SUPERVISOR, Role.ADMIN)),
]


def entries_for(staff) -> list[NavEntry]:
    if staff is None:
        return []
    return [e for e in NAV if not e.roles or staff.has_role(*e.roles)]

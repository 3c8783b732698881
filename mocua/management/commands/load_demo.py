import time
from importlib import import_module

from django.core.management.base import BaseCommand

from mocua.demo import DEMO_PASSWORD, demo_logins

# Each app's demo loader, in dependency order, with what it does. Every loader is idempotent.
LOADERS = [
    ("mocua.demo", "đơn vị và người dùng"),
    ("models_catalog.demo", "danh mục thủ tục và mô hình CCHC"),
    ("schedules.demo", "lịch làm việc và lịch trực"),
    ("dossiers.demo", "lịch sử hồ sơ (bước lâu nhất, vài phút)"),
    ("dossiers.demo_money", "thu phí, lệ phí tại Sa Đéc Phường 1 và thư xin lỗi ký số"),
    ("dossiers.demo_citizen", "thông báo cho người dân, phản ánh và kiến nghị"),
    ("reports.demo_targets", "chỉ tiêu hồ sơ trực tuyến"),
    ("reports.demo_narratives", "đánh giá báo cáo quý và biện pháp khắc phục"),
]


def seconds(elapsed: float) -> str:
    return f"{elapsed:.1f}".replace(".", ",") + " giây"


class Command(BaseCommand):
    help = "Nạp dữ liệu trình diễn (chạy lại nhiều lần không tạo trùng)."

    def handle(self, *args, **options):
        started = time.monotonic()
        for step, (path, label) in enumerate(LOADERS, start=1):
            self.stdout.write(f"[{step}/{len(LOADERS)}] {label}…")
            self.stdout.flush()
            began = time.monotonic()
            import_module(path).load(stdout=self.stdout)
            self.stdout.write(
                f"      xong sau {seconds(time.monotonic() - began)} "
                f"(tổng {seconds(time.monotonic() - started)})"
            )
        self.stdout.write(
            self.style.SUCCESS(f"Đã nạp dữ liệu trình diễn sau {seconds(time.monotonic() - started)}.")
        )
        self.stdout.write(f"Mật khẩu chung của các tài khoản trình diễn: {DEMO_PASSWORD}")
        for username, role, office in demo_logins():
            self.stdout.write(f"  {username:<32} {role:<36} {office}")

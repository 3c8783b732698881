from importlib import import_module

from django.core.management.base import BaseCommand

from mocua.demo import DEMO_PASSWORD

# Each app's demo loader, in dependency order. Every loader is idempotent.
LOADERS = [
    "mocua.demo",
    "models_catalog.demo",
    "schedules.demo",
    "dossiers.demo",
    "dossiers.demo_money",  # fees at Sa Đéc Phường 1 and a digitally signed apology letter (issue 20)
]


class Command(BaseCommand):
    help = "Nạp dữ liệu trình diễn (chạy lại nhiều lần không tạo trùng)."

    def handle(self, *args, **options):
        logins = []
        for path in LOADERS:
            result = import_module(path).load(stdout=self.stdout)
            if path == "mocua.demo":
                logins = result
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu trình diễn."))
        self.stdout.write(f"Mật khẩu chung của các tài khoản trình diễn: {DEMO_PASSWORD}")
        for username, role, office in logins:
            self.stdout.write(f"  {username:<32} {role:<36} {office}")

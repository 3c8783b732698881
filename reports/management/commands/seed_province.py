from django.core.management.base import BaseCommand, CommandError

from mocua.demo import DEMO_PASSWORD
from reports import province


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu một tỉnh để thử tải và trình diễn: một Sở Nội vụ, các đơn vị cấp xã và hồ sơ "
        "trong hai năm (chỉ chạy trên PostgreSQL). Chạy lại không tạo trùng; dùng --reset để tạo lại."
    )

    def add_arguments(self, parser):
        parser.add_argument("--offices", type=int, default=150, help="Số đơn vị cấp xã (mặc định 150).")
        parser.add_argument("--dossiers", type=int, default=2_000_000, help="Số hồ sơ (mặc định 2.000.000).")
        parser.add_argument("--years", type=int, default=2, help="Số năm dữ liệu (mặc định 2).")
        parser.add_argument("--reset", action="store_true", help="Xóa hồ sơ đã tạo của tỉnh rồi tạo lại.")

    def handle(self, *args, **opts):
        try:
            result = province.seed(
                opts["offices"],
                opts["dossiers"],
                years=opts["years"],
                reset_first=opts["reset"],
                log=self.stdout.write,
            )
        except province.ProvinceError as e:
            raise CommandError(str(e)) from None
        n = f"{result.dossiers:,}".replace(",", ".")
        if result.skipped:
            self.stdout.write(
                f"Tỉnh đã có dữ liệu ({result.offices} đơn vị, {n} hồ sơ); không tạo thêm. "
                "Dùng --reset để tạo lại."
            )
        else:
            self.stdout.write(self.style.SUCCESS(f"Đã tạo {result.offices} đơn vị và {n} hồ sơ."))
        self.stdout.write(
            f"Đăng nhập Sở Nội vụ: {province.SUPERVISOR_LOGIN} / mật khẩu {DEMO_PASSWORD} "
            f"(báo cáo tại /bao-cao/{province.SUPERVISOR_SLUG}/)"
        )

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from mocua.models import Office
from schedules.calendar_import import import_calendar


class Command(BaseCommand):
    help = (
        "Nhập lịch nghỉ từ tệp CSV (ngày,loại ngày,tên,ghi chú). Không có --office: lịch chung cả nước "
        "(holiday, day_off, make_up); có --office: ngày riêng của đơn vị. Có một dòng sai thì không lưu dòng nào."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--office", help="mã đường dẫn (slug) của đơn vị")

    def handle(self, path, office=None, **options):
        target = None
        if office:
            target = Office.objects.filter(slug=office).first()
            if target is None:
                raise CommandError(f"Không tìm thấy đơn vị “{office}”.")
        try:
            count = import_calendar(path.read_text(encoding="utf-8-sig"), target)
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Không đọc được tệp {path}: {error}") from None
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"Đã nhập {count} ngày."))

"""Anonymise the closed dossiers past retention now (what the `retention` sweep does, all at once)."""

import datetime as dt

from django import forms
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from dossiers.retention import RetentionError, anonymise_due, retention_limit

LABELS = {
    "anonymised": "hồ sơ",
    "notes": "ghi chú nhật ký",
    "comments": "góp ý",
    "papers": "giấy tờ",
    "files": "tệp PDF xóa khỏi kho",
}


def _date(value: str) -> dt.date:
    try:
        return forms.DateField(input_formats=["%d/%m/%Y", "%Y-%m-%d"]).clean(value.strip())
    except forms.ValidationError:
        pass
    raise CommandError(f"Ngày “{value}” không hợp lệ: hãy nhập theo dạng ngày/tháng/năm, ví dụ 01/01/2016.")


class Command(BaseCommand):
    help = (
        "Ẩn danh các hồ sơ đã kết thúc quá thời hạn lưu trữ (MOCUA_RETENTION_YEARS): xóa thông tin cá nhân "
        "của người nộp, ẩn ghi chú nhật ký và góp ý, xóa tệp PDF giấy tờ; giữ số liệu báo cáo."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="chỉ đếm, không thay đổi gì")
        parser.add_argument(
            "--before",
            metavar="NGÀY",
            help="chỉ ẩn danh hồ sơ kết thúc trước ngày này (dd/mm/yyyy), không muộn hơn hạn lưu trữ",
        )

    def handle(self, *args, dry_run=False, before=None, **options):
        now = timezone.now()
        day = _date(before) if before else None
        try:
            counts = anonymise_due(now, before=day, dry_run=dry_run)
        except RetentionError as error:
            raise CommandError(str(error)) from None
        limit = retention_limit(now)
        if limit is None:
            self.stdout.write("Chưa bật ẩn danh hồ sơ (MOCUA_RETENTION_YEARS=0): không có gì thay đổi.")
            return
        years = settings.MOCUA_RETENTION_YEARS
        head = "Chạy thử, không thay đổi gì — sẽ ẩn danh" if dry_run else "Đã ẩn danh"
        scope = f"hồ sơ kết thúc trước ngày {(day or limit):%d/%m/%Y}"
        figures = ", ".join(f"{LABELS[k]}: {v}" for k, v in counts.items())
        self.stdout.write(self.style.SUCCESS(f"{head} — {scope} (lưu trữ {years} năm). {figures}."))

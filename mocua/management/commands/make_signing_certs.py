from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from mocua.certs import make_office_certificate
from mocua.models import Office


class Command(BaseCommand):
    help = (
        "Tạo tổ chức cấp chứng thư số tự ký và chứng thư số (PKCS#12) của các đơn vị để trình diễn và "
        "kiểm thử, vào thư mục MOCUA_SIGNING_DIR (mặc định var/certs). Không dùng cho hệ thống thật."
    )

    def add_arguments(self, parser):
        parser.add_argument("offices", nargs="*", help="mã đường dẫn các đơn vị (mặc định: mọi đơn vị)")
        parser.add_argument("--replace", action="store_true", help="tạo lại chứng thư đã có")

    def handle(self, *args, offices, replace, **options):
        if settings.PRODUCTION:
            raise CommandError("Không tạo chứng thư số trình diễn trên hệ thống thật (MOCUA_ENV=production).")
        rows = Office.objects.order_by("slug")
        if offices:
            rows = rows.filter(slug__in=offices)
            missing = set(offices) - set(rows.values_list("slug", flat=True))
            if missing:
                raise CommandError(f"Không có đơn vị: {', '.join(sorted(missing))}")
        directory = settings.MOCUA_SIGNING_DIR
        for office in rows:
            passphrase = (
                settings.MOCUA_SIGNING_PASSPHRASES.get(office.slug) or settings.MOCUA_SIGNING_PASSPHRASE
            )
            path = make_office_certificate(directory, office.slug, office.name, passphrase, replace=replace)
            self.stdout.write(f"  {office.slug:<24} {path}")
        self.stdout.write(self.style.SUCCESS(f"Tổ chức cấp chứng thư trình diễn: {directory / 'ca.pem'}"))

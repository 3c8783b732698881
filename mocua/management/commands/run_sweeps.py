"""Run every sweep once, now: what beat triggers, and what an operator runs after an outage."""

from django.core.management.base import BaseCommand

from mocua.jobs.registry import sweeps
from mocua.jobs.runner import run_one


class Command(BaseCommand):
    help = "Chạy mọi công việc tự động một lần, ngay bây giờ, và in kết quả từng việc."

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="*", help="chỉ chạy các công việc này (tên, ví dụ overdue)")

    def handle(self, *args, names=(), **options):
        known = {s.name for s in sweeps()}
        unknown = sorted(set(names) - known)
        if unknown:
            self.stderr.write(
                f"Không có công việc tên {', '.join(unknown)}. Các tên: {', '.join(sorted(known))}."
            )
            return
        failed = 0
        for sweep in sweeps():
            if names and sweep.name not in names:
                continue
            run = run_one(sweep)
            counts = " ".join(f"{k}={v}" for k, v in run.counts.items()) or "không có việc"
            seconds = (run.finished_at - run.started_at).total_seconds()
            if run.ok:
                line = f"{sweep.name} ({sweep.label}): xong trong {seconds:.1f} giây — {counts}"
                self.stdout.write(self.style.SUCCESS(line))
            else:
                failed += 1
                self.stdout.write(self.style.ERROR(f"{sweep.name} ({sweep.label}): LỖI — {run.error}"))
            if run.skipped_offices:
                self.stdout.write(
                    f"  bỏ qua đơn vị chưa khai báo giờ làm việc: {', '.join(run.skipped_offices)}"
                )
        if failed:
            self.stderr.write(f"{failed} công việc bị lỗi (xem nhật ký và trang Công việc tự động).")

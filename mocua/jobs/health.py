"""The dead-man's switch: each sweep's last successful run, and whether it is late."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.module_loading import import_string

from mocua.jobs.models import JobRun
from mocua.jobs.registry import Sweep, sweeps

COUNT_LABELS = {
    "offices": "đơn vị đã nhắc",
    "dossiers": "hồ sơ",
    "notifications": "thông báo",
    "converted": "hồ sơ chuyển sang giải quyết thông thường",
    "letters": "phiếu / thư đã lập",
    "warnings": "cảnh báo sắp đến hạn",
    "reports": "báo cáo đã lập",
    "healed": "giấy tờ kết xuất lại",
    "anonymised": "hồ sơ đã ẩn danh",
    "notes": "ghi chú nhật ký đã ẩn",
    "comments": "góp ý đã ẩn",
    "papers": "giấy tờ đã xóa tệp",
    "files": "tệp PDF đã xóa",
    "signatures": "giấy tờ gửi ký số",
}


def ago(delta: dt.timedelta) -> str:
    """'3 ngày 2 giờ', '1 giờ 5 phút', '47 phút', 'vừa xong' (Vietnamese, coarse)."""
    minutes = int(delta.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return f"{days} ngày {hours} giờ" if hours else f"{days} ngày"
    if hours:
        return f"{hours} giờ {minutes} phút" if minutes else f"{hours} giờ"
    return f"{minutes} phút" if minutes else "vừa xong"


@dataclass(frozen=True)
class JobHealth:
    sweep: Sweep
    last_ok: JobRun | None
    last: JobRun | None
    late: bool
    now: dt.datetime

    @property
    def since(self) -> str:
        """How long ago the last successful run finished."""
        return ago(self.now - self.last_ok.finished_at) if self.last_ok else ""

    @property
    def did(self) -> list[tuple[str, object]]:
        """What the last successful run did, in Vietnamese labels."""
        if self.last_ok is None:
            return []
        return [(COUNT_LABELS.get(k, k), v) for k, v in self.last_ok.counts.items()]

    @property
    def failing(self) -> bool:
        return self.last is not None and not self.last.ok


def job_health(now: dt.datetime | None = None) -> list[JobHealth]:
    """One line per registered sweep; late when no success within three expected intervals."""
    now = now or timezone.now()
    out = []
    for sweep in sweeps():
        runs = JobRun.objects.filter(name=sweep.name)
        last_ok = runs.filter(ok=True).order_by("-finished_at", "-id").first()
        last = runs.order_by("-finished_at", "-id").first()
        late = last_ok is None or now - last_ok.finished_at > sweep.late_after
        out.append(JobHealth(sweep, last_ok, last, late, now))
    return out


def skipped_office_slugs(health: list[JobHealth]) -> set[str]:
    """Offices the latest runs skipped because no working hours are configured."""
    return {slug for h in health if h.last is not None for slug in h.last.skipped_offices}


def any_late(now: dt.datetime | None = None) -> list[JobHealth]:
    return [h for h in job_health(now) if h.late]


# Problems the apps report on the job-health page beyond the sweeps (e.g. papers left unsigned
# because the office's certificate cannot be opened): providers `function(offices) -> [str]`,
# registered by dotted path from an app's ready(), so the kernel imports no app.
_problem_providers: list[str] = []


def register_problems(path: str) -> None:
    if path not in _problem_providers:
        _problem_providers.append(path)


def problems(offices) -> list[str]:
    """Every registered provider's Vietnamese lines about `offices` (the viewer's offices)."""
    return [line for path in _problem_providers for line in import_string(path)(offices)]

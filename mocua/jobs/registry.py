"""The sweeps beat runs, in order: name, Vietnamese label, function, expected interval.

Every sweep is `function(now) -> dict of counts`. Adding an office or changing a cutoff needs
no schedule change: one beat entry runs them all (settings.CELERY_BEAT_SCHEDULE).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Sweep:
    name: str
    label: str
    function: Callable[[dt.datetime], dict]
    interval: int  # seconds between runs expected by beat

    @property
    def late_after(self) -> dt.timedelta:
        """The dead-man's switch: no successful run for three intervals means beat or workers are down."""
        return dt.timedelta(seconds=3 * self.interval)


def _papers_heal(now: dt.datetime) -> dict:
    from dossiers import papers

    return {"healed": papers.heal_pending(now)}


def sweeps() -> list[Sweep]:
    from dossiers import sweeps as dossier_sweeps
    from reports import sweeps as report_sweeps

    every = settings.MOCUA_SWEEP_INTERVAL
    found = [
        Sweep(
            "cutoff_follow_up",
            "Nhắc hồ sơ trả trong ngày sau giờ chốt",
            dossier_sweeps.cutoff_follow_up,
            every,
        ),
        Sweep(
            "end_of_day",
            "Chuyển hồ sơ trả trong ngày chưa xong khi hết giờ",
            dossier_sweeps.end_of_day,
            every,
        ),
        Sweep("overdue", "Hồ sơ quá hạn và sắp đến hạn", dossier_sweeps.overdue, every),
        Sweep("family_letters", "Thư chúc mừng, thư chia buồn", dossier_sweeps.family_letters, every),
        Sweep("periodic_reports", "Báo cáo định kỳ khi kết thúc kỳ", report_sweeps.periodic_reports, every),
        Sweep("papers_heal", "Kết xuất lại giấy tờ còn dang dở", _papers_heal, every),
    ]
    return found


def by_name(name: str) -> Sweep:
    for sweep in sweeps():
        if sweep.name == name:
            return sweep
    raise KeyError(name)

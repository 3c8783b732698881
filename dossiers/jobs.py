"""The dossier sweeps the kernel's runner calls, registered from `DossiersConfig.ready()`.

Functions are named by dotted path: registering them at start-up imports neither the sweeps
nor the paper pipeline (WeasyPrint); mocua.jobs.registry imports each at its first run.
`order` keeps the run order of the whole registry (reports' periodic_reports is 50).
"""

import datetime as dt

from mocua.jobs.registry import Sweep

SWEEPS = [
    Sweep(
        "cutoff_follow_up",
        "Nhắc hồ sơ trả trong ngày sau giờ chốt",
        "dossiers.sweeps.cutoff_follow_up",
        order=10,
    ),
    Sweep(
        "end_of_day",
        "Chuyển hồ sơ trả trong ngày chưa xong khi hết giờ",
        "dossiers.sweeps.end_of_day",
        order=20,
    ),
    Sweep("overdue", "Hồ sơ quá hạn và sắp đến hạn", "dossiers.sweeps.overdue", order=30),
    Sweep("family_letters", "Thư chúc mừng, thư chia buồn", "dossiers.sweeps.family_letters", order=40),
    Sweep("papers_heal", "Kết xuất lại giấy tờ còn dang dở", "dossiers.jobs.papers_heal", order=60),
    Sweep("signatures", "Ký số giấy tờ còn chờ ký", "dossiers.signing.sign_pending", order=65),
    Sweep("retention", "Ẩn danh hồ sơ hết thời hạn lưu trữ", "dossiers.jobs.retention", order=70),
    Sweep("outbox", "Gửi lại tin nhắn, thư cho người dân", "dossiers.outbox.sweep", order=65),
]


def papers_heal(now: dt.datetime) -> dict:
    """Send again the papers whose render was lost (dossiers.papers.heal_pending)."""
    from dossiers import papers  # the paper pipeline loads WeasyPrint: only when the sweep runs

    return {"healed": papers.heal_pending(now)}


def retention(now: dt.datetime) -> dict:
    """Anonymise closed dossiers past retention, a bounded number per run (dossiers.retention)."""
    from django.conf import settings

    from dossiers.retention import anonymise_due

    return anonymise_due(now, max_batches=settings.MOCUA_RETENTION_SWEEP_BATCHES)

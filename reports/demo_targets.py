"""Demo online targets (seed 001's annex: targets per field), for this year at every demo commune."""

from django.utils import timezone

from mocua.demo import COMMUNES
from mocua.models import Office
from models_catalog import selectors as catalog
from reports.targets import save_targets

# Monthly online dossiers aimed at, by field name (the rest: 2).
TARGETS = {"Hộ tịch": 12, "Chứng thực": 20, "Thành lập và hoạt động của hộ kinh doanh": 3}


def load(stdout=None) -> int:
    """Set the targets of the current year where an office has none; returns how many were set."""
    year = timezone.localdate().year
    added = 0
    for office in Office.objects.filter(slug__in=[c.slug for c in COMMUNES]):
        fields = catalog.office_fields(office)
        if not fields or office_has_targets(office, year):
            continue
        save_targets(office, year, {f.pk: TARGETS.get(f.name, 2) for f in fields})
        added += len(fields)
    if stdout is not None:
        stdout.write(f"Chỉ tiêu hồ sơ trực tuyến năm {year}: thêm {added} chỉ tiêu.")
    return added


def office_has_targets(office, year: int) -> bool:
    from reports.models import OnlineTarget

    return OnlineTarget.objects.filter(office=office, year=year).exists()

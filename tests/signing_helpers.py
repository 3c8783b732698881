"""Digital signatures in tests (issue 20): a demo authority and office certificates in a folder of
the test's own, and an apology letter signed by the leader through the doors."""

import datetime as dt

from dossiers import papers, workflow
from mocua.certs import make_office_certificate
from mocua.models import Office
from tests.conftest import VN
from tests.dossier_helpers import marriage_status_procedure, moved, received_dossier, staff

PASSPHRASE = "mat-khau-thu-nghiem"
MOMENT = dt.datetime(2026, 11, 24, 9, 0, tzinfo=VN)  # a Tuesday: an appointment, not same day


def certificates(settings, tmp_path, *slugs: str):
    """Office certificates (and the authority) in tmp_path/certs, the settings pointing there."""
    folder = tmp_path / "certs"
    settings.MOCUA_SIGNING_DIR = folder
    settings.MOCUA_SIGNING_PASSPHRASE = PASSPHRASE
    settings.MOCUA_SIGNING_PASSPHRASES = {}
    settings.MOCUA_SIGNING_TRUST_ROOTS = [str(folder / "ca.pem")]
    for slug in slugs:
        make_office_certificate(folder, slug, Office.objects.get(slug=slug).name, PASSPHRASE)
    return folder


def signed_apology(slug: str = "duc-thanh"):
    """An apology letter drafted and signed by the office's leader; returns its (pending) paper."""
    office = Office.objects.get(slug=slug)
    proc = marriage_status_procedure(office)
    d = moved(received_dossier(office, proc, received_at=MOMENT), "assign", "start", at=MOMENT)
    letter = workflow.apologise(
        staff(f"{slug}.specialist"),
        d,
        reason="Phải xác minh tình trạng hôn nhân tại nơi cư trú trước",
        responsible_unit="Bộ phận Tư pháp - Hộ tịch",
        new_due_at=workflow.current_due_at(d) + dt.timedelta(days=2),
        now=MOMENT,
    )
    letter = workflow.sign_apology(staff(f"{slug}.leader"), letter, now=MOMENT + dt.timedelta(hours=1))
    return d, letter, d.papers.get(kind=papers.K.APOLOGY)

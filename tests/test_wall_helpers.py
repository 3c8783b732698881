"""The wall matrix compares a foreign object's answer with a missing one's byte for byte; a document
export carries the moment it was written, so it is compared without it (tests/wall_helpers._stable)."""

import io

from openpyxl import Workbook

from tests.conftest import frozen
from tests.wall_helpers import _stable

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _book(value) -> bytes:
    wb = Workbook()
    wb.active.append(["Sổ theo dõi thu phí, lệ phí", value])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_an_export_written_a_second_later_answers_alike_and_other_rows_do_not():
    with frozen(2026, 11, 25, 9, 0, 0):
        first = _book(15000)
    with frozen(2026, 11, 25, 9, 0, 2):
        again = _book(15000)
        other = _book(12000)
    assert first != again  # the raw files differ by their clock only
    assert _stable(first, XLSX) == _stable(again, XLSX)
    assert _stable(first, XLSX) != _stable(other, XLSX)

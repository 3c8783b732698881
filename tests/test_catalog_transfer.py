"""Catalog import/export: all or nothing, every bad row reported, export -> import changes nothing."""

import csv
import io

import pytest
from django.core.management import call_command

from models_catalog.demo import STARTER_CATALOG
from models_catalog.models import Procedure, ReformModel, RequiredDocument
from models_catalog.transfer import (
    COLUMNS,
    ImportRejected,
    export_csv,
    export_rows,
    export_xlsx,
    import_catalog,
)


def snapshot():
    docs = list(RequiredDocument.objects.order_by("pk").values_list("pk", "procedure__code", "name", "form"))
    return export_rows(), docs, list(Procedure.objects.order_by("pk").values_list("pk", "code"))


def csv_bytes(rows):
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow([h for _, h in COLUMNS])
    for r in rows:
        w.writerow(r)
    return out.getvalue().encode()


GOOD = [
    "1.004873",
    "Cấp Giấy xác nhận tình trạng hôn nhân",
    "Hộ tịch",
    "0",
    "trong ngày",
    "3",
    "3000",
    "3.000 đồng",
    "Giấy xác nhận",
    "Luật Hộ tịch 2014",
    "",
    "",
    "có",
    "không",
    "Toàn trình",
    "Tờ khai | Bản chính | 1",
    "duc-thanh",
]


def test_starter_catalog_has_at_least_30_real_procedures(demo):
    result = import_catalog(STARTER_CATALOG.name, STARTER_CATALOG.read_bytes(), by=None)
    assert result.created >= 30
    codes = set(Procedure.objects.values_list("code", flat=True))
    assert {"1.001193", "1.000894", "1.004873", "2.000815", "1.001612", "1.001776"} <= codes
    assert Procedure.objects.get(code="1.000894").documents.count() >= 2
    fields = set(Procedure.objects.values_list("field__name", flat=True))
    assert {"Hộ tịch", "Chứng thực", "Bảo trợ xã hội", "Thành lập và hoạt động của hộ kinh doanh"} <= fields


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_changes_nothing(demo, fmt):
    call_command("load_demo", stdout=io.StringIO())
    before = snapshot()
    content = export_csv() if fmt == "csv" else export_xlsx()
    result = import_catalog(f"danh-muc.{fmt}", content, by=None)
    assert result.created == result.updated == 0
    assert result.unchanged == len(before[0]) >= 30
    assert snapshot() == before


def test_load_demo_twice_changes_nothing(demo):
    call_command("load_demo", stdout=io.StringIO())
    before = snapshot(), list(ReformModel.objects.values().order_by("pk"))
    call_command("load_demo", stdout=io.StringIO())
    assert (snapshot(), list(ReformModel.objects.values().order_by("pk"))) == before


def test_one_bad_row_rejects_the_whole_file_and_reports_every_bad_row(demo):
    bad_code = GOOD.copy()
    bad_code[0] = "1.4873"
    negative = GOOD.copy()
    negative[0], negative[3], negative[4] = "1.000894", "-2", "ngày làm việc"
    other = GOOD.copy()
    other[0], other[16] = "2.000815", "khong-co-xa"
    with pytest.raises(ImportRejected) as exc:
        import_catalog("a.csv", csv_bytes([GOOD, bad_code, negative, other]), by=None)
    errors = exc.value.errors
    assert (
        "Dòng 3, cột “Mã thủ tục”: “1.4873” không đúng dạng 1.004873 hoặc 1.004873.000.00.00.H48." in errors
    )
    assert "Dòng 4, cột “Thời hạn giải quyết”: không được là số âm." in errors
    assert "Dòng 5, cột “Đơn vị thực hiện”: không có đơn vị mã “khong-co-xa”." in errors
    assert Procedure.objects.count() == 0


def test_not_csv_or_xlsx_and_missing_columns_are_refused(demo):
    with pytest.raises(ImportRejected) as exc:
        import_catalog("danh-muc.pdf", b"%PDF-1.7", by=None)
    assert exc.value.errors == ["Chỉ nhận tệp CSV (.csv) hoặc Excel (.xlsx)."]
    with pytest.raises(ImportRejected) as exc:
        import_catalog("danh-muc.xlsx", b"not a zip", by=None)
    assert "Excel" in exc.value.errors[0]
    with pytest.raises(ImportRejected) as exc:
        import_catalog("a.csv", "Mã thủ tục,Tên thủ tục\n1.004873,Xác nhận\n".encode(), by=None)
    assert exc.value.errors[0].startswith("Tệp thiếu cột: Lĩnh vực, Thời hạn giải quyết")
    assert Procedure.objects.count() == 0


def test_import_updates_a_changed_row(demo):
    import_catalog("a.csv", csv_bytes([GOOD]), by=None)
    changed = GOOD.copy()
    changed[7] = "5.000 đồng"
    result = import_catalog("a.csv", csv_bytes([changed]), by=None)
    assert (result.created, result.updated) == (0, 1)
    assert Procedure.objects.get(code="1.004873").fee_text == "5.000 đồng"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_reimport_keeps_uploaded_blank_forms(demo, fmt, settings, tmp_path):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo", stdout=io.StringIO())
    proc = Procedure.objects.get(code="1.000894")
    first, second = proc.documents.order_by("position")[:2]
    first.blank_form.save("to-khai-ket-hon.docx", ContentFile(b"mau to khai"))
    second.blank_form.save("mau-2.pdf", ContentFile(b"mau 2"))
    names = {first.pk: first.blank_form.name, second.pk: second.blank_form.name}
    before = snapshot()

    # Export then import: nothing changes, files included.
    content = export_csv() if fmt == "csv" else export_xlsx()
    result = import_catalog(f"danh-muc.{fmt}", content, by=None)
    assert result.created == result.updated == 0
    assert snapshot() == before
    for pk, name in names.items():
        doc = RequiredDocument.objects.get(pk=pk)
        assert doc.blank_form.name == name and doc.blank_form.storage.exists(name)
    assert RequiredDocument.objects.get(pk=first.pk).blank_form.read() == b"mau to khai"

    # A file that changes another document's note and drops one keeps the forms of the others.
    rows = list(csv.reader(io.StringIO(export_csv().decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    col = header.index("Thành phần hồ sơ")
    row = next(r for r in body if r[0] == "1.000894")
    lines = row[col].split("\n")
    kept = [
        lines[0],
        lines[1] + " | tùy chọn" if "tùy chọn" not in lines[1] else lines[1].replace(" | tùy chọn", ""),
    ]
    row[col] = "\n".join(kept)
    assert import_catalog("danh-muc.csv", csv_bytes(body), by=None).updated == 1
    docs = list(Procedure.objects.get(code="1.000894").documents.order_by("position"))
    assert [d.pk for d in docs] == [first.pk, second.pk]
    assert [d.blank_form.name for d in docs] == [names[first.pk], names[second.pk]]
    assert docs[1].is_optional != second.is_optional

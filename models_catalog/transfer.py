"""Import and export of the procedure catalog as CSV or XLSX.

One row per procedure. The documents of a procedure sit in one cell, one
document per line: `name | form | quantity | note | tùy chọn`. Offices are
slugs separated by commas; when the column is absent, offices are left as they
are. Import is all or nothing: every bad row is reported, and nothing is
written unless the whole file is good.

Who imports matters (the rules are mocua.access's, the same as the editor's): the
system administrator changes anything; an office admin changes only its own office's
place in the offering and the content of its office's own procedures. A file whose rows
try more is refused whole, naming the rows.
"""

import csv
import datetime as dt
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from openpyxl import Workbook, load_workbook

from mocua import access
from mocua.input_guard import CONTROL_MESSAGE, has_control
from mocua.models import Office
from models_catalog import paper_cache
from models_catalog.models import (
    PROCEDURE_CODE_VALIDATOR,
    DocumentForm,
    Field,
    OnlineLevel,
    Procedure,
    RequiredDocument,
    TimeUnit,
)
from models_catalog.text import fold, sort_procedures

COLUMNS = [
    ("code", "Mã thủ tục"),
    ("name", "Tên thủ tục"),
    ("field", "Lĩnh vực"),
    ("processing_time", "Thời hạn giải quyết"),
    ("time_unit", "Đơn vị thời hạn"),
    ("verification_time", "Thời hạn khi xác minh"),
    ("fee_amount", "Mức phí (đồng)"),
    ("fee_text", "Phí, lệ phí"),
    ("result_document", "Kết quả"),
    ("legal_basis", "Căn cứ pháp lý"),
    ("valid_from", "Hiệu lực từ"),
    ("valid_to", "Hiệu lực đến"),
    ("may_need_verification", "Có thể phải xác minh"),
    ("writing_forbidden", "Không được viết hộ"),
    ("online_level", "Dịch vụ công trực tuyến"),
    ("documents", "Thành phần hồ sơ"),
    ("offices", "Đơn vị thực hiện"),
]
HEADER = dict(COLUMNS)
REQUIRED = [key for key, _ in COLUMNS if key != "offices"]
YES, NO = "có", "không"
OPTIONAL_MARK = "tùy chọn"
DATE_FORMAT = "%d/%m/%Y"


class ImportRejected(Exception):
    """The file was refused; `errors` lists every problem, in Vietnamese."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ImportResult:
    created: int
    updated: int
    unchanged: int


# ---- export -------------------------------------------------------------------


def _label(choices, value) -> str:
    return str(dict(choices.choices)[value])


def procedure_row(p: Procedure) -> dict[str, str]:
    docs = []
    for d in p.documents.all():
        parts = [d.name, _label(DocumentForm, d.form), str(d.quantity), d.note]
        if d.is_optional:
            parts.append(OPTIONAL_MARK)
        docs.append(" | ".join(parts))
    return {
        "code": p.code,
        "name": p.name,
        "field": p.field.name,
        "processing_time": str(p.processing_time),
        "time_unit": _label(TimeUnit, p.time_unit),
        "verification_time": "" if p.verification_time is None else str(p.verification_time),
        "fee_amount": "" if p.fee_amount is None else str(p.fee_amount),
        "fee_text": p.fee_text,
        "result_document": p.result_document,
        "legal_basis": p.legal_basis,
        "valid_from": p.valid_from.strftime(DATE_FORMAT) if p.valid_from else "",
        "valid_to": p.valid_to.strftime(DATE_FORMAT) if p.valid_to else "",
        "may_need_verification": YES if p.may_need_verification else NO,
        "writing_forbidden": YES if p.writing_forbidden else NO,
        "online_level": _label(OnlineLevel, p.online_level),
        "documents": "\n".join(docs),
        "offices": ", ".join(sorted(o.slug for o in p.offices.all())),
    }


def export_rows(procedures=None) -> list[dict[str, str]]:
    qs = procedures if procedures is not None else Procedure.objects.all()
    qs = qs.select_related("field").prefetch_related("documents", "offices")
    return [procedure_row(p) for p in sort_procedures(qs)]


def export_csv(procedures=None) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([h for _, h in COLUMNS])
    for row in export_rows(procedures):
        writer.writerow([row[k] for k, _ in COLUMNS])
    return out.getvalue().encode("utf-8-sig")


def export_xlsx(procedures=None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Thủ tục"
    ws.append([h for _, h in COLUMNS])
    for row in export_rows(procedures):
        ws.append([row[k] for k, _ in COLUMNS])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# ---- reading a file -----------------------------------------------------------


def read_table(filename: str, content: bytes) -> list[list[str]]:
    """Rows of cells (strings) of a CSV or XLSX file; ImportRejected if it is neither."""
    name = filename.lower()
    if name.endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportRejected(["Tệp CSV phải dùng bảng mã UTF-8."]) from None
        return [list(r) for r in csv.reader(io.StringIO(text))]
    if name.endswith(".xlsx"):
        try:
            wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds for a damaged file
            raise ImportRejected(["Không đọc được tệp Excel (.xlsx): tệp hỏng hoặc sai định dạng."]) from None
        ws = wb.worksheets[0]
        return [[_cell(v) for v in r] for r in ws.iter_rows(values_only=True)]
    raise ImportRejected(["Chỉ nhận tệp CSV (.csv) hoặc Excel (.xlsx)."])


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime(DATE_FORMAT)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# ---- parsing rows -------------------------------------------------------------


def _by_label(choices) -> dict[str, str]:
    return {fold(str(label)): value for value, label in choices.choices} | {
        fold(value): value for value in choices.values
    }


# Older exports wrote the same-day unit as "trong ngày (nhận trước 15 giờ)".
UNITS = _by_label(TimeUnit) | {"trong ngay (nhan truoc 15 gio)": TimeUnit.SAME_DAY}
FORMS = _by_label(DocumentForm)
LEVELS = _by_label(OnlineLevel)


class RowErrors:
    def __init__(self, line: int):
        self.line = line
        self.messages: list[str] = []

    def add(self, key: str, reason: str):
        self.messages.append(f"Dòng {self.line}, cột “{HEADER[key]}”: {reason}")


def _int(raw: str, key: str, errs: RowErrors, *, required: bool) -> int | None:
    raw = raw.strip()
    if not raw:
        if required:
            errs.add(key, "không được để trống.")
        return None
    try:
        value = int(raw)
    except ValueError:
        errs.add(key, f"“{raw}” không phải là số nguyên.")
        return None
    if value < 0:
        errs.add(key, "không được là số âm.")
        return None
    return value


def _date(raw: str, key: str, errs: RowErrors) -> dt.date | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        return dt.datetime.strptime(raw, DATE_FORMAT).date()  # noqa: DTZ007 - a calendar date, no time
    except ValueError:
        errs.add(key, f"“{raw}” không phải ngày dạng ngày/tháng/năm (ví dụ 15/08/2024).")
        return None


def _flag(raw: str, key: str, errs: RowErrors) -> bool:
    value = fold(raw)
    if value in ("co", "x", "1"):
        return True
    if value in ("khong", "", "0"):
        return False
    errs.add(key, f"“{raw}” phải là “có” hoặc “không”.")
    return False


def _choice(raw: str, key: str, table: dict, errs: RowErrors) -> str | None:
    value = table.get(fold(raw))
    if value is None:
        errs.add(key, f"“{raw}” không phải giá trị hợp lệ.")
    return value


def _documents(raw: str, errs: RowErrors) -> list[dict]:
    docs = []
    for n, line in enumerate((ln for ln in raw.splitlines() if ln.strip()), start=1):
        parts = [p.strip() for p in line.split("|")]
        parts += [""] * (5 - len(parts))
        name, form, qty, note, opt = parts[:5]
        if not name:
            errs.add("documents", f"giấy tờ thứ {n} chưa có tên.")
            continue
        form_value = FORMS.get(fold(form)) if form else DocumentForm.ORIGINAL
        if form_value is None:
            errs.add("documents", f"giấy tờ thứ {n}: hình thức “{form}” không hợp lệ.")
            continue
        try:
            quantity = int(qty) if qty else 1
        except ValueError:
            quantity = 0
        if quantity < 1:
            errs.add("documents", f"giấy tờ thứ {n}: số lượng phải là số nguyên từ 1 trở lên.")
            continue
        docs.append(
            {
                "position": n,
                "name": name,
                "form": form_value,
                "quantity": quantity,
                "note": note,
                "is_optional": fold(opt) == fold(OPTIONAL_MARK),
            }
        )
    return docs


def parse_row(line: int, cells: dict[str, str], offices: dict[str, Office] | None) -> tuple[dict, list[str]]:
    errs = RowErrors(line)
    code = cells["code"].strip()
    try:
        PROCEDURE_CODE_VALIDATOR(code)
    except ValidationError:
        errs.add("code", f"“{code}” không đúng dạng 1.004873 hoặc 1.004873.000.00.00.H48.")
    name = cells["name"].strip()
    if not name:
        errs.add("name", "không được để trống.")
    field = cells["field"].strip()
    if not field:
        errs.add("field", "không được để trống.")
    unit = _choice(cells["time_unit"], "time_unit", UNITS, errs)
    time = _int(cells["processing_time"], "processing_time", errs, required=True)
    if unit and unit != TimeUnit.SAME_DAY and time == 0:
        errs.add("processing_time", "phải lớn hơn 0 (trừ thủ tục trả trong ngày).")
    data = {
        "code": code,
        "name": name,
        "field": field,
        "processing_time": time or 0,
        "time_unit": unit,
        "verification_time": _int(cells["verification_time"], "verification_time", errs, required=False),
        "fee_amount": _int(cells["fee_amount"], "fee_amount", errs, required=False),
        "fee_text": cells["fee_text"].strip(),
        "result_document": cells["result_document"].strip(),
        "legal_basis": cells["legal_basis"].strip(),
        "valid_from": _date(cells["valid_from"], "valid_from", errs),
        "valid_to": _date(cells["valid_to"], "valid_to", errs),
        "may_need_verification": _flag(cells["may_need_verification"], "may_need_verification", errs),
        "writing_forbidden": _flag(cells["writing_forbidden"], "writing_forbidden", errs),
        "online_level": _choice(cells["online_level"] or OnlineLevel.NONE, "online_level", LEVELS, errs),
        "documents": _documents(cells["documents"], errs),
    }
    if data["valid_from"] and data["valid_to"] and data["valid_to"] < data["valid_from"]:
        errs.add("valid_to", "ngày hết hiệu lực phải sau ngày có hiệu lực.")
    if offices is not None:
        slugs = [s.strip() for s in cells.get("offices", "").split(",") if s.strip()]
        unknown = [s for s in slugs if s not in offices]
        if unknown:
            errs.add("offices", f"không có đơn vị mã “{', '.join(unknown)}”.")
        data["offices"] = slugs
    return data, errs.messages


def parse_table(rows: list[list[str]]) -> list[dict]:
    """Validated rows; ImportRejected listing every problem otherwise."""
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        raise ImportRejected(["Tệp không có dữ liệu."])
    if any(has_control(c, free_text=True) for r in rows for c in r):  # uploads pass the input guard
        raise ImportRejected([CONTROL_MESSAGE])
    header = [fold(h) for h in rows[0]]
    position = {}
    for key, label in COLUMNS:
        if fold(label) in header:
            position[key] = header.index(fold(label))
    missing = [HEADER[k] for k in REQUIRED if k not in position]
    if missing:
        raise ImportRejected([f"Tệp thiếu cột: {', '.join(missing)}."])
    offices = {o.slug: o for o in Office.objects.all()} if "offices" in position else None
    parsed, errors, seen = [], [], {}
    for line, row in enumerate(rows[1:], start=2):
        cells = {k: (row[i] if i < len(row) else "") for k, i in position.items()}
        data, row_errors = parse_row(line, cells, offices)
        data["line"] = line
        if data["code"] in seen:
            row_errors.append(f"Dòng {line}, cột “{HEADER['code']}”: trùng mã với dòng {seen[data['code']]}.")
        seen.setdefault(data["code"], line)
        errors += row_errors
        parsed.append(data)
    if errors:
        raise ImportRejected(errors)
    return parsed


# ---- writing ------------------------------------------------------------------

SCALARS = [
    "name",
    "processing_time",
    "time_unit",
    "verification_time",
    "fee_amount",
    "fee_text",
    "result_document",
    "legal_basis",
    "valid_from",
    "valid_to",
    "may_need_verification",
    "writing_forbidden",
    "online_level",
]
DOC_KEYS = ("position", "name", "form", "quantity", "note", "is_optional")


def _field(name: str) -> Field:
    field = Field.objects.filter(name=name).first()
    if field is None:
        base = slugify(fold(name))[:36] or "linh-vuc"
        code, n = base, 1
        while Field.objects.filter(code=code).exists():
            n += 1
            code = f"{base}-{n}"
        field = Field.objects.create(code=code, name=name)
    return field


def _sync_documents(proc: Procedure, wanted: list[dict]) -> bool:
    """Make the procedure's documents the `wanted` ones; True when anything changed.

    The file has no blank forms (mẫu đơn, tờ khai): a document keeps its row, and so its
    uploaded form, when a document of the same name is still wanted (first with first when a
    name repeats). Only documents no longer in the file are deleted.
    """
    if not _documents_differ(proc, wanted):
        return False
    current = list(proc.documents.all())
    by_name: dict[str, list[RequiredDocument]] = {}
    for doc in current:
        by_name.setdefault(doc.name, []).append(doc)
    kept = []
    for values in wanted:
        same_name = by_name.get(values["name"])
        doc = same_name.pop(0) if same_name else RequiredDocument(procedure=proc)
        for key in DOC_KEYS:
            setattr(doc, key, values[key])
        doc.save()
        kept.append(doc.pk)
    proc.documents.exclude(pk__in=kept).delete()
    return True


def _documents_differ(proc: Procedure, wanted: list[dict]) -> bool:
    current = [tuple(getattr(d, k) for k in DOC_KEYS) for d in proc.documents.all()]
    return current != [tuple(d[k] for k in DOC_KEYS) for d in wanted]


def _content_differs(proc: Procedure, data: dict) -> bool:
    """Whether the row changes anything of an existing procedure besides its offering."""
    return (
        any(getattr(proc, k) != data[k] for k in SCALARS)
        or proc.field.name != data["field"]
        or _documents_differ(proc, data["documents"])
    )


def _lines(rows: list[dict]) -> str:
    lines = ", ".join(str(r["line"]) for r in rows)
    codes = ", ".join(r["code"] for r in rows)
    return f"Dòng {lines} (thủ tục {codes})"


def plan_offerings(parsed: list[dict], offices: dict[str, Office], by) -> list[set[int] | None]:
    """The offices each row's procedure will be offered by (None: left as it is), after checking
    every row against mocua.access for the importer `by` (None: the system, as loaders).

    ImportRejected names every row the importer may not write, grouped by reason.
    """
    if by is not None and (no_role := access.procedure_refusal(by, Procedure())):
        raise ImportRejected([no_role])  # not a catalog editor at all
    existing = {
        p.code: p
        for p in Procedure.objects.filter(code__in=[d["code"] for d in parsed])
        .select_related("field")
        .prefetch_related("documents", "offices")
    }
    own = access.staff_or_none(by) if by is not None and not access.is_system_admin(by) else None
    refused: dict[str, list[dict]] = {}
    plan = []
    for data in parsed:
        proc = existing.get(data["code"])
        before = {o.pk for o in proc.offices.all()} if proc else set()
        if "offices" in data:
            after = {offices[s].pk for s in data["offices"]}
        elif proc is None and own is not None:
            after = {own.office_id}  # an office's new procedure is in its offering, as in the editor
        else:
            after = None
        plan.append(after)
        if by is None:
            continue
        wanted = before if after is None else after
        if not access.may_change_offering(by, before, wanted):
            refused.setdefault(access.OTHER_OFFERINGS, []).append(data)
        if proc is not None and _content_differs(proc, data):
            reason = access.procedure_refusal(by, proc, offered_by=before | wanted)
            if reason:
                refused.setdefault(reason, []).append(data)
    if refused:
        raise ImportRejected([f"{_lines(rows)}: {reason}" for reason, rows in refused.items()])
    return plan


def _save(data: dict, offering: set[int] | None) -> str:
    """Create or update one procedure; 'created', 'updated' or 'unchanged'."""
    field = _field(data["field"])
    proc = Procedure.objects.filter(code=data["code"]).first()
    status = "created" if proc is None else "unchanged"
    if proc is None:
        proc = Procedure(code=data["code"])
    changed = [k for k in SCALARS if getattr(proc, k) != data[k]] + (
        ["field"] if proc.field_id != field.pk else []
    )
    if changed:
        for k in SCALARS:
            setattr(proc, k, data[k])
        proc.field = field
        proc.full_clean()
        proc.save()
        status = "updated" if status == "unchanged" else status
    if _sync_documents(proc, data["documents"]):
        status = "updated" if status == "unchanged" else status
    if offering is not None and set(proc.offices.values_list("pk", flat=True)) != offering:
        proc.offices.set(offering)
        status = "updated" if status == "unchanged" else status
    return status


def import_catalog(filename: str, content: bytes, *, by) -> ImportResult:
    """Import a CSV/XLSX catalog file, all or nothing. Raises ImportRejected with every problem.

    `by`: the importing user, whose rights mocua.access decides; None for the system itself
    (the demo and seed loaders), which writes anything.
    """
    parsed = parse_table(read_table(filename, content))
    offices = {o.slug: o for o in Office.objects.all()}
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        plan = plan_offerings(parsed, offices, by)
        for data, offering in zip(parsed, plan, strict=True):
            counts[_save(data, offering)] += 1
        if counts["created"] or counts["updated"]:
            paper_cache.bump()
    return ImportResult(**counts)

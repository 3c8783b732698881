"""Managing the catalog and the reform models in the app: secretaries, own office only."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from mocua import access
from mocua.access import staff_required
from mocua.models import Role
from models_catalog import selectors, services, transfer
from models_catalog.forms import CatalogImportForm, DocumentFormSet, ProcedureForm, ReformModelForm
from models_catalog.models import Procedure, ReformModel
from models_catalog.text import sort_procedures
from models_catalog.wording import date_range, model_summary

EDITORS = (Role.SECRETARY, Role.ADMIN)
EXPORTS = {
    "csv": ("text/csv; charset=utf-8", transfer.export_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", transfer.export_xlsx),
}


@staff_required(*EDITORS)
def procedure_list(request):
    office = request.staff.office
    offered = selectors.office_procedures(office)
    others = sort_procedures(Procedure.objects.exclude(offices=office).select_related("field"))
    offered_by = selectors.offering_offices([p.pk for p in offered])
    rows = [
        (p, access.may_edit_procedure(request.user, p, offered_by=offered_by.get(p.pk, ()))) for p in offered
    ]
    return render(
        request,
        "catalog/manage/procedures.html",
        {
            "office": office,
            "offered": offered,
            "rows": rows,
            "others": others,
            "import_form": CatalogImportForm(),
        },
    )


def _own_procedure(staff, code) -> Procedure:
    return get_object_or_404(Procedure.objects.filter(offices=staff.office), code=code)


@staff_required(*EDITORS)
def procedure_edit(request, code=None):
    staff = request.staff
    procedure = _own_procedure(staff, code) if code else Procedure()
    refusal = services.edit_refusal(staff, procedure)
    if refusal:
        messages.error(request, refusal)
        return redirect("models_catalog:manage_procedures")
    form = ProcedureForm(request.POST or None, instance=procedure)
    documents = DocumentFormSet(request.POST or None, request.FILES or None, instance=procedure)
    if request.method == "POST" and form.is_valid() and documents.is_valid():
        saved = services.save_procedure(staff, form, documents)
        messages.success(request, f"Đã lưu thủ tục {saved.code}.")
        return redirect("models_catalog:manage_procedures")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "catalog/manage/procedure_form.html",
        {"form": form, "documents": documents, "procedure": procedure},
        status=status,
    )


@require_POST
@staff_required(*EDITORS)
def procedure_offer(request, code):
    procedure = get_object_or_404(Procedure, code=code)
    offered = request.POST.get("offered") == "1"
    services.set_offered(request.staff, procedure, offered)
    verb = "Đã thêm" if offered else "Đã bỏ"
    messages.success(request, f"{verb} thủ tục {procedure.code} trong danh mục của đơn vị.")
    return redirect("models_catalog:manage_procedures")


@staff_required(*EDITORS)
def catalog_export(request, fmt):
    if fmt not in EXPORTS:
        raise Http404(access.NOT_FOUND)
    content_type, export = EXPORTS[fmt]
    response = HttpResponse(
        export(selectors.office_procedure_qs(request.staff.office)), content_type=content_type
    )
    response["Content-Disposition"] = f'attachment; filename="danh-muc-{request.staff.office.slug}.{fmt}"'
    return response


@require_POST
@staff_required(Role.ADMIN)
def catalog_import(request):
    form = CatalogImportForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("file", []):
            messages.error(request, error)
        return redirect("models_catalog:manage_procedures")
    upload = form.cleaned_data["file"]
    try:
        result = transfer.import_catalog(upload.name, upload.read(), by=request.user)
    except transfer.ImportRejected as rejected:
        messages.error(request, "Không nhập tệp nào vì có lỗi:")
        for error in rejected.errors[:50]:
            messages.error(request, error)
        return redirect("models_catalog:manage_procedures")
    messages.success(
        request,
        f"Đã nhập danh mục: thêm {result.created}, cập nhật {result.updated}, giữ nguyên {result.unchanged} thủ tục.",
    )
    return redirect("models_catalog:manage_procedures")


@staff_required(*EDITORS)
def model_list(request):
    office = request.staff.office
    models = ReformModel.objects.filter(office=office).order_by("-is_active", "kind", "name")
    rows = [(m, model_summary(m), date_range(m)) for m in models]
    return render(request, "catalog/manage/models.html", {"office": office, "rows": rows})


@staff_required(*EDITORS)
def model_edit(request, pk=None):
    staff = request.staff
    model = access.get_scoped(ReformModel.objects.all(), request.user, pk=pk) if pk else ReformModel()
    if pk and model.office_id != staff.office_id:  # a supervisor reads, never edits
        raise Http404(access.NOT_FOUND)
    form = ReformModelForm(request.POST or None, instance=model, office=staff.office)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_reform_model(staff, form)
        except PermissionDenied:
            raise Http404(access.NOT_FOUND) from None
        messages.success(request, f"Đã lưu mô hình “{saved.name}”.")
        return redirect("models_catalog:manage_models")
    status = 400 if request.method == "POST" else 200
    return render(request, "catalog/manage/model_form.html", {"form": form, "model": model}, status=status)

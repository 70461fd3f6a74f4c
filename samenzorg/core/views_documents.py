"""Pages for the documents of a record: list and upload, download, delete.

Anonymous visitors go to the login page; a document or record the user may not see
is a 404; one they may see but not change is a 403 for adding and deleting.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET

from .documents import (
    DocumentSizeLimitHandler,
    document_delete,
    document_file_response,
    document_get,
    document_list,
    document_owner_get,
    document_owner_url,
    document_upload,
)
from .forms import DocumentForm


@require_GET
def document_download(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    document = document_get(user=request.user, pk=pk)
    return document_file_response(document)


@csrf_exempt
def document_owner(request, owner_type, owner_id):
    # The size limit must be in place before anything reads the body; the CSRF
    # check (which reads it) follows in the protected view below.
    if request.method == "POST":
        request.upload_handlers.insert(0, DocumentSizeLimitHandler(request))
    return _document_owner(request, owner_type, owner_id)


@csrf_protect
def _document_owner(request, owner_type, owner_id):
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    owner = document_owner_get(
        user=request.user, owner_type=owner_type, owner_id=owner_id
    )
    can_add = request.user.has_perm("core.add_document", owner)
    form = DocumentForm() if can_add else None
    if request.method == "POST":
        if not can_add:
            raise PermissionDenied
        form = DocumentForm(
            request.POST,
            request.FILES,
            too_large=getattr(request, "upload_too_large", False),
        )
        if form.is_valid():
            try:
                document = document_upload(
                    actor=request.user,
                    owner=owner,
                    uploaded_file=form.cleaned_data["file"],
                    title=form.cleaned_data["title"],
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(
                    request, _("“%(name)s” has been added.") % {"name": document}
                )
                return redirect(document_owner_url(owner))
    return render(
        request,
        "core/document_list.html",
        {
            "owner": owner,
            "documents": list(document_list(user=request.user, owner=owner)),
            "form": form,
            "can_change": can_add,
            "owner_url": getattr(owner, "get_absolute_url", lambda: "")(),
            "crumbs": [(reverse("core:home"), _("Home")), ("", _("Documents"))],
        },
    )


def document_delete_view(request, pk):
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    document = document_get(user=request.user, pk=pk)
    if not request.user.has_perm("core.delete_document", document):
        raise PermissionDenied
    owner = document.owner
    if request.method == "POST":
        name = str(document)
        document_delete(actor=request.user, document=document)
        messages.success(request, _("“%(name)s” has been deleted.") % {"name": name})
        return redirect(document_owner_url(owner))
    return render(
        request,
        "core/document_confirm_delete.html",
        {"document": document, "owner": owner, "back_url": document_owner_url(owner)},
    )

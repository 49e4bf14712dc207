"""Uploading, linking, removing and downloading a contribution's materials."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from microconf.cfp.lifecycle import PUBLIC_STATES
from microconf.cfp.pages import load_contribution
from microconf.materials import services
from microconf.materials.models import Material


class MaterialForm(forms.Form):
    kind = forms.ChoiceField(choices=Material.Kind.choices)
    title = forms.CharField(max_length=200, required=False)
    file = forms.FileField(required=False)
    url = forms.URLField(required=False, max_length=500, assume_scheme="https")

    def clean(self) -> dict:
        data = super().clean()
        if bool(data.get("file")) == bool(data.get("url")):
            raise ValidationError(
                _("Choose a file to upload or give a link, not both.")
            )
        return data


@login_required
@require_POST
def add(request: HttpRequest, conference_slug: str, pk: int) -> HttpResponse:
    contribution = load_contribution(
        request, conference_slug, pk, "materials.manage_materials"
    )
    form = MaterialForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("cfp:submission", conference_slug, pk)
    data = form.cleaned_data
    try:
        if data["file"]:
            services.add_file(
                contribution, data["file"], kind=data["kind"], title=data["title"],
                by=request.user,
            )  # fmt: skip
        else:
            services.add_link(
                contribution, data["url"], kind=data["kind"], title=data["title"],
                by=request.user,
            )  # fmt: skip
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The material was added."))
    return redirect("cfp:submission", conference_slug, pk)


@login_required
@require_POST
def remove(request: HttpRequest, conference_slug: str, pk: int) -> HttpResponse:
    material = get_object_or_404(
        Material.objects.select_related(
            "contribution__conference", "contribution__track"
        ),
        pk=pk,
        contribution__conference__slug=conference_slug,
    )
    contribution = load_contribution(
        request, conference_slug, material.contribution_id, "materials.manage_materials"
    )
    services.remove(material, by=request.user)
    messages.success(request, _("“%(title)s” was removed.") % {"title": material.title})
    return redirect("cfp:submission", conference_slug, contribution.pk)


@require_safe
def download(
    request: HttpRequest, conference_slug: str, pk: int, name: str
) -> HttpResponse:
    """The stored bytes, as an attachment, to anyone who may see the contribution."""
    material = get_object_or_404(
        Material.objects.select_related("contribution__conference"),
        pk=pk, contribution__conference__slug=conference_slug,
    )  # fmt: skip
    if not material.file or name != material.original_name:
        raise Http404("No such file.")
    contribution = material.contribution
    if contribution.state not in PUBLIC_STATES:
        load_contribution(
            request, conference_slug, contribution.pk
        )  # 404 if not allowed
    response = FileResponse(
        material.file.open("rb"), as_attachment=True, filename=material.original_name,
        content_type=material.content_type or "application/octet-stream",
    )  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response

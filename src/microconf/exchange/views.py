"""The import page: people who may create conferences upload a schedule file."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from microconf.exchange.imports import ImportRefused, import_conference
from microconf.interchange import (
    MAX_IMPORT_BYTES,
    ImportOptions,
    InterchangeError,
    detect_and_import,
)

# The limit is set in MiB, so it is told in MiB: 50 MiB is not "52 MB".
MIB = 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Schedule file",
        help_text="frab/c3voc XML or JSON, pretalx, Indico export JSON or iCalendar; "
        f"at most {MAX_IMPORT_BYTES // MIB} MiB.",
    )
    slug = forms.SlugField(
        required=False, label="Address of the new conference",
        help_text="Leave empty to use the schedule's acronym.",
    )  # fmt: skip
    ics_speakers = forms.BooleanField(
        required=False,
        label=_("Find speakers in an iCalendar file"),
        help_text=_(
            "Take speakers from ORGANIZER and ATTENDEE, and split summaries such "
            "as 'Title - Speaker' or 'Speaker: Title'. The report says which rule "
            "was used. Off: titles stay as written."
        ),
    )


@login_required
def import_schedule(request: HttpRequest) -> HttpResponse:
    # Importing makes a new conference: the desk's site permission (staff of the
    # back office keep it too).
    if not (request.user.is_staff or request.user.has_perm("desk.create_conference")):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    summary = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > MAX_IMPORT_BYTES:
                raise ImportRefused(
                    f"The file is {upload.size / MIB:.1f} MiB; the limit is "
                    f"{MAX_IMPORT_BYTES // MIB} MiB."
                )
            options = ImportOptions(ics_speakers=form.cleaned_data["ics_speakers"])
            imported = detect_and_import(upload.read(), upload.name, options=options)
            summary = import_conference(
                imported, slug=form.cleaned_data["slug"], by=request.user
            )
        except (InterchangeError, ImportRefused) as error:
            form.add_error("file", f"{str(error).rstrip('.')}. Nothing was imported.")
    status = 400 if form.errors else 200
    return render(
        request,
        "exchange/import.html",
        {"form": form, "summary": summary},
        status=status,
    )

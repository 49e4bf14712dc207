"""The import page: people who may create conferences upload a schedule file."""

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _

from microconf.exchange import tasks
from microconf.exchange.imports import ImportRefused, import_conference
from microconf.exchange.models import ImportRun
from microconf.interchange import (
    MAX_IMPORT_BYTES,
    ImportOptions,
    InterchangeError,
    detect_and_import,
)
from microconf.worker.heartbeat import presence

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


def _may_import(request: HttpRequest) -> None:
    # Importing makes a new conference: the desk's site permission (staff of the
    # back office keep it too).
    if not (request.user.is_staff or request.user.has_perm("desk.create_conference")):
        raise PermissionDenied


@login_required
def import_schedule(request: HttpRequest) -> HttpResponse:
    _may_import(request)
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
            if upload.size > settings.IMPORT_IN_WORKER_ABOVE_BYTES:
                # A large file would hold the web worker for long: the worker
                # imports it and the run's page shows how far it got.
                run = tasks.queue(
                    upload.read(), upload.name, slug=form.cleaned_data["slug"],
                    ics_speakers=form.cleaned_data["ics_speakers"], by=request.user,
                )  # fmt: skip
                return redirect("interchange:run", run.pk)
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


@login_required
def import_run(request: HttpRequest, run_id: int) -> HttpResponse:
    """How far a queued import got, and its report or refusal in words."""
    _may_import(request)
    # Only the person who uploaded the file follows it: another's run is not found.
    run = get_object_or_404(ImportRun, pk=run_id, requested_by=request.user)
    return render(
        request,
        "exchange/import_run.html",
        {"run": run, "worker": presence() if run.is_active else None},
    )

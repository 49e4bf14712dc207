"""The organisers' outbox: review, edit and send the mails microconf has written."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from microconf.conference.models import Conference
from microconf.conference.pages import conference_context, load_conference
from microconf.notifications import outbox, tasks
from microconf.notifications.models import OutboxMail
from microconf.worker.heartbeat import presence


class MailForm(forms.ModelForm):
    class Meta:
        model = OutboxMail
        fields = ["subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}


def _organised(request: HttpRequest, conference_slug: str) -> Conference:
    return load_conference(request, conference_slug, "notifications.manage_outbox")


# What the outbox can (re)send: drafts, and mails that failed for good.
SENDABLE = (OutboxMail.State.DRAFT, OutboxMail.State.FAILED)


def _shown(conference: Conference, state: str) -> QuerySet[OutboxMail]:
    """The outbox as the list shows it, narrowed to one state if that is one."""
    mails = conference.outbox.select_related("contribution")
    if state in OutboxMail.State.values:
        mails = mails.filter(state=state)
    return mails


@login_required
def outbox_list(request: HttpRequest, conference_slug: str) -> HttpResponse:
    conference = _organised(request, conference_slug)
    state = request.GET.get("state", "")
    mails = _shown(conference, state)
    sendable = mails.filter(state__in=SENDABLE)
    context = {
        **conference_context(conference),
        "mails": mails[:500],
        "sendable": sendable.count(),
        "state": state,
        "states": OutboxMail.State.choices,
        "worker": presence(),
    }
    return render(request, "notifications/outbox.html", context)


@login_required
@require_POST
def send(request: HttpRequest, conference_slug: str) -> HttpResponse:
    conference = _organised(request, conference_slug)
    # ASCII digits within a database integer: "²" is a digit to str.isdigit, and a
    # twenty-digit number overflows the column (both answered 500 before).
    ids = [
        int(i)
        for i in request.POST.getlist("mail")
        if i.isascii() and i.isdigit() and len(i) <= 18
    ]
    if request.POST.get("all") == "1":
        # Every mail the list showed that can go: the no-script "tick all".
        state = request.POST.get("state", "")
        mails = list(_shown(conference, state).filter(state__in=SENDABLE))
    else:
        mails = list(conference.outbox.filter(pk__in=ids))
    if not mails:
        messages.error(request, _("Tick the mails to send first."))
    else:
        queued = tasks.send(mails)
        messages.success(
            request,
            ngettext(
                "%(count)s mail queued; the worker sends it in the background.",
                "%(count)s mails queued; the worker sends them in the background.",
                queued,
            )
            % {"count": queued},
        )
    return redirect("notifications:outbox", conference_slug)


@login_required
def edit(request: HttpRequest, conference_slug: str, pk: int) -> HttpResponse:
    conference = _organised(request, conference_slug)
    mail = get_object_or_404(OutboxMail, pk=pk, conference=conference)
    if mail.state != OutboxMail.State.DRAFT:
        messages.error(
            request, _("Only drafts can be edited; this mail has been queued.")
        )
        return redirect("notifications:outbox", conference_slug)
    form = MailForm(request.POST or None, instance=mail)
    if request.method == "POST" and form.is_valid():
        outbox.save_draft(form, by=request.user)
        messages.success(request, _("The mail was saved; it is still a draft."))
        return redirect("notifications:outbox", conference_slug)
    context = {**conference_context(conference), "mail": mail, "form": form}
    return render(
        request, "notifications/edit.html", context, status=400 if form.errors else 200
    )

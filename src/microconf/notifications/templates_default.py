"""The wording of each mail when a conference has not written its own.

In the language active when the mail is written (the organiser's, or the site's
default in the worker); translators keep every {placeholder} as it is.

Placeholders: {name} {title} {conference} {track} {url} {state} {deadline}; the
mails about a release of the schedule have more (``models.SCHEDULE_PLACEHOLDERS``).
"""

from django.utils.translation import gettext_lazy as _

from microconf.notifications.models import MailKind

DEFAULTS: dict[str, tuple[object, object]] = {
    MailKind.ACCEPTED: (
        _("Accepted: {title}"),
        _(
            'Dear {name},\n\nwe are glad to tell you that "{title}" has been accepted '
            "for {conference} ({track}).\n\n"
            "Please confirm that you will present it: {url}\n\n"
            "The {conference} team"
        ),
    ),
    MailKind.REJECTED: (
        _("Your proposal: {title}"),
        _(
            'Dear {name},\n\nthank you for proposing "{title}" for '
            "{conference}. We are "
            "sorry that we could not accept it this time.\n\nThe {conference} team"
        ),
    ),
    MailKind.WAITLISTED: (
        _("Waitlisted: {title}"),
        _(
            'Dear {name},\n\n"{title}" is on the waiting list for '
            "{conference} ({track}). "
            "We will write again if a place opens.\n\n{url}\n\nThe {conference} team"
        ),
    ),
    MailKind.CONFIRM_REMINDER: (
        _("Please confirm: {title}"),
        _(
            'Dear {name},\n\n"{title}" was accepted for {conference}, and we have not '
            "heard from you yet. Please confirm or withdraw it: {url}\n\n"
            "The {conference} team"
        ),
    ),
    MailKind.INVITATION: (
        _("Invitation: {title}"),
        _(
            'Hello,\n\n{name} invites you to join "{title}", proposed for {conference} '
            "({track}). To accept, sign in and open:\n\n{url}\n\nThe {conference} team"
        ),
    ),
    MailKind.SCHEDULE_CHANGE: (
        _("Schedule change: {title}"),
        _(
            "Dear {name},\n\nrelease {release} of the schedule of {conference} changes "
            '"{title}" ({track}).\n\n'
            "Now: {day}, {time} ({timezone}), room {room}\n"
            "Before: {before}\n{sessions}\n"
            "Its page: {url}\nEvery change in this release: {changelog}\n\n"
            "The {conference} team"
        ),
    ),
    MailKind.SCHEDULE_CANCELLED: (
        _("No longer in the programme: {title}"),
        _(
            "Dear {name},\n\nwith release {release} of the schedule of {conference}, "
            '"{title}" ({track}) is cancelled: it is no longer in the programme. It '
            "was planned for {before}.\n\n"
            "If you did not expect this, please write to the organisers.\n\n"
            "Every change in this release: {changelog}\n\nThe {conference} team"
        ),
    ),
    MailKind.DEADLINE_REMINDER: (
        _("The call for proposals closes soon: {track}"),
        _(
            "Dear {name},\n\nthe call for proposals of {track} at "
            "{conference} closes at "
            '{deadline}. "{title}" is still a draft: submit it here: {url}\n\n'
            "The {conference} team"
        ),
    ),
}

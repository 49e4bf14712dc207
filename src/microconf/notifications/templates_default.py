"""The wording of each mail when a conference has not written its own.

Placeholders: {name} {title} {conference} {track} {url} {state} {deadline}.
"""

from microconf.notifications.models import MailKind

PLACEHOLDERS = ("name", "title", "conference", "track", "url", "state", "deadline")

DEFAULTS: dict[str, tuple[str, str]] = {
    MailKind.ACCEPTED: (
        "Accepted: {title}",
        'Dear {name},\n\nwe are glad to tell you that "{title}" has been accepted '
        "for {conference} ({track}).\n\n"
        "Please confirm that you will present it: {url}\n\n"
        "The {conference} team",
    ),
    MailKind.REJECTED: (
        "Your proposal: {title}",
        'Dear {name},\n\nthank you for proposing "{title}" for {conference}. We are '
        "sorry that we could not accept it this time.\n\nThe {conference} team",
    ),
    MailKind.WAITLISTED: (
        "Waitlisted: {title}",
        'Dear {name},\n\n"{title}" is on the waiting list for {conference} ({track}). '
        "We will write again if a place opens.\n\n{url}\n\nThe {conference} team",
    ),
    MailKind.CONFIRM_REMINDER: (
        "Please confirm: {title}",
        'Dear {name},\n\n"{title}" was accepted for {conference}, and we have not '
        "heard from you yet. Please confirm or withdraw it: {url}\n\n"
        "The {conference} team",
    ),
    MailKind.INVITATION: (
        "Invitation: {title}",
        'Hello,\n\n{name} invites you to join "{title}", proposed for {conference} '
        "({track}). To accept, sign in and open:\n\n{url}\n\nThe {conference} team",
    ),
    MailKind.SCHEDULE_CHANGE: (
        "Schedule change: {title}",
        'Dear {name},\n\nthe schedule of {conference} has changed for "{title}". '
        "Please check its new time and room: {url}\n\nThe {conference} team",
    ),
    MailKind.DEADLINE_REMINDER: (
        "The call for proposals closes soon: {track}",
        "Dear {name},\n\nthe call for proposals of {track} at {conference} closes at "
        '{deadline}. "{title}" is still a draft: submit it here: {url}\n\n'
        "The {conference} team",
    ),
}

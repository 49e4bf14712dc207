import datetime as dt
from zoneinfo import ZoneInfo

from django import template
from django.utils.html import format_html, json_script
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from microconf.conference.timezones import format_date, format_slot, format_time
from microconf.programme.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(source: str) -> SafeString:
    return render_markdown(source)


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@register.simple_tag
def when(
    moment: dt.datetime, tz: ZoneInfo, fmt: str = "time", end: dt.datetime | None = None
) -> SafeString:
    """A <time> in the conference's zone that the page's script may rewrite.

    ``fmt`` is "time" (10:00) or "slot" (Mon, Nov 13, 2023, 10:00 – 10:30).
    """
    if fmt == "slot":
        minutes = int((end - moment).total_seconds() // 60)
        return format_html(
            '<time datetime="{}" data-end="{}" data-fmt="slot">{}</time>',
            _utc(moment),
            _utc(end),
            format_slot(moment, minutes, tz),
        )
    return format_html(
        '<time datetime="{}" data-fmt="time">{}</time>',
        _utc(moment),
        format_time(moment.astimezone(tz)),
    )


@register.filter
def long_date(day: dt.date) -> str:
    """Monday, November 13, 2023 (in the active language)."""
    return format_date(day, "long")


@register.filter
def short_date(day: dt.date) -> str:
    """Mon, Nov 13 (in the active language)."""
    return format_date(day, "short")


@register.filter
def utc(moment: dt.datetime) -> str:
    return _utc(moment)


@register.simple_tag
def js_strings() -> SafeString:
    """The words programme.js writes, in the page's language, as a JSON block.

    A JSON block is data, not a script, so the Content-Security-Policy allows it;
    it travels with the page, so cached, exported and offline pages keep it.
    """
    return json_script(
        {
            "times_viewer": gettext(
                "Times in %(zone)s (yours). Show times in %(conference)s"
            ),
            "times_conference": gettext(
                "Times in %(conference)s. Show times in my timezone (%(zone)s)"
            ),
            "zone_viewer": gettext("%(zone)s timezone (yours)"),
            "zone_conference": gettext("%(zone)s timezone"),
            "caption_viewer": gettext("%(zone)s (your timezone)"),
            "overlaps": gettext("Overlaps with %(titles)s"),
            "clashes_one": gettext("1 of your starred sessions overlaps another one."),
            "clashes_many": gettext(
                "%(count)s of your starred sessions overlap another one."
            ),
            "now": gettext("Now"),
            "next": gettext("Next"),
        },
        "programme-strings",
    )

"""The desk's forms: labels in words, dates as dates, equipment as a list."""

from django import forms
from django.utils.translation import gettext_lazy as _

from microconf.conference.models import Conference, Room, Track
from microconf.notifications.models import MailTemplate

# Addresses that pages of the site itself use at the top level.
RESERVED_SLUGS = frozenset(
    {"admin", "accounts", "api", "me", "media", "static", "invitations", "manage",
     "conferences", "print", "exports"}
)  # fmt: skip


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class ConferenceForm(forms.ModelForm):
    website = forms.URLField(required=False, assume_scheme="https", label=_("Website"))

    class Meta:
        model = Conference
        fields = [
            "name", "slug", "start_date", "end_date", "timezone", "venue", "city",
            "website",
        ]  # fmt: skip
        labels = {
            "name": _("Name"),
            "slug": _("Address"),
            "start_date": _("First day"),
            "end_date": _("Last day"),
            "timezone": _("Timezone"),
            "venue": _("Venue"),
            "city": _("City"),
            "website": _("Website"),
        }
        help_texts = {
            "slug": _(
                "Letters, digits and hyphens; the conference's pages live at /address/."
            ),
            "timezone": _(
                "An IANA name such as America/New_York or Europe/Lisbon; "
                "the conference's pages show every time in it."
            ),
        }
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "timezone": forms.TextInput(
                attrs={"list": "timezones", "autocomplete": "off"}
            ),
        }

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(
                _("“%(slug)s” is taken by the site itself; choose another address.")
                % {"slug": slug}
            )
        return slug


class RoomForm(forms.ModelForm):
    livestream_url = forms.URLField(
        required=False, assume_scheme="https", label=_("Livestream address")
    )
    equipment = forms.CharField(
        required=False,
        label=_("Equipment"),
        help_text=_(
            "Comma-separated, e.g. video, hybrid. Sessions that need an item "
            "go only to rooms that have it."
        ),
    )

    class Meta:
        model = Room
        fields = ["name", "capacity", "position", "livestream_url", "is_recorded"]
        labels = {
            "name": _("Name"),
            "capacity": _("Seats"),
            "position": _("Order on the timetable"),
            "livestream_url": _("Livestream address"),
            "is_recorded": _("Sessions here are recorded"),
        }
        help_texts = {"capacity": "", "position": _("Lower comes first.")}

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["equipment"].initial = ", ".join(self.instance.features or [])

    def save(self, commit: bool = True) -> Room:
        room = super().save(commit=False)
        room.features = [
            item.strip()
            for item in self.cleaned_data["equipment"].split(",")
            if item.strip()
        ]
        if commit:
            room.save()
        return room


class TrackForm(forms.ModelForm):
    class Meta:
        model = Track
        fields = ["name", "slug", "kind", "description", "position"]
        labels = {
            "name": _("Name"),
            "slug": _("Address"),
            "kind": _("Kind"),
            "description": _("Description"),
            "position": _("Order"),
        }
        help_texts = {
            "slug": _("Letters, digits and hyphens; part of the track's address."),
            "description": _("Markdown, shown on the track's page."),
            "position": _("Lower comes first."),
        }

    def __init__(self, *args: object, conference: Conference, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.instance.conference = conference

    def validate_unique(self) -> None:
        # conference is not a form field, so Django would skip the (conference, slug)
        # constraint; check it here to answer in words instead of an IntegrityError.
        try:
            self.instance.validate_constraints()
        except forms.ValidationError:
            self.add_error(
                "slug", _("Another track of this conference has this address.")
            )


class RunnerForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the runner"))
    name = forms.CharField(
        required=False,
        max_length=200,
        label=_("Name"),
        help_text=_("Needed only for someone microconf does not know yet."),
    )


class MailTemplateForm(forms.ModelForm):
    class Meta:
        model = MailTemplate
        fields = ["kind", "subject", "body"]
        labels = {"kind": _("Mail"), "subject": _("Subject"), "body": _("Text")}
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}

    def __init__(self, *args: object, conference: Conference, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.instance.conference = conference

    def validate_unique(self) -> None:
        try:
            self.instance.validate_constraints()
        except forms.ValidationError:
            self.add_error(
                "kind", _("This mail has its own wording already; edit that one.")
            )

"""The organisers' sponsors page."""

from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe
from django.views.static import serve

from microconf.conference import images, services
from microconf.conference.models import Conference, Sponsor
from microconf.conference.pages import conference_context, load_conference
from microconf.refusals import add_to_form


class SponsorForm(forms.Form):
    tier = forms.ChoiceField(label=_("Tier"))
    name = forms.CharField(label=_("Name"), max_length=200)
    url = forms.URLField(required=False, assume_scheme="https", label=_("Link"))
    logo = forms.FileField(label=_("Logo"), required=False)

    def __init__(self, *args: object, tiers: list, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # The limits are said before the upload, as the refusals say them after.
        self.fields["logo"].help_text = gettext(
            "PNG, JPEG, GIF or WebP, at most 5 MiB and %(megapixels)s megapixels; "
            "resized to fit 480 × 240."
        ) % {"megapixels": images.limit_in_megapixels()}
        self.fields["tier"].choices = [(t.pk, t.name) for t in tiers]
        self.tiers = {str(t.pk): t for t in tiers}


@require_safe
def logo(request: HttpRequest, name: str) -> HttpResponse:
    """A sponsor's logo (always a PNG made by microconf), from the media storage."""
    return serve(request, name, document_root=Path(settings.MEDIA_ROOT) / "sponsors")


def _organised(request: HttpRequest, conference_slug: str) -> Conference:
    return load_conference(request, conference_slug, "conference.manage_sponsors")


@login_required
def sponsors(request: HttpRequest, conference_slug: str) -> HttpResponse:
    conference = _organised(request, conference_slug)
    tiers = list(conference.sponsor_tiers.prefetch_related("sponsors"))
    form = SponsorForm(None, tiers=tiers)
    if request.method == "POST":
        try:
            if "tier_name" in request.POST:
                services.add_tier(
                    conference, request.POST["tier_name"], by=request.user
                )
                messages.success(request, gettext("The tier was added."))
                return redirect("conference:sponsors", conference_slug)
            form = SponsorForm(request.POST, request.FILES, tiers=tiers)
            if form.is_valid():
                data = form.cleaned_data
                services.add_sponsor(
                    form.tiers[data["tier"]], data["name"], data["url"], data["logo"],
                    by=request.user,
                )  # fmt: skip
                messages.success(
                    request, gettext("%(name)s was added.") % {"name": data["name"]}
                )
                return redirect("conference:sponsors", conference_slug)
        except ValidationError as error:
            add_to_form(form, error, request)
    context = {**conference_context(conference), "tiers": tiers, "form": form}
    status = 400 if request.method == "POST" else 200
    return render(request, "conference/sponsors.html", context, status=status)


@login_required
@require_POST
def remove_sponsor(request: HttpRequest, conference_slug: str, pk: int) -> HttpResponse:
    conference = _organised(request, conference_slug)
    sponsor = get_object_or_404(Sponsor, pk=pk, tier__conference=conference)
    services.remove_sponsor(sponsor, by=request.user)
    messages.success(request, gettext("%(name)s was removed.") % {"name": sponsor.name})
    return redirect("conference:sponsors", conference_slug)

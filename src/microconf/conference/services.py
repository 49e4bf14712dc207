"""Writes to the frame of the event: sponsor tiers, sponsors and their logos."""

import io

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from microconf.conference.images import check_pixels
from microconf.conference.models import Conference, Sponsor, SponsorTier

LOGO_BOX = (480, 240)
LOGO_MAX_BYTES = 5 * 1024 * 1024


def _check(conference: Conference, by: object) -> None:
    if not by.has_perm("conference.manage_sponsors", conference):
        raise PermissionDenied("Only organisers manage sponsors.")


def logo_png(upload: UploadedFile) -> ContentFile:
    """The logo as a PNG that fits 480x240, or a ValidationError saying why not."""
    if upload.size > LOGO_MAX_BYTES:
        raise ValidationError(
            {"logo": _("The logo is over 5 MiB; send a smaller image.")}
        )
    data = upload.read()
    # Before anything is decoded: a file of a few kB can hold gigapixels.
    check_pixels(data, field="logo")
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in {"PNG", "JPEG", "GIF", "WEBP"}:
                raise UnidentifiedImageError(image.format)
            image.load()
            logo = image.convert("RGBA")
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError(
            {
                "logo": _(
                    "The logo must be a PNG, JPEG, GIF or WebP image (SVG is not "
                    "accepted: it can carry scripts)."
                )
            }
        ) from None
    logo.thumbnail(LOGO_BOX)
    out = io.BytesIO()
    logo.save(out, "PNG", optimize=True)
    return ContentFile(out.getvalue(), name="logo.png")


@transaction.atomic
def add_tier(conference: Conference, name: str, *, by: object) -> SponsorTier:
    _check(conference, by)
    try:
        with transaction.atomic():
            return SponsorTier.objects.create(
                conference=conference, name=name.strip()[:100],
                position=conference.sponsor_tiers.count(),
            )  # fmt: skip
    except IntegrityError:
        raise ValidationError(
            {"tier_name": f"There is a tier “{name}” already."}
        ) from None


@transaction.atomic
def add_sponsor(
    tier: SponsorTier, name: str, url: str, logo: UploadedFile | None, *, by: object
) -> Sponsor:
    _check(tier.conference, by)
    sponsor = Sponsor(tier=tier, name=name.strip()[:200], url=url,
                      position=tier.sponsors.count())  # fmt: skip
    if logo is not None:
        sponsor.logo.save("logo.png", logo_png(logo), save=False)
    sponsor.save()
    return sponsor


@transaction.atomic
def remove_sponsor(sponsor: Sponsor, *, by: object) -> None:
    _check(sponsor.tier.conference, by)
    logo = sponsor.logo
    sponsor.delete()
    if logo:
        transaction.on_commit(lambda: logo.storage.delete(logo.name))

"""Adding and removing materials; files are checked by content first."""

import re
import unicodedata

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from microconf.audit.services import record
from microconf.cfp.models import Contribution
from microconf.conference.images import check_pixels
from microconf.materials import filetypes
from microconf.materials.models import Material


def safe_display_name(name: str, extension: str) -> str:
    """A download name with no path, no control characters and the true extension."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = unicodedata.normalize("NFKC", base)
    base = re.sub(r"[^\w.\- ]+", "_", base).strip(" ._") or "material"
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return f"{stem[:100]}.{extension}"


def _check(contribution: Contribution, by: object) -> None:
    if not by.has_perm("materials.manage_materials", contribution):
        raise PermissionDenied(_("You may not change this contribution's materials."))


@transaction.atomic
def add_file(
    contribution: Contribution,
    upload: UploadedFile,
    *,
    kind: str,
    title: str,
    by: object,
) -> Material:
    """Keep an uploaded file after checking its size and what its bytes really are."""
    _check(contribution, by)
    conference = contribution.conference
    limit = conference.material_max_mb * 1024 * 1024
    if upload.size > limit:
        raise ValidationError(
            {
                "file": _("The file is %(size)s MiB; the limit is %(limit)s MiB.")
                % {
                    "size": f"{upload.size / 1048576:.1f}",
                    "limit": conference.material_max_mb,
                }
            }
        )
    data = upload.read(limit + 1)
    detected = filetypes.detect(data)
    allowed = set(conference.material_families)
    if detected is None or detected.family not in allowed:
        kinds = ", ".join(
            filetypes.FAMILIES[f] for f in sorted(allowed) if f in filetypes.FAMILIES
        )
        shown = safe_display_name(upload.name or "", "bin").removesuffix(".bin")
        raise ValidationError(
            {
                "file": _(
                    "“%(name)s” is not a file this conference accepts, whatever "
                    "its name says. Accepted: %(kinds)s."
                )
                % {"name": shown, "kinds": kinds}
            }
        )
    if detected.family == "image":
        check_pixels(data, field="file")
    name = safe_display_name(upload.name or "", detected.extension)
    material = Material(
        contribution=contribution, kind=kind, title=(title.strip() or name)[:200],
        original_name=name, content_type=detected.content_type, size=len(data),
        position=contribution.materials.count(),
    )  # fmt: skip
    material.file.save(f"x.{detected.extension}", ContentFile(data), save=False)
    # A failure after the file is written removes it: nothing half-kept stays behind.
    try:
        material.save()
        _audit(contribution, by, "material-add", name)
    except Exception:
        material.file.delete(save=False)
        raise
    return material


@transaction.atomic
def add_link(
    contribution: Contribution, url: str, *, kind: str, title: str, by: object
) -> Material:
    _check(contribution, by)
    if not url.startswith(("https://", "http://")):
        raise ValidationError({"url": _("Give a web address starting with https://.")})
    material = Material.objects.create(
        contribution=contribution, kind=kind, url=url[:500],
        title=(title.strip() or url)[:200], position=contribution.materials.count(),
    )  # fmt: skip
    _audit(contribution, by, "material-add", url)
    return material


@transaction.atomic
def remove(material: Material, *, by: object) -> None:
    _check(material.contribution, by)
    _audit(material.contribution, by, "material-remove", material.title)
    stored = material.file
    material.delete()
    if stored:
        transaction.on_commit(lambda: stored.storage.delete(stored.name))


def _audit(contribution: Contribution, by: object, action: str, what: str) -> None:
    record(action, by=by, contribution=contribution, data={"what": what})

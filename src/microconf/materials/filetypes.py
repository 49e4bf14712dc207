"""What an uploaded file really is, judged by its bytes, never by its name."""

import io
import tarfile
import zipfile
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from microconf.conference import images


@dataclass(frozen=True, slots=True)
class FileType:
    family: str  # what a conference allows: pdf, odp, pptx, image, archive
    extension: str
    content_type: str


PDF = FileType("pdf", "pdf", "application/pdf")
ODP = FileType("odp", "odp", "application/vnd.oasis.opendocument.presentation")
PPTX = FileType(
    "pptx", "pptx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
)  # fmt: skip
ZIP = FileType("archive", "zip", "application/zip")
TAR_GZ = FileType("archive", "tar.gz", "application/gzip")
IMAGES = {
    "PNG": FileType("image", "png", "image/png"),
    "JPEG": FileType("image", "jpg", "image/jpeg"),
    "GIF": FileType("image", "gif", "image/gif"),
    "WEBP": FileType("image", "webp", "image/webp"),
}
FAMILIES = {
    "pdf": "PDF",
    "odp": "ODP slides",
    "pptx": "PowerPoint slides",
    "image": "PNG, JPEG, GIF or WebP images",
    "archive": "zip or tar.gz archives",
}


def _zip_kind(data: bytes) -> FileType | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if (
                "mimetype" in names
                and archive.read("mimetype").strip() == ODP.content_type.encode()
            ):
                return ODP
            if "[Content_Types].xml" in names and any(
                n.startswith("ppt/") for n in names
            ):
                return PPTX
            return ZIP
    except (zipfile.BadZipFile, KeyError, OSError):
        return None


def _is_tar_gz(data: bytes) -> bool:
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
            archive.getmembers()
    except (tarfile.TarError, OSError, EOFError):
        return False
    return True


def _image_kind(data: bytes) -> FileType | None:
    header = images.read_header(data)
    if header is None:
        return None
    if images.too_many_pixels(header) is not None:
        # An image all the same: the upload refuses it for its size, in words.
        return IMAGES[header.format]
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            return IMAGES.get(image.format or "")
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
    ):
        return None


def detect(data: bytes) -> FileType | None:
    """The type of these bytes, or None for anything else (HTML, SVG, scripts...)."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if data.startswith(b"\x1f\x8b") and _is_tar_gz(data):
        return TAR_GZ
    return _image_kind(data)

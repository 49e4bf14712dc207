"""Image headers that state a size and hold (almost) no pixels.

A few dozen bytes that claim a huge image: what an attacker sends, and what
tests send, since the pixels must never be allocated.
"""

import struct
import zlib


def png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")
    )  # fmt: skip


def gif(width: int, height: int) -> bytes:
    return (
        b"GIF89a" + struct.pack("<HHBBB", width, height, 0, 0, 0)
        + b"," + struct.pack("<HHHHB", 0, 0, width, height, 0)
        + b"\x02\x02\x44\x01\x00;"
    )  # fmt: skip


def webp(width: int, height: int) -> bytes:
    """An extended WebP header (VP8X) stating a canvas, and no image data."""
    vp8x = (
        b"\0\0\0\0"
        + (width - 1).to_bytes(3, "little")
        + (height - 1).to_bytes(3, "little")
    )
    body = b"WEBP" + b"VP8X" + struct.pack("<I", len(vp8x)) + vp8x
    return b"RIFF" + struct.pack("<I", len(body)) + body


def gif_frame_beyond_its_screen(width: int, height: int) -> bytes:
    """A GIF of a 1 × 1 screen whose first frame claims to be huge."""
    return (
        b"GIF89a" + struct.pack("<HHBBB", 1, 1, 0, 0, 0)
        + b"," + struct.pack("<HHHHB", 0, 0, width, height, 0)
        + b"\x02\x02\x44\x01\x00;"
    )  # fmt: skip


def jpeg(width: int, height: int) -> bytes:
    return (
        b"\xff\xd8\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1)
        + b"\x01\x11\x00\xff\xda" + struct.pack(">HB", 8, 1)
        + b"\x01\x00\x00\x3f\x00\x00\xff\xd9"
    )  # fmt: skip

"""A PNG writer for pictures drawn on a fixed background in a few bands of rows: the share
images, each a prepared background (paper, bar, the site's name) with a few lines of text.

Compressing the whole 1200x630 picture took about 40% of an image's time (zlib works
through every byte, however flat). Here the rows a picture shares with its background are
not compressed again: the compressed form of each run of background rows is kept (per process),
and only the bands drawn on are compressed, each on its own (a deflate stream may be made
of pieces that each end on a byte boundary, with no reference back into an earlier piece).
The zlib stream's checksum is worked out from the pieces' (`_adler32_combine`, as zlib's
adler32_combine). Pixels are 4 bits, indexes into a palette of up to 16 colours, filter
type 0 (none).
"""

from __future__ import annotations

import struct
import zlib
from functools import lru_cache

_LEVEL = 1  # the bands are mostly flat too; a higher level is slower for a few per cent less
# Repeats of the byte before only (paper, ink, a shade along a stroke): 17% less time than
# looking for longer repeats, for files 13% larger (19 KB on average).
_STRATEGY = zlib.Z_RLE
_BASE = 65521  # adler32's modulus


class Background:
    """A picture (a Pillow "L" image whose values are palette indexes, 0-15) that others are
    drawn on, with the compressed form of runs of its rows kept for them."""

    def __init__(self, image, palette: list[tuple[int, int, int]]) -> None:
        if len(palette) > 16:
            raise ValueError("4-bit pixels: at most 16 colours")
        self.size = image.size
        self.image = image
        self._rows = _rows(image, 0, image.size[1])
        self._row_length = len(self._rows) // image.size[1]
        width, height = self.size
        self._head = (b"\x89PNG\r\n\x1a\n"
                      + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 4, 3, 0, 0, 0))
                      + _chunk(b"PLTE", bytes(value for colour in palette for value in colour)))
        self.run = lru_cache(maxsize=512)(self._run)

    def _run(self, top: int, bottom: int) -> tuple[bytes, int, int]:
        """Rows top..bottom of the background: compressed, their adler32, their length."""
        data = self._rows[top * self._row_length:bottom * self._row_length]
        return _deflate(data), zlib.adler32(data), len(data)

    def png(self, image, bands: list[tuple[int, int]]) -> bytes:
        """`image`, a copy of this background drawn on only within `bands` (rows top..bottom,
        in any order, overlapping or not), as a PNG file."""
        height = self.size[1]
        pieces = [b"\x78\x01"]  # zlib's header: deflate, 32K window, fastest
        checksum = 1
        row = 0
        # One compressor for the bands, told to forget what it saw at the end of each (a
        # full flush), since background rows come between; one per band took longer.
        compressor = _compressor()
        for top, bottom in _merged(bands, height):
            if top > row:
                compressed, adler, length = self.run(row, top)
                pieces.append(compressed)
                checksum = _adler32_combine(checksum, adler, length)
            data = _rows(image, top, bottom)
            pieces.append(compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH))
            checksum = zlib.adler32(data, checksum)
            row = bottom
        if row < height:
            compressed, adler, length = self.run(row, height)
            pieces.append(compressed)
            checksum = _adler32_combine(checksum, adler, length)
        pieces.append(b"\x03\x00")  # an empty last block (fixed codes): the stream ends
        pieces.append(struct.pack(">I", checksum))
        return self._head + _chunk(b"IDAT", b"".join(pieces)) + _chunk(b"IEND", b"")


def _rows(image, top: int, bottom: int) -> bytes:
    """Rows top..bottom as PNG's filtered data: each a 0 (no filter), then 2 pixels a byte."""
    packed = memoryview(image.crop((0, top, image.size[0], bottom)).tobytes("raw", "L;4"))
    length = len(packed) // max(1, bottom - top)
    return b"\0" + b"\0".join([packed[start:start + length] for start in range(0, len(packed), length)])


def _deflate(data: bytes) -> bytes:
    """Raw deflate blocks of `data`, ending on a byte boundary, the stream left open."""
    compressor = _compressor()
    return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)


def _compressor():
    """Raw deflate (no header: the pieces are put together in one zlib stream)."""
    return zlib.compressobj(_LEVEL, zlib.DEFLATED, -15, 8, _STRATEGY)


def _merged(bands: list[tuple[int, int]], height: int) -> list[tuple[int, int]]:
    """The bands within 0..height, sorted, overlapping or touching ones made one."""
    merged: list[list[int]] = []
    for top, bottom in sorted((max(0, top), min(height, bottom)) for top, bottom in bands):
        if top >= bottom:
            continue
        if merged and top <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], bottom)
        else:
            merged.append([top, bottom])
    return [(top, bottom) for top, bottom in merged]


def _adler32_combine(first: int, second: int, second_length: int) -> int:
    """The adler32 of two pieces of data one after the other, from each one's."""
    remainder = second_length % _BASE
    low = ((first & 0xFFFF) + (second & 0xFFFF) - 1) % _BASE
    high = ((first >> 16) + (second >> 16) + remainder * (first & 0xFFFF) - remainder) % _BASE
    return high << 16 | low


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

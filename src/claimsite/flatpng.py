"""A PNG writer for pictures drawn on a fixed background in a few strips of rows: the share
images, each a prepared background (paper, bar, the site's name) with a few lines of text.

Compressing the whole 1200x630 picture took about 40% of an image's time (zlib works
through every byte, however flat). Here the rows a picture shares with its background are
not compressed again: the compressed form of each run of background rows is kept (per process),
and only the strips drawn on are compressed, each on its own (a deflate stream may be made
of pieces that each end on a byte boundary, with no reference back into an earlier piece).
The zlib stream's checksum is worked out from the pieces' (`_adler32_combine`, as zlib's
adler32_combine). Pixels are 4 bits, indexes into a palette of up to 16 colours, filter
type 0 (none).

zlib's cost is per byte it reads and per symbol it writes, and each piece ends a block
(its Huffman tables built anew): so a strip is a few lines of text with the few rows
between them (`JOIN`), not a line each.
"""

from __future__ import annotations

import struct
import zlib
from functools import lru_cache

# Repeats of the byte before only (paper, ink, a shade along a stroke): 17% less time than
# looking for longer repeats (level 1), for files 13% larger.
_STRATEGY = zlib.Z_RLE
# zlib's memLevel: 16K symbols a block (8 and 7 measured alike; 9 clears a hash table twice
# the size, which run-length matching does not use, at each piece)
_MEMORY = 8
_WINDOW = 2 * 32768 - 262  # bytes zlib reads before it moves its window (deflate.c, MIN_LOOKAHEAD)
JOIN = 24  # rows between two drawn strips below which they are compressed as one
_BASE = 65521  # adler32's modulus


class Background:
    """A picture (a Pillow "L" image whose values are palette indexes, 0-15) that others are
    drawn on, with the compressed form of runs of its rows kept for them."""

    def __init__(self, image, palette: list[tuple[int, int, int]]) -> None:
        if len(palette) > 16:
            raise ValueError("4-bit pixels: at most 16 colours")
        self.size = image.size
        self.image = image
        self._rows = _rows(image)
        self._row_length = len(self._rows) // image.size[1]
        width, height = self.size
        self._head = (b"\x89PNG\r\n\x1a\n"
                      + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 4, 3, 0, 0, 0))
                      + _chunk(b"PLTE", bytes(value for colour in palette for value in colour)))
        self.run = lru_cache(maxsize=512)(self._run)

    def _run(self, top: int, bottom: int) -> tuple[bytes, int, int]:
        """Rows top..bottom of the background: compressed, their adler32, their length."""
        data = self._rows[top * self._row_length:bottom * self._row_length]
        compressor = _compressor()
        return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH), zlib.adler32(data), len(data)

    def strip(self, top: int, bottom: int):
        """Rows top..bottom of the background, to draw on (a copy)."""
        return self.image.crop((0, top, self.size[0], bottom))

    def png(self, strips: list[tuple[int, object]]) -> bytes:
        """This background with `strips` in place of its rows, as a PNG file: each strip a
        (top, picture) pair, the picture as wide as the background (`strip`'s, drawn on);
        in order from the top, none overlapping another."""
        width, height = self.size
        pieces = [b"\x78\x01"]  # zlib's header: deflate, 32K window, fastest
        checksum = 1
        row = 0
        # One compressor, told to forget what it saw at the end of each strip (a full flush),
        # since background rows come between.
        compressor = _compressor()
        for top, picture in strips:
            bottom = top + picture.size[1]
            if top < row or bottom > height or picture.size[0] != width:
                raise ValueError(f"a strip of rows {top}..{bottom} does not fit")
            if top == bottom:
                continue
            if top > row:
                compressed, adler, length = self.run(row, top)
                pieces.append(compressed)
                checksum = _adler32_combine(checksum, adler, length)
            data = _rows(picture)
            # In pieces zlib's window holds whole: past it, zlib moves the window and its
            # tables along (a third of its time on a strip of 200 rows); a full flush starts
            # the window again.
            row_length = len(data) // picture.size[1]
            step = _WINDOW // row_length * row_length
            for start in range(0, len(data), step):
                pieces.append(compressor.compress(data[start:start + step]) + compressor.flush(zlib.Z_FULL_FLUSH))
            checksum = zlib.adler32(data, checksum)
            row = bottom
        if row < height:
            compressed, adler, length = self.run(row, height)
            pieces.append(compressed)
            checksum = _adler32_combine(checksum, adler, length)
        pieces.append(b"\x03\x00")  # an empty last block (fixed codes): the stream ends
        pieces.append(struct.pack(">I", checksum))
        return self._head + _chunk(b"IDAT", b"".join(pieces)) + _chunk(b"IEND", b"")


def strips(bands: list[tuple[int, int]], height: int) -> list[tuple[int, int]]:
    """The rows to draw on for `bands` (rows top..bottom drawn on, in any order): within
    0..height, sorted, those fewer than JOIN rows apart made one."""
    merged: list[list[int]] = []
    for top, bottom in sorted((max(0, top), min(height, bottom)) for top, bottom in bands):
        if top >= bottom:
            continue
        if merged and top <= merged[-1][1] + JOIN:
            merged[-1][1] = max(merged[-1][1], bottom)
        else:
            merged.append([top, bottom])
    return [(top, bottom) for top, bottom in merged]


def _rows(image) -> bytes:
    """The image's rows as PNG's filtered data: each a 0 (no filter), then 2 pixels a byte.
    (Two columns of zeros on the left, packed, are that byte: no row is copied again.)"""
    width, height = image.size
    return image.crop((-2, 0, width, height)).tobytes("raw", "L;4")


def _compressor():
    """Raw deflate (no header: the pieces are put together in one zlib stream), level 1."""
    return zlib.compressobj(1, zlib.DEFLATED, -15, _MEMORY, _STRATEGY)


def _adler32_combine(first: int, second: int, second_length: int) -> int:
    """The adler32 of two pieces of data one after the other, from each one's."""
    remainder = second_length % _BASE
    low = ((first & 0xFFFF) + (second & 0xFFFF) - 1) % _BASE
    high = ((first >> 16) + (second >> 16) + remainder * (first & 0xFFFF) - remainder) % _BASE
    return high << 16 | low


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

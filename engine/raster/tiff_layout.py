"""Where a TIFF file's directories and data end: telling a cut-short file from a whole one.

A GeoTIFF whose download or copy stopped half-way often still opens (its first
image file directory, IFD, is at the start), and GDAL then fails on the first
missing tile, or silently lacks the GeoKeys stored after the cut ("no CRS").
:func:`tiff_data_end` walks the IFD chain as the TIFF 6.0 specification lays it out
(§2 "TIFF Structure": 8-byte header, IFDs of 12-byte entries, values longer than
4 bytes stored at an offset; §15 "Tiled Images": TileOffsets 324 / TileByteCounts
325; §3 StripOffsets 273 / StripByteCounts 279) and BigTIFF's 16-byte header and
20-byte entries (values longer than 8 bytes at an offset), and returns the last byte
any directory, tag value, strip or tile needs. Reading the offsets costs one read
per tag (a 100,000² raster in 512² tiles has 38,416 tiles: 300 KB).
"""
import os
import struct

import numpy as np

_TYPE_SIZE = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8,
              13: 4, 16: 8, 17: 8, 18: 8}
_UNSIGNED = {3: "u2", 4: "u4", 13: "u4", 16: "u8", 18: "u8"}
_DATA_TAGS = ((273, 279), (324, 325))  # (strip offsets, byte counts), (tile offsets, counts)
_MAX_IFDS = 10000  # a loop in the IFD chain is a damaged file, not an endless walk


class NotTiff(ValueError):
    """The file does not start with a TIFF or BigTIFF header."""


def tiff_data_end(path):
    """(bytes the file's structure needs, bytes it has) of the TIFF at ``path``.

    The first number exceeds the second when the file was cut short. Raises
    :class:`NotTiff` for a file that is not a TIFF.
    """
    size = os.path.getsize(path)
    with open(path, "rb") as f:
        layout = _Layout(f, size)
        return layout.walk(), size


class _Layout:
    """One open TIFF: its byte order, classic or BigTIFF, and the furthest byte seen."""

    def __init__(self, f, size):
        self.f, self.size = f, size
        head = f.read(16)
        order = {b"II": "<", b"MM": ">"}.get(head[:2])
        if order is None or len(head) < 8:
            raise NotTiff("no TIFF header")
        magic = struct.unpack(order + "H", head[2:4])[0]
        if magic not in (42, 43) or (magic == 43 and len(head) < 16):
            raise NotTiff("no TIFF header")
        self.order, self.big = order, magic == 43
        # (count format, entry size, value field format, inline bytes)
        self.count_fmt, self.entry, self.value_fmt, self.inline = (
            ("Q", 20, "Q", 8) if self.big else ("H", 12, "I", 4))
        self.first = struct.unpack(order + self.value_fmt, head[8:16] if self.big else head[4:8])[0]
        self.end = 16 if self.big else 8

    def walk(self):
        """The furthest byte needed by the IFD chain and everything it points to."""
        offset, seen = self.first, set()
        while offset and offset not in seen and len(seen) < _MAX_IFDS:
            seen.add(offset)
            offset = self._ifd(offset)
        return self.end

    def _read(self, offset, n):
        """``n`` bytes at ``offset``, or None (and the need recorded) past the end."""
        self.end = max(self.end, offset + n)
        if offset + n > self.size:
            return None
        self.f.seek(offset)
        return self.f.read(n)

    def _ifd(self, offset):
        """Record one IFD's needs; return the next IFD's offset (0 = none or unreadable)."""
        count_size = 8 if self.big else 2
        raw = self._read(offset, count_size)
        if raw is None:
            return 0
        n = struct.unpack(self.order + self.count_fmt, raw)[0]
        body = self._read(offset + count_size, n * self.entry + self.inline)
        if body is None:
            return 0
        arrays = {}
        for k in range(n):
            tag, kind, count, value = self._entry(body[k * self.entry:(k + 1) * self.entry])
            nbytes = count * _TYPE_SIZE.get(kind, 1)
            if nbytes > self.inline:
                data = self._read(struct.unpack(self.order + self.value_fmt, value)[0], nbytes)
            else:
                data = value[:nbytes]
            if data is not None and kind in _UNSIGNED:
                arrays[tag] = np.frombuffer(data, self.order + _UNSIGNED[kind], count)
        for offsets_tag, counts_tag in _DATA_TAGS:
            if offsets_tag in arrays and counts_tag in arrays:
                m = min(arrays[offsets_tag].size, arrays[counts_tag].size)
                starts, lengths = arrays[offsets_tag][:m], arrays[counts_tag][:m]
                used = lengths > 0  # sparse files leave empty blocks unwritten
                if used.any():
                    ends = starts[used].astype("u8") + lengths[used]
                    self.end = max(self.end, int(ends.max()))
        return struct.unpack(self.order + self.value_fmt, body[n * self.entry:])[0]

    def _entry(self, raw):
        """(tag, type, count, raw value field) of one IFD entry."""
        fmt = self.order + ("HHQ" if self.big else "HHI")
        tag, kind, count = struct.unpack(fmt, raw[:4 + (8 if self.big else 4)])
        return tag, kind, count, raw[-self.inline:]

"""A small baseline JPEG encoder (greyscale, standard Huffman tables), stdlib only.

Enough for the lab's over-heavy JPEG: a real image any browser decodes, whose bytes can then be padded
with COM (comment) segments that decoders skip.
"""

from __future__ import annotations

import math
import struct

# ITU T.81 Annex K: luminance quantisation table (natural order) and the standard Huffman tables.
_LUMA_QUANT = [
    16,
    11,
    10,
    16,
    24,
    40,
    51,
    61,
    12,
    12,
    14,
    19,
    26,
    58,
    60,
    55,
    14,
    13,
    16,
    24,
    40,
    57,
    69,
    56,
    14,
    17,
    22,
    29,
    51,
    87,
    80,
    62,
    18,
    22,
    37,
    56,
    68,
    109,
    103,
    77,
    24,
    35,
    55,
    64,
    81,
    104,
    113,
    92,
    49,
    64,
    78,
    87,
    103,
    121,
    120,
    101,
    72,
    92,
    95,
    98,
    112,
    100,
    103,
    99,
]
ZIGZAG = [
    0,
    1,
    8,
    16,
    9,
    2,
    3,
    10,
    17,
    24,
    32,
    25,
    18,
    11,
    4,
    5,
    12,
    19,
    26,
    33,
    40,
    48,
    41,
    34,
    27,
    20,
    13,
    6,
    7,
    14,
    21,
    28,
    35,
    42,
    49,
    56,
    57,
    50,
    43,
    36,
    29,
    22,
    15,
    23,
    30,
    37,
    44,
    51,
    58,
    59,
    52,
    45,
    38,
    31,
    39,
    46,
    53,
    60,
    61,
    54,
    47,
    55,
    62,
    63,
]
DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
DC_VALUES = list(range(12))
AC_BITS = [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7D]
AC_VALUES = [
    0x01,
    0x02,
    0x03,
    0x00,
    0x04,
    0x11,
    0x05,
    0x12,
    0x21,
    0x31,
    0x41,
    0x06,
    0x13,
    0x51,
    0x61,
    0x07,
    0x22,
    0x71,
    0x14,
    0x32,
    0x81,
    0x91,
    0xA1,
    0x08,
    0x23,
    0x42,
    0xB1,
    0xC1,
    0x15,
    0x52,
    0xD1,
    0xF0,
    0x24,
    0x33,
    0x62,
    0x72,
    0x82,
    0x09,
    0x0A,
    0x16,
    0x17,
    0x18,
    0x19,
    0x1A,
    0x25,
    0x26,
    0x27,
    0x28,
    0x29,
    0x2A,
    0x34,
    0x35,
    0x36,
    0x37,
    0x38,
    0x39,
    0x3A,
    0x43,
    0x44,
    0x45,
    0x46,
    0x47,
    0x48,
    0x49,
    0x4A,
    0x53,
    0x54,
    0x55,
    0x56,
    0x57,
    0x58,
    0x59,
    0x5A,
    0x63,
    0x64,
    0x65,
    0x66,
    0x67,
    0x68,
    0x69,
    0x6A,
    0x73,
    0x74,
    0x75,
    0x76,
    0x77,
    0x78,
    0x79,
    0x7A,
    0x83,
    0x84,
    0x85,
    0x86,
    0x87,
    0x88,
    0x89,
    0x8A,
    0x92,
    0x93,
    0x94,
    0x95,
    0x96,
    0x97,
    0x98,
    0x99,
    0x9A,
    0xA2,
    0xA3,
    0xA4,
    0xA5,
    0xA6,
    0xA7,
    0xA8,
    0xA9,
    0xAA,
    0xB2,
    0xB3,
    0xB4,
    0xB5,
    0xB6,
    0xB7,
    0xB8,
    0xB9,
    0xBA,
    0xC2,
    0xC3,
    0xC4,
    0xC5,
    0xC6,
    0xC7,
    0xC8,
    0xC9,
    0xCA,
    0xD2,
    0xD3,
    0xD4,
    0xD5,
    0xD6,
    0xD7,
    0xD8,
    0xD9,
    0xDA,
    0xE1,
    0xE2,
    0xE3,
    0xE4,
    0xE5,
    0xE6,
    0xE7,
    0xE8,
    0xE9,
    0xEA,
    0xF1,
    0xF2,
    0xF3,
    0xF4,
    0xF5,
    0xF6,
    0xF7,
    0xF8,
    0xF9,
    0xFA,
]
# DCT basis: _BASIS[u][x] = C(u)/2 * cos((2x+1)u*pi/16), so that F = B . f . B^T
_BASIS = [
    [(math.sqrt(0.5) if u == 0 else 1.0) / 2 * math.cos((2 * x + 1) * u * math.pi / 16) for x in range(8)]
    for u in range(8)
]


def _codes(bits: list[int], values: list[int]) -> dict[int, tuple[int, int]]:
    """Canonical Huffman codes: symbol -> (code, length)."""
    table, code, k = {}, 0, 0
    for length, count in enumerate(bits, start=1):
        for _ in range(count):
            table[values[k]] = (code, length)
            code, k = code + 1, k + 1
        code <<= 1
    return table


class _BitWriter:
    def __init__(self) -> None:
        self.out = bytearray()
        self._acc, self._n = 0, 0

    def write(self, value: int, length: int) -> None:
        self._acc = (self._acc << length) | (value & ((1 << length) - 1))
        self._n += length
        while self._n >= 8:
            self._n -= 8
            byte = (self._acc >> self._n) & 0xFF
            self.out.append(byte)
            if byte == 0xFF:
                self.out.append(0)  # byte stuffing: 0xFF in entropy data is followed by 0x00
        self._acc &= (1 << self._n) - 1

    def flush(self) -> bytes:
        if self._n:
            self.write((1 << (8 - self._n)) - 1, 8 - self._n)  # pad with 1 bits
        return bytes(self.out)


def _category(value: int) -> tuple[int, int]:
    """(size, bits) of a DC difference or AC coefficient: negative values as one's complement."""
    size = abs(value).bit_length()
    return size, value if value >= 0 else value + (1 << size) - 1


def _segment(marker: int, payload: bytes) -> bytes:
    return struct.pack(">HH", marker, len(payload) + 2) + payload


def quant_table(quality: int) -> list[int]:
    """The Annex K luminance table scaled as libjpeg does for quality 1-100 (natural order)."""
    scale = 5000 // quality if quality < 50 else 200 - 2 * quality
    return [min(255, max(1, (q * scale + 50) // 100)) for q in _LUMA_QUANT]


def encode_grey(width: int, height: int, pixels: bytes, quality: int = 75) -> bytes:
    """A baseline JFIF JPEG of a greyscale image (pixels: width*height bytes, row by row)."""
    quant = quant_table(quality)
    dc_codes, ac_codes = _codes(DC_BITS, DC_VALUES), _codes(AC_BITS, AC_VALUES)
    writer, previous_dc = _BitWriter(), 0
    for by in range(0, height, 8):
        for bx in range(0, width, 8):
            # the 8x8 block, edges repeated past the image, level-shifted by -128
            block = [
                [pixels[min(by + y, height - 1) * width + min(bx + x, width - 1)] - 128.0 for x in range(8)]
                for y in range(8)
            ]
            rows = [[sum(_BASIS[u][x] * line[x] for x in range(8)) for u in range(8)] for line in block]
            coefficients = [0] * 64
            for v in range(8):
                for u in range(8):
                    value = sum(_BASIS[v][y] * rows[y][u] for y in range(8))
                    coefficients[v * 8 + u] = round(value / quant[v * 8 + u])
            zigzag = [coefficients[i] for i in ZIGZAG]
            size, bits = _category(zigzag[0] - previous_dc)
            previous_dc = zigzag[0]
            writer.write(*dc_codes[size])
            writer.write(bits, size)
            run = 0
            last = max((i for i in range(1, 64) if zigzag[i]), default=0)
            for coefficient in zigzag[1 : last + 1]:
                if coefficient == 0:
                    run += 1
                    continue
                while run > 15:
                    writer.write(*ac_codes[0xF0])  # ZRL: sixteen zeros
                    run -= 16
                size, bits = _category(coefficient)
                writer.write(*ac_codes[(run << 4) | size])
                writer.write(bits, size)
                run = 0
            if last < 63:
                writer.write(*ac_codes[0x00])  # EOB
    jfif = b"JFIF\x00\x01\x01\x00" + struct.pack(">HH", 1, 1) + b"\x00\x00"
    dqt = b"\x00" + bytes(quant[i] for i in ZIGZAG)
    sof = struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00"
    dht = b"\x00" + bytes(DC_BITS) + bytes(DC_VALUES) + b"\x10" + bytes(AC_BITS) + bytes(AC_VALUES)
    sos = b"\x01\x01\x00\x00\x3f\x00"
    return (
        b"\xff\xd8"
        + _segment(0xFFE0, jfif)
        + _segment(0xFFDB, dqt)
        + _segment(0xFFC0, sof)
        + _segment(0xFFC4, dht)
        + _segment(0xFFDA, sos)
        + writer.flush()
        + b"\xff\xd9"
    )


def with_comments(jpeg: bytes, total: int, text: bytes) -> bytes:
    """The same JPEG padded to exactly `total` bytes with COM segments (text repeated) after the JFIF header."""
    assert jpeg[:2] == b"\xff\xd8" and jpeg[2:4] == b"\xff\xe0"
    header_end = 4 + struct.unpack(">H", jpeg[4:6])[0]
    missing = total - len(jpeg)
    if missing < 0 or 0 < missing < 4:
        raise ValueError(f"cannot pad {len(jpeg)} bytes to {total}: a COM segment takes at least 4")
    segments = []
    while missing > 0:
        size = min(missing, 4096)
        if 0 < missing - size < 4:
            size -= 4  # leave room for a last segment of at least 4 bytes
        payload = (text * (size // len(text) + 1))[: size - 4]
        segments.append(_segment(0xFFFE, payload))
        missing -= size
    return jpeg[:header_end] + b"".join(segments) + jpeg[header_end:]

"""Sets of film positions as Python ints: bit i set means the film at position i is in."""

from __future__ import annotations

from collections.abc import Iterable

_BITS_OF_BYTE = [tuple(bit for bit in range(8) if value >> bit & 1) for value in range(256)]


def bitmap(positions: Iterable[int], size: int) -> int:
    """The int whose bits at `positions` are set (duplicates allowed), built in one pass.

    Setting bits one by one on a growing int would copy it each time: quadratic at 100,000.
    """
    bits = bytearray(size // 8 + 1)
    for position in positions:
        bits[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(bits, "little")


def positions(mask: int) -> list[int]:
    """Indexes of the set bits of `mask`, lowest first (a byte at a time; empty bytes cost little)."""
    found: list[int] = []
    append = found.append
    for index, byte in enumerate(mask.to_bytes((mask.bit_length() + 7) // 8, "little")):
        if byte:
            base = index << 3
            for bit in _BITS_OF_BYTE[byte]:
                append(base + bit)
    return found


def code_bitmaps(codes: bytes, count: int) -> list[int]:
    """For each code 0 .. count-1, the bitmap of the positions whose byte in `codes` is that code
    (position i: byte i). No loop over the positions: a translate and eight slices a code, in C,
    so a field of a few dozen values is indexed in milliseconds at 100,000 films."""
    found = []
    for code in range(count):
        ones = codes.translate(bytes(code) + b"\x01" + bytes(255 - code))  # 1 where the byte is `code`, else 0
        mask = 0
        for phase in range(8):  # the bytes at 8q + phase give bit `phase` of the bitmap's byte q
            mask |= int.from_bytes(ones[phase::8], "little") << phase
        found.append(mask)
    return found

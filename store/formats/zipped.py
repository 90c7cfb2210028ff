"""Reading a ZIP's members without letting a ZIP bomb cost much memory.

A heavy Letterboxd user's export is a few MB, and its CSVs deflate about 4:1 to 10:1: the limits
leave a wide margin, yet stop a bomb before it costs much memory. Sizes are counted as the
members are read, as well as checked against what the ZIP declares, which can lie.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from store.exchange import ExchangeFileError

ZIP_MEMBER_LIMIT = 64 * 1024 * 1024  # bytes unpacked from one member
ZIP_TOTAL_LIMIT = 256 * 1024 * 1024  # bytes unpacked from the whole ZIP
ZIP_RATIO_LIMIT = 200  # unpacked : packed, above which a member is refused ...
ZIP_RATIO_FLOOR = 1024 * 1024  # ... if it unpacks to more than this (a small file may compress very well)
_ZIP_CHUNK = 64 * 1024
# zipfile unpacks a bzip2 or LZMA chunk whole, however large it grows; deflate it bounds (and Letterboxd uses it).
_ZIP_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
_ZIP_METHOD_NAMES = {zipfile.ZIP_BZIP2: "bzip2", zipfile.ZIP_LZMA: "LZMA"}


class BoundedZip:
    """A ZIP file's members (folders left out), each read in chunks and counted: together
    they may unpack to `total_limit` bytes at most, each to `member_limit`."""

    def __init__(
        self, path: Path | str, raw: bytes, *, member_limit: int = ZIP_MEMBER_LIMIT, total_limit: int = ZIP_TOTAL_LIMIT
    ) -> None:
        self.path = path
        try:
            self._archive = zipfile.ZipFile(io.BytesIO(raw))
            infos = self._archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
            raise ExchangeFileError(f"{path}: is not a readable ZIP file ({error})") from None
        self.members = {info.filename: info for info in infos if not info.is_dir()}
        self.member_limit = member_limit
        self.total_limit = total_limit
        self.budget = total_limit

    def read(self, name: str) -> bytes:
        """The bytes of member `name`; ExchangeFileError "PATH:NAME: refused: ..." past a limit."""
        data = read_member(
            self._archive,
            self.members[name],
            f"{self.path}:{name}",
            self.budget,
            member_limit=self.member_limit,
            total_limit=self.total_limit,
        )
        self.budget -= len(data)
        return data

    def close(self) -> None:
        self._archive.close()

    def __enter__(self) -> BoundedZip:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_member(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    source: str,
    budget: int,
    *,
    member_limit: int = ZIP_MEMBER_LIMIT,
    total_limit: int = ZIP_TOTAL_LIMIT,
) -> bytes:
    """A member's bytes, read in chunks and counted: refused as soon as it passes a limit."""
    if info.compress_type not in _ZIP_METHODS:
        method = _ZIP_METHOD_NAMES.get(info.compress_type, f"method {info.compress_type}")
        raise ExchangeFileError(
            f"{source}: refused: compressed with {method}; "
            "only stored or deflate members are read (as in Letterboxd's exports)"
        )
    limit = min(member_limit, budget)
    if limit == member_limit:
        too_big = (
            f"{source}: refused: it unpacks to more than {size_text(limit)}, the most read from one file (a ZIP bomb?)"
        )
    else:
        too_big = (
            f"{source}: refused: with it the ZIP unpacks to more than {size_text(total_limit)}, "
            "the most read from one ZIP (a ZIP bomb?)"
        )
    if info.file_size > limit:
        raise ExchangeFileError(too_big)
    if info.file_size > ZIP_RATIO_FLOOR and info.file_size > ZIP_RATIO_LIMIT * info.compress_size:
        raise ExchangeFileError(
            f"{source}: refused: {size_text(info.compress_size)} would unpack to "
            f"{size_text(info.file_size)}, more than {ZIP_RATIO_LIMIT} times as much (a ZIP bomb?)"
        )
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(_ZIP_CHUNK):
                size += len(chunk)
                if size > limit:  # never trust the declared size alone
                    raise ExchangeFileError(too_big)
                chunks.append(chunk)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, ValueError, zlib.error) as error:
        raise ExchangeFileError(f"{source}: cannot be read from the ZIP ({error})") from None
    return b"".join(chunks)


def size_text(count: int) -> str:
    """1.5 MiB, 64 KiB, 300 bytes."""
    for unit, size in (("MiB", 1 << 20), ("KiB", 1 << 10)):
        if count >= size:
            return f"{count / size:,.1f}".removesuffix(".0") + f" {unit}"
    return f"{count} bytes"

"""Uploaded archives (a .zip package, an .xlsx workbook) checked before anything reads them.

A member's declared size is trusted only once it has been measured: each member is inflated chunk by chunk, up to
one byte past what it declares, so a member that declares 100 bytes and inflates to 600 MB is refused after
reading 101 bytes, in bounded memory. Only then do the size and ratio limits (on the declared sizes) mean anything.
"""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import PurePosixPath

from procurement.files import PACKAGE_FILES, ZIP_ERRORS
from procurement.messages import Message

NOT_A_ZIP = Message("api.archive_not_zip")
CHUNK_BYTES = 1 << 20


def unsafe_archive(
    data: bytes, max_members: int, max_bytes: int, max_ratio: float, workbook: bool = False
) -> Message | None:
    """Why an uploaded .zip must not be opened (not a zip, too many members, a zip bomb, a path outside), if so.

    For a package the package files count towards the size and ratio limits; for a workbook every part does.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            declared = _declared_problem(members, max_members, max_bytes, max_ratio, workbook)
            return declared or _first_lie(archive, _counted(members, workbook))
    except (*ZIP_ERRORS, ValueError, EOFError, OSError):
        return NOT_A_ZIP


def _counted(members: list[zipfile.ZipInfo], workbook: bool) -> list[zipfile.ZipInfo]:
    return [m for m in members if workbook or PurePosixPath(m.filename).name in PACKAGE_FILES]


def _declared_problem(
    members: list[zipfile.ZipInfo], max_members: int, max_bytes: int, max_ratio: float, workbook: bool
) -> Message | None:
    if len(members) > max_members:
        return Message("api.archive_members", {"count": len(members), "limit": max_members})
    for member in members:
        path = PurePosixPath(member.filename.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts or ":" in member.filename:
            return Message("api.archive_outside", {"member": member.filename})
    counted = _counted(members, workbook)
    unpacked, packed = sum(m.file_size for m in counted), sum(m.compress_size for m in counted)
    if unpacked > max_bytes:
        return Message("api.archive_large", {"size": unpacked, "limit": max_bytes})
    if unpacked > 1_000_000 and unpacked > max_ratio * max(packed, 1):
        return Message("api.archive_bomb", {"ratio": unpacked / max(packed, 1)})
    return None


def _first_lie(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> Message | None:
    """The first member that does not inflate to exactly the size it declares, if any (declared sizes are
    already within the limits, so this reads at most the limit plus one byte per member)."""
    for member in members:
        size = inflated_size(archive, member, member.file_size + 1)
        if size != member.file_size:
            key = "api.archive_inflates_more" if size > member.file_size else "api.archive_inflates_less"
            return Message(key, {"member": member.filename, "size": member.file_size})
    return None


def inflated_size(archive: zipfile.ZipFile, member: zipfile.ZipInfo, limit: int) -> int:
    """How many bytes `member` really inflates to, counted chunk by chunk and never past `limit`.

    zipfile reads a member up to the size its header declares; a copy of the header declaring `limit` (and no
    CRC, which only the declared content would match) lets the real stream be counted without trusting it.
    """
    probe = copy.copy(member)
    probe.file_size = limit
    del probe.CRC
    size = 0
    with archive.open(probe) as stream:
        while size < limit and (chunk := stream.read(min(CHUNK_BYTES, limit - size))):
            size += len(chunk)
    return size

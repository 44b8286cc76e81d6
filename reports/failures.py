"""Why a report could not be made or written, in words of the message catalogue, so that one format's failure is
reported on its own (by `procurement report` and by the API) and never hides the formats that worked."""

from __future__ import annotations

import errno
from pathlib import Path

from reports.cells import shorten
from reports.labels import label

DETAIL_CHARS = 300
OS_REASONS = {
    errno.EACCES: "reason_permission",
    errno.EPERM: "reason_permission",
    errno.EISDIR: "reason_folder",
    errno.ENOTDIR: "reason_not_folder",
    errno.EEXIST: "reason_not_folder",  # a file where the package's folder should be
    errno.ENOSPC: "reason_disk_full",
}


def not_written(lang: str, kind: str, path: Path, error: Exception) -> str:
    """`the PDF report (savings-report.pdf) was not written: no permission to write …`."""
    what = label(lang, f"report_{kind}")
    return label(lang, "not_written").format(report=what, file=path.name, reason=reason(lang, error, path))


def not_made(lang: str, kind: str, error: Exception) -> str:
    """`the PDF report could not be made: unexpected error while making it (…)`."""
    return label(lang, "not_made").format(report=label(lang, f"report_{kind}"), reason=reason(lang, error))


def reason(lang: str, error: Exception, path: Path | None = None) -> str:
    """What went wrong: the usual reasons a file cannot be written in plain words, anything else as it was raised."""
    if isinstance(error, OSError) and path is not None:
        key = OS_REASONS.get(error.errno or 0, "reason_system")
        return label(lang, key).format(path=path, detail=error.strerror or error)
    return label(lang, "reason_unexpected").format(detail=shorten(f"{type(error).__name__}: {error}", DETAIL_CHARS))

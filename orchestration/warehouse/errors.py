"""Errors a retry cannot heal: a read-only or full file system, a permission refused."""

from __future__ import annotations

import errno

PERMANENT_ERRNOS = frozenset({errno.EROFS, errno.ENOSPC, errno.EDQUOT, errno.EACCES,
                              errno.EPERM})
# DuckDB reports its file errors as its own exceptions, with the system's message inside.
_PERMANENT_TEXTS = ("Read-only file system", "No space left on device", "Disk quota exceeded",
                    "Permission denied", "Operation not permitted")


def is_permanent(exc: BaseException) -> bool:
    """Whether `exc`, or an exception it was raised from, is one of these errors."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, OSError) and seen.errno in PERMANENT_ERRNOS:
            return True
        if any(text in str(seen) for text in _PERMANENT_TEXTS):
            return True
        seen = seen.__cause__ or seen.__context__
    return False

"""Files of the case file on disk: outside the web root (MEDIA_ROOT has no URL), each under a
random name, its type told from its first bytes against a short allowed list, its size
limited. Nothing of the person's name or the upload's name reaches the file system."""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# What a document of a case may be: scans and letters. By content, never by the file's name.
ALLOWED = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
CHUNK = 64 * 1024


@dataclass(frozen=True)
class Stored:
    name: str
    content_type: str
    size: int
    sha256: str


def folder() -> Path:
    return Path(settings.MEDIA_ROOT) / "case-documents"


def path_of(name: str) -> Path:
    # Only names this module made (hex), so a stored name can never point elsewhere.
    if not name or any(c not in "0123456789abcdef" for c in name):
        raise ValueError("not a stored name")
    return folder() / name


def store(upload: IO[bytes], *, size: int | None = None) -> Stored:
    """Check and write the upload; `ValidationError` (and nothing on disk) if its type is not
    allowed or it is too large."""
    limit = settings.CASE_DOCUMENT_MAX_BYTES
    if size is not None and size > limit:
        raise _too_large(limit)
    head = upload.read(262)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED:
        raise ValidationError(
            {"file": _("Only PDF, JPEG and PNG files can be kept, and this file is none of them.")}
        )
    folder().mkdir(parents=True, exist_ok=True)
    name = secrets.token_hex(16)
    target = path_of(name)
    partial = target.with_suffix(".part")
    digest = hashlib.sha256()
    written = 0
    try:
        with partial.open("wb") as out:
            chunk = head
            while chunk:
                written += len(chunk)
                if written > limit:
                    raise _too_large(limit)
                digest.update(chunk)
                out.write(chunk)
                chunk = upload.read(CHUNK)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return Stored(name=name, content_type=kind.mime, size=written, sha256=digest.hexdigest())


def remove(name: str) -> None:
    path_of(name).unlink(missing_ok=True)


def _too_large(limit: int) -> ValidationError:
    return ValidationError(
        {"file": _("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)}}
    )

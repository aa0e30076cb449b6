"""Settings: one frozen dataclass per concern, validated on construction. No env reads here."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Literal

TrackedChanges = Literal["accept", "fail"]
Objects = Literal["refuse", "list"]


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class FormatSettings:
    """How formats treat hidden content (see DOMAIN.md section 5).

    Attributes:
        tracked_changes: ``accept`` accepts every tracked change before detection (insertions
            kept, deletions dropped); ``fail`` refuses a document that has any.
        keep_comments: keep Word comments (redacted) instead of removing them with their authors.
        strip_images: replace pictures, charts, SmartArt and embedded objects with "[image removed]".
        strip_embedded: replace embedded objects (OLE objects, packages) with "[embedded object
            removed]" and remove charts' embedded workbooks; pictures stay.
        checked_objects: ``(part, sha256)`` of every picture or embedded object a person checked
            (the case's ``[[object]]`` decisions marked "checked"): these may be published.
        objects: what reading a document that holds a picture or embedded object nobody checked
            does: ``refuse`` it (publishing), or ``list`` each in the notes (``scan``, for review).
    """

    tracked_changes: TrackedChanges = "accept"
    keep_comments: bool = False
    strip_images: bool = False
    strip_embedded: bool = False
    checked_objects: frozenset[tuple[str, str]] = frozenset()
    objects: Objects = "refuse"

    def __post_init__(self) -> None:
        if self.tracked_changes not in ("accept", "fail"):
            raise ValueError(f"tracked_changes must be 'accept' or 'fail', not {self.tracked_changes!r}")
        if self.objects not in ("refuse", "list"):
            raise ValueError(f"objects must be 'refuse' or 'list', not {self.objects!r}")


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Everything that changes what a redaction run produces."""

    formats: FormatSettings = dataclasses.field(default_factory=FormatSettings)
    score_threshold: float = 0.35
    force: bool = False
    redline: bool = False  # also write <name>.redline.docx next to the key (not for publication)
    pdf: bool = False  # also publish a verified PDF of each document (LibreOffice; redactor/pdf.py)

    def digest(self) -> str:
        """Return a SHA-256 of the settings that affect output (recorded in the audit log)."""
        data = dataclasses.asdict(self)
        data.pop("force")
        data.pop("redline")
        blob = json.dumps(data, sort_keys=True, default=sorted).encode()  # sets as sorted lists
        return hashlib.sha256(blob).hexdigest()

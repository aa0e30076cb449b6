"""Open a .docx package safely, refuse what we cannot handle, and write it back.

A package is read fully into memory (after size checks), its XML parts are parsed lazily with a
safe parser, and on writing only parts that changed are re-serialised: every other entry is
copied with its bytes unchanged.

Not handled: packages split over several zip files, zip64 archives over the size limits below,
and parts whose names differ from their relationship targets by more than case and
percent-encoding (they count as unreferenced and are dropped).
"""

from __future__ import annotations

import dataclasses
import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import unquote

from lxml import etree

from redactor.errors import InputError
from redactor.formats._docx_xml import (
    CT_NS,
    PKG_RELS_NS,
    W_NS,
    W_STRICT_NS,
    DtdFound,
    parse_xml,
    serialise,
)

#: Refuse any part that unpacks to more than this (zip-bomb guard).
MAX_PART_BYTES = 200 * 1024 * 1024
#: Refuse parts that compress better than this. Only checked above MIN_RATIO_CHECK_BYTES: a few
#: kilobytes of repetitive XML can legitimately compress 300:1 and cannot hurt anyone.
MAX_RATIO = 200
MIN_RATIO_CHECK_BYTES = 1024 * 1024
#: Refuse packages that unpack to more than this in all, or have absurdly many entries.
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_ENTRIES = 20_000

OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")

CT_MAIN_DOCUMENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
CT_TEMPLATE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
CT_MACRO_DOCUMENT = "application/vnd.ms-word.document.macroenabled.main+xml"
CT_MACRO_TEMPLATE = "application/vnd.ms-word.template.macroenabledtemplate.main+xml"
CT_VBA = "application/vnd.ms-office.vbaproject"

_STRICT_REL_PREFIX = "http://purl.oclc.org/ooxml/"


@dataclasses.dataclass(frozen=True, slots=True)
class Relationship:
    """One ``<Relationship>`` of a part's ``.rels``.

    Attributes:
        id: ``rId5``.
        kind: The last path segment of the Type URI (``hyperlink``, ``header``, ``image``).
        type: The full Type URI.
        target: The Target attribute as written.
        external: TargetMode is External.
        part: The resolved package part name for internal targets ('' for external ones).
    """

    id: str
    kind: str
    type: str
    target: str
    external: bool
    part: str


def rels_name(part: str) -> str:
    """Return the name of the ``.rels`` part that holds ``part``'s relationships ('' = package)."""
    if not part:
        return "_rels/.rels"
    directory, base = posixpath.split(part)
    return posixpath.join(directory, "_rels", base + ".rels")


def source_of_rels(name: str) -> str | None:
    """Return the part a ``.rels`` part belongs to ('' for the package), or None if not a rels."""
    if not name.lower().endswith(".rels"):
        return None
    directory, base = posixpath.split(name)
    parent, rels_dir = posixpath.split(directory)
    if rels_dir.lower() != "_rels":
        return None
    if base.lower() == ".rels" and not parent:
        return ""
    return posixpath.join(parent, base[: -len(".rels")])


def _resolve(source: str, target: str) -> str:
    target = unquote(target.split("#", 1)[0])
    if target.startswith("/"):
        joined = target.lstrip("/")
    else:
        joined = posixpath.join(posixpath.dirname(source), target)
    return posixpath.normpath(joined).lstrip("/")


class Package:
    """An OPC package in memory: raw entries, lazily parsed XML parts, and what changed.

    Part names have no leading slash (``word/document.xml``). Lookups are case-insensitive, as
    OPC part names are.
    """

    def __init__(self, display_name: str, infos: list[zipfile.ZipInfo], raw: dict[str, bytes]):
        self.display_name = display_name
        self.infos = infos
        self.raw = raw
        self._by_lower = {name.lower(): name for name in raw}
        self._trees: dict[str, Any] = {}
        self._types: tuple[dict[str, str], dict[str, str]] | None = None
        self.dirty: set[str] = set()
        self.removed: set[str] = set()

    # -- parts -----------------------------------------------------------------------------

    def find(self, name: str) -> str | None:
        """Return the actual entry name for ``name`` (case-insensitive), if present."""
        actual = self._by_lower.get(name.lower())
        if actual is None or actual in self.removed:
            return None
        return actual

    def parts(self) -> list[str]:
        """Return every present part (entries that are not folders), in zip order."""
        return [info.filename for info in self.infos if not info.is_dir() and info.filename not in self.removed]

    def xml(self, name: str) -> Any:
        """Return the parsed root of part ``name`` (parsed once, then shared).

        Raises:
            InputError: the part is not well-formed XML, declares a DTD, or goes beyond the
                parser's limits (nesting depth, size of one text node).
        """
        tree = self._trees.get(name)
        if tree is None:
            try:
                tree = parse_xml(self.raw[name])
            except DtdFound as err:
                raise InputError(dtd_message(self.display_name, name)) from err
            except etree.XMLSyntaxError as err:
                if has_doctype(self.raw[name]):  # the DTD's entities are what the parser choked on
                    raise InputError(dtd_message(self.display_name, name)) from err
                if err.code == etree.ErrorTypes.ERR_RESOURCE_LIMIT:
                    raise InputError(_limit_message(self.display_name, name, str(err.msg))) from err
                raise InputError(
                    f"{self.display_name} is damaged ({name} is not well-formed XML); open it in Word and save it again as .docx"
                ) from err
            self._trees[name] = tree
        return tree

    def touch(self, name: str) -> None:
        """Mark an XML part as changed, so that writing re-serialises it."""
        self.dirty.add(name)

    def remove(self, name: str) -> None:
        """Remove a part, its own ``.rels`` and its content-type override."""
        actual = self.find(name)
        if actual is None:
            return
        self.removed.add(actual)
        own_rels = self.find(rels_name(actual))
        if own_rels is not None:
            self.removed.add(own_rels)
        self._remove_override(actual)

    # -- content types ---------------------------------------------------------------------

    def _content_types_root(self) -> Any | None:
        name = self.find("[Content_Types].xml")
        return None if name is None else self.xml(name)

    def content_type(self, part: str) -> str:
        """Return the content type of ``part`` (lower-cased), or '' if none is declared."""
        if self._types is None:
            root = self._content_types_root()
            if root is None:
                return ""
            overrides = {
                (el.get("PartName") or "").lower().lstrip("/"): (el.get("ContentType") or "").lower()
                for el in root.iter(f"{{{CT_NS}}}Override")
            }
            defaults = {
                (el.get("Extension") or "").lower(): (el.get("ContentType") or "").lower()
                for el in root.iter(f"{{{CT_NS}}}Default")
            }
            self._types = (overrides, defaults)
        overrides, defaults = self._types
        found = overrides.get(part.lower())
        if found is not None:
            return found
        return defaults.get(posixpath.splitext(part)[1].lstrip(".").lower(), "")

    def parts_of_type(self, content_type: str) -> list[str]:
        """Return present parts whose content type is ``content_type``."""
        return [p for p in self.parts() if self.content_type(p) == content_type.lower()]

    def _remove_override(self, part: str) -> None:
        root = self._content_types_root()
        if root is None:
            return
        wanted = "/" + part.lower()
        for el in list(root.iter(f"{{{CT_NS}}}Override")):
            if (el.get("PartName") or "").lower() == wanted:
                root.remove(el)
                self._types = None
                self.touch(self.find("[Content_Types].xml") or "[Content_Types].xml")

    # -- relationships ---------------------------------------------------------------------

    def rels_root(self, part: str) -> Any | None:
        """Return the parsed ``.rels`` of ``part`` ('' = package), or None if it has none."""
        name = self.find(rels_name(part))
        return None if name is None else self.xml(name)

    def rels(self, part: str) -> list[Relationship]:
        """Return the relationships of ``part`` ('' = the package itself), in file order."""
        root = self.rels_root(part)
        if root is None:
            return []
        found = []
        for el in root.iter(f"{{{PKG_RELS_NS}}}Relationship"):
            rel_type = el.get("Type") or ""
            target = el.get("Target") or ""
            external = (el.get("TargetMode") or "").lower() == "external"
            resolved = "" if external else _resolve(part, target)
            actual = "" if external else (self.find(resolved) or resolved)
            found.append(
                Relationship(
                    id=el.get("Id") or "",
                    kind=rel_type.rstrip("/").rpartition("/")[2],
                    type=rel_type,
                    target=target,
                    external=external,
                    part=actual,
                )
            )
        return found

    def remove_rel(self, part: str, rel_id: str) -> None:
        """Remove one relationship of ``part`` (the target part is left to ``collect``)."""
        root = self.rels_root(part)
        if root is None:
            return
        for el in list(root.iter(f"{{{PKG_RELS_NS}}}Relationship")):
            if el.get("Id") == rel_id:
                root.remove(el)
                self.touch(self.find(rels_name(part)) or rels_name(part))

    def remove_rels_of_kind(self, part: str, kinds: set[str]) -> list[Relationship]:
        """Remove ``part``'s relationships of these kinds and the parts they point at."""
        removed = []
        for rel in self.rels(part):
            if rel.kind in kinds:
                self.remove_rel(part, rel.id)
                if rel.part:
                    self.remove(rel.part)
                removed.append(rel)
        return removed

    def collect(self) -> list[str]:
        """Remove every part that no relationship reaches from the package; return their names.

        Word ignores unreferenced parts, but they can still hold text or images, so they go.
        """
        reachable: set[str] = set()
        queue = [""]
        while queue:
            source = queue.pop()
            for rel in self.rels(source):
                if rel.external or not rel.part:
                    continue
                actual = self.find(rel.part)
                if actual is not None and actual not in reachable:
                    reachable.add(actual)
                    queue.append(actual)
        dropped = []
        for name in self.parts():
            if name.lower() == "[content_types].xml":
                continue
            owner = source_of_rels(name)
            if owner is not None and (owner == "" or self.find(owner) in reachable):
                continue
            if owner is None and name in reachable:
                continue
            dropped.append(name)
            self.removed.add(name)
            self._remove_override(name)
        return dropped

    # -- adding parts (the redline adds comments; a package built from plain text adds more) ----

    def add_part(self, name: str, root: Any, content_type: str | None = None) -> str:
        """Add an XML part, written like any changed part; return its entry name.

        A part of the same name that was removed (comments dropped on preparation, say) is
        replaced; the caller adds the relationship that reaches the part (``add_rel``).

        Args:
            name: Part name without a leading slash (``word/comments.xml``).
            root: The part's root element.
            content_type: Declared as an Override in ``[Content_Types].xml`` when given.

        Raises:
            ValueError: a present part already has this name.
        """
        existing = self._by_lower.get(name.lower())
        if existing is not None:
            if existing not in self.removed:
                raise ValueError(f"part {existing} already exists")
            self.removed.discard(existing)
            name = existing
        else:
            self.infos.append(zipfile.ZipInfo(name))
            self._by_lower[name.lower()] = name
        self.raw[name] = b""
        self._trees[name] = root
        self.dirty.add(name)
        if content_type is not None:
            self._remove_override(name)
            types = self._content_types_root()
            if types is None:
                raise ValueError("the package has no [Content_Types].xml")
            types.append(types.makeelement(f"{{{CT_NS}}}Override", {"PartName": "/" + name, "ContentType": content_type}))
            self._types = None
            self.touch(self.find("[Content_Types].xml") or "[Content_Types].xml")
        return name

    def add_rel(self, part: str, rel_type: str, target: str) -> str:
        """Add an internal relationship from ``part`` ('' = the package) and return its new id.

        Args:
            part: The source part.
            rel_type: The full relationship Type URI.
            target: The target, relative to ``part``'s folder (as Word writes it).
        """
        root = self.rels_root(part)
        if root is None:
            root = etree.Element(f"{{{PKG_RELS_NS}}}Relationships", nsmap={None: PKG_RELS_NS})
            ctype = None if self.content_type(rels_name(part)) else "application/vnd.openxmlformats-package.relationships+xml"
            self.add_part(rels_name(part), root, ctype)
        taken = {el.get("Id") for el in root.iter(f"{{{PKG_RELS_NS}}}Relationship")}
        number = len(taken) + 1
        while f"rId{number}" in taken:
            number += 1
        rel_id = f"rId{number}"
        root.append(root.makeelement(f"{{{PKG_RELS_NS}}}Relationship", {"Id": rel_id, "Type": rel_type, "Target": target}))
        self.touch(self.find(rels_name(part)) or rels_name(part))
        return rel_id

    # -- writing ---------------------------------------------------------------------------

    def write(self, stream: BinaryIO) -> None:
        """Write the package: changed parts re-serialised, all others byte for byte."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as out:
            for info in self.infos:
                name = info.filename
                if name in self.removed:
                    continue
                new_info = zipfile.ZipInfo(name, date_time=info.date_time)
                new_info.external_attr = info.external_attr
                if info.is_dir():
                    out.writestr(new_info, b"")
                    continue
                new_info.compress_type = zipfile.ZIP_DEFLATED
                data = serialise(self._trees[name]) if name in self.dirty else self.raw[name]
                out.writestr(new_info, data)
        stream.write(buffer.getvalue())


# -- opening and refusing --------------------------------------------------------------------


_DOCTYPE_MARKERS = tuple("<!DOCTYPE".encode(encoding) for encoding in ("utf-8", "utf-16-le", "utf-16-be"))


def has_doctype(data: bytes) -> bool:
    """Say whether an XML part may declare a DTD (the marker may also sit in a comment or CDATA)."""
    return any(marker in data for marker in _DOCTYPE_MARKERS)


def dtd_message(display_name: str, part: str) -> str:
    """Return the refusal for a part that declares a DTD (entities could hide or fetch text)."""
    return (
        f"{display_name} has a DTD (entity definitions) in {part}, which Word never writes and which "
        "could hide text or make a reader fetch other files; open it in Word and save it again as .docx"
    )


def _limit_message(display_name: str, part: str, detail: str) -> str:
    if "depth" in detail.lower():
        what = "nests elements more than 256 levels deep (for example tables inside tables)"
        remedy = "reduce the nesting (fewer tables inside tables) in Word and save it again as .docx"
    else:
        what = "holds a piece of text or markup too large to parse safely (10 MB or more in one piece)"
        remedy = "split it into smaller documents in Word and save them as .docx"
    return f"{display_name} is too complex to read safely: {part} {what}; {remedy}"


def refuse_ole2(path: Path, head: bytes) -> None:
    """Raise the right InputError for an OLE2 compound file (legacy .doc or encrypted package).

    Raises:
        InputError: always, when ``head`` starts with the OLE2 magic number.
    """
    if not head.startswith(OLE2_MAGIC):
        return
    if _is_encrypted(path):
        raise InputError(
            f"{path.name} is password-protected; remove the password in Word (File > Info > Protect Document) and save again"
        )
    raise InputError(
        f"{path.name} is a Word 97-2003 document (or another legacy Office file); open it in Word and save it as .docx"
    )


def _is_encrypted(path: Path) -> bool:
    try:
        import msoffcrypto  # noqa: PLC0415  (optional heavy import, only for OLE2 files)
    except ImportError:  # pragma: no cover - msoffcrypto-tool is a dependency
        data = path.read_bytes()
        return "EncryptedPackage".encode("utf-16-le") in data
    try:
        with path.open("rb") as handle:
            return bool(msoffcrypto.OfficeFile(handle).is_encrypted())
    except Exception:  # noqa: BLE001 - any parse failure means "not a readable encrypted file"
        data = path.read_bytes()
        return "EncryptedPackage".encode("utf-16-le") in data


def open_package(path: Path) -> Package:
    """Read ``path`` into a Package after the checks every docx read needs.

    Raises:
        InputError: the file is missing, empty, an OLE2 file (.doc or password-protected),
            not a zip, truncated or corrupt, or unpacks suspiciously large (zip bomb).
    """
    name = path.name
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as err:
        raise InputError(f"{name} cannot be opened; check that the file exists and is readable") from err
    if size == 0:
        raise InputError(f"{name} is empty (0 bytes); check that you picked the right file")
    refuse_ole2(path, head)
    return _open_zip(name, path)


def open_package_bytes(name: str, data: bytes) -> Package:
    """Read an in-memory zip (an embedded package) with the same checks as ``open_package``.

    Raises:
        InputError: not a zip, damaged, or a zip bomb.
    """
    return _open_zip(name, io.BytesIO(data))


def _open_zip(name: str, source: Path | BinaryIO) -> Package:
    damaged = (
        f"{name} is damaged or is not a Word document (.docx); open it in Word, let Word "
        "repair it if asked, and save it again as .docx"
    )
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as err:
        raise InputError(damaged) from err
    with archive:
        infos = archive.infolist()
        _check_sizes(name, infos)
        raw: dict[str, bytes] = {}
        seen: set[str] = set()
        for info in infos:
            if info.filename.lower() in seen:
                raise InputError(damaged)
            seen.add(info.filename.lower())
            if info.is_dir():
                continue
            try:
                raw[info.filename] = _read_entry(archive, info)
            except (
                zipfile.BadZipFile,
                zlib.error,
                EOFError,
                OSError,
                NotImplementedError,
                RuntimeError,
            ) as err:
                raise InputError(damaged) from err
    return Package(name, infos, raw)


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """Read one entry, never inflating more than the size it declares (and ``_check_sizes`` checked).

    ``ZipFile.read`` inflates all of an entry's compressed data in one call and only then cuts it
    to the declared size: a header that declares 4 KB for 1 GB of deflated zeros costs gigabytes
    before the CRC check refuses it. Reading exactly the declared size bounds the inflation; the
    CRC is still checked when the declared end is reached.

    Raises:
        zipfile.BadZipFile: the data does not match the declared size or CRC.
    """
    with archive.open(info) as stream:
        data = stream.read(info.file_size) if info.file_size else stream.read(1)
    if len(data) != info.file_size:
        raise zipfile.BadZipFile(f"{info.filename}: size differs from the declared size")
    return data


def _check_sizes(name: str, infos: list[zipfile.ZipInfo]) -> None:
    bomb = (
        f"{name} unpacks to far more data than a Word document holds (a zip bomb or a damaged "
        "file) and is refused; open it in Word and save it again as .docx"
    )
    if len(infos) > MAX_ENTRIES:
        raise InputError(bomb)
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_PART_BYTES or total > MAX_TOTAL_BYTES:
            raise InputError(bomb)
        if info.file_size > MIN_RATIO_CHECK_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise InputError(bomb)


_MAIN_TYPES = {
    CT_TEMPLATE: "is a Word template (.dotx); open it in Word and save it as Word Document (.docx)",
    CT_MACRO_DOCUMENT: (
        "is a macro-enabled Word document (.docm); open it in Word and save it as Word Document (.docx), which removes the macros"
    ),
    CT_MACRO_TEMPLATE: ("is a macro-enabled Word template (.dotm); open it in Word and save it as Word Document (.docx)"),
}


def main_part(pkg: Package) -> str:
    """Return the main document part after checking that this is a plain Transitional .docx.

    Raises:
        InputError: a template, macro-enabled or Strict OOXML document, not a Word file, or an
            XML part (any part, read or not) declares a DTD.
    """
    name = pkg.display_name
    not_word = f"{name} is not a Word document (.docx); open it in Word and save it as Word Document (.docx)"
    if pkg.find("[Content_Types].xml") is None:
        raise InputError(not_word)
    refuse_dtds(pkg)
    office = [rel for rel in pkg.rels("") if rel.kind == "officeDocument" and not rel.external]
    if not office:
        raise InputError(not_word)
    rel = office[0]
    if rel.type.startswith(_STRICT_REL_PREFIX):
        raise InputError(_strict_message(name))
    part = pkg.find(rel.part)
    if part is None:
        raise InputError(not_word)
    content_type = pkg.content_type(part)
    if content_type in _MAIN_TYPES:
        raise InputError(f"{name} {_MAIN_TYPES[content_type]}")
    if any(pkg.content_type(p) == CT_VBA or p.lower().endswith("vbaproject.bin") for p in pkg.parts()):
        raise InputError(f"{name} {_MAIN_TYPES[CT_MACRO_DOCUMENT]}")
    root = pkg.xml(part)
    ns = root.tag[1:].partition("}")[0] if root.tag.startswith("{") else ""
    if ns == W_STRICT_NS:
        raise InputError(_strict_message(name))
    if content_type != CT_MAIN_DOCUMENT or root.tag != f"{{{W_NS}}}document":
        raise InputError(not_word)
    return part


def refuse_dtds(pkg: Package) -> None:
    """Refuse a package if any XML part declares a DTD, including parts that are never read.

    Parts that redactor does not parse (themes, charts, custom XML properties) are copied to the
    output byte for byte, so a DTD there would be published: an external entity could make a
    later reader fetch a file, an internal one could hide text. A cheap byte search finds
    candidates; parsing confirms (the marker may sit in a comment or CDATA section).

    Raises:
        InputError: a part declares a DTD, or a candidate part cannot be parsed.
    """
    for part in iter_xml_parts(pkg):
        if has_doctype(pkg.raw[part]):
            pkg.xml(part)  # raises the DTD refusal, or says why the part cannot be read


def _strict_message(name: str) -> str:
    return f"{name} is saved as Strict Open XML; open it in Word and save it as Word Document (.docx), not Strict Open XML"


def iter_xml_parts(pkg: Package) -> Iterator[str]:
    """Yield present parts that hold XML (by content type or by name; embedded zips excluded)."""
    for part in pkg.parts():
        if pkg.raw[part].startswith(b"PK\x03\x04"):
            continue
        lower = part.lower()
        ctype = pkg.content_type(part)
        if lower.endswith((".xml", ".rels", ".vml")) or ctype.endswith("xml"):
            yield part


_PART_INDEX = re.compile(r"(\d+)")


def natural_key(name: str) -> list[object]:
    """Sort key so that header2.xml comes before header10.xml."""
    return [int(tok) if tok.isdigit() else tok.lower() for tok in _PART_INDEX.split(name)]

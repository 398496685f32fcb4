"""Mark a .docx drafter wrote with a hash of its content, to tell later whether anyone changed it.

The hash (SHA-256 over every part of the package but ``docProps/custom.xml``, by part
name, decompressed) is kept as the custom document property ``drafter-sha256``. Word and
WPS keep custom properties when they save, and any save changes the parts, so a file
whose hash no longer matches, or that carries none, was not left as drafter wrote it.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from lxml import etree

PROPERTY = "drafter-sha256"
CUSTOM_PART = "docProps/custom.xml"
CONTENT_TYPES = "[Content_Types].xml"
PACKAGE_RELS = "_rels/.rels"
MAX_CHECKED = 200_000_000  # bytes decompressed, at most, to check an existing document
MAX_CUSTOM = 1_000_000

_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one format id of user-defined properties
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def stamp(content: bytes) -> bytes:
    """Return the .docx ``content`` with the hash of its parts in its custom properties."""
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        parts = {info.filename: package.read(info) for info in package.infolist()}
    return stamped_package(parts)


def stamped_package(parts: dict[str, bytes]) -> bytes:
    """Return the .docx of ``parts`` (zip member name → bytes, in order) with the hash of its
    parts in its custom properties: what ``stamp`` makes of the same parts zipped."""
    parts = dict(parts)
    parts[CONTENT_TYPES] = _with_custom_type(parts[CONTENT_TYPES])
    parts[PACKAGE_RELS] = _with_custom_relationship(parts[PACKAGE_RELS])
    digest = _digest((name, data) for name, data in parts.items() if name != CUSTOM_PART)
    parts[CUSTOM_PART] = _custom_properties(parts.get(CUSTOM_PART), digest)
    return zip_package(parts)


def zip_package(members: dict[str, bytes]) -> bytes:
    """Return the .docx of ``members`` (zip member name → bytes, in order), deflated as python-docx
    writes one."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in members.items():
            package.writestr(name, data)
    return out.getvalue()


def unchanged_since_written(path: Path) -> bool:
    """Return whether ``path`` is a .docx exactly as drafter wrote it (its recorded hash matches).

    Anything else, including a file that is no .docx at all or too big to check, is
    reported as changed: the caller then keeps a copy rather than lose it.
    """
    try:
        with zipfile.ZipFile(path) as package:
            recorded = _recorded_hash(package)
            if recorded is None:
                return False
            return recorded == _digest(_parts_within_limit(package))
    except (OSError, EOFError, ValueError, RuntimeError, NotImplementedError, KeyError,
            zipfile.BadZipFile, zlib.error, etree.XMLSyntaxError, _TooBig):
        return False


class _TooBig(Exception):
    """The document decompresses to more than drafter will read to check it."""


def _parts_within_limit(package: zipfile.ZipFile) -> Iterator[tuple[str, bytes]]:
    total = 0
    for info in package.infolist():
        if info.filename == CUSTOM_PART:
            continue
        total += info.file_size
        if total > MAX_CHECKED:
            raise _TooBig
        with package.open(info) as stream:
            data = stream.read(info.file_size + 1)
        if len(data) > info.file_size:
            raise _TooBig
        yield info.filename, data


def _recorded_hash(package: zipfile.ZipFile) -> str | None:
    try:
        info = package.getinfo(CUSTOM_PART)
    except KeyError:
        return None
    if info.file_size > MAX_CUSTOM:
        return None
    root = etree.fromstring(package.read(info), _PARSER)
    for prop in root.iter(f"{{{_CUSTOM_NS}}}property"):
        if prop.get("name") == PROPERTY:
            return "".join(prop.itertext()).strip()
    return None


def _digest(parts: Iterable[tuple[str, bytes]]) -> str:
    entries = sorted(parts)
    digest = hashlib.sha256()
    for name, data in entries:
        encoded = name.encode("utf-8")
        digest.update(len(encoded).to_bytes(4, "big") + encoded + len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def _with_custom_type(xml: bytes) -> bytes:
    root = etree.fromstring(xml, _PARSER)
    if not any(o.get("PartName") == "/" + CUSTOM_PART for o in root.iter(f"{{{_TYPES_NS}}}Override")):
        etree.SubElement(root, f"{{{_TYPES_NS}}}Override", PartName="/" + CUSTOM_PART,
                         ContentType=_CUSTOM_TYPE)
    return _serialize(root)


def _with_custom_relationship(xml: bytes) -> bytes:
    root = etree.fromstring(xml, _PARSER)
    relationships = list(root.iter(f"{{{_RELS_NS}}}Relationship"))
    if not any(r.get("Type") == _CUSTOM_REL for r in relationships):
        used = {r.get("Id") for r in relationships}
        number = next(n for n in range(1, len(used) + 2) if f"rId{n}" not in used)
        etree.SubElement(root, f"{{{_RELS_NS}}}Relationship", Id=f"rId{number}", Type=_CUSTOM_REL,
                         Target=CUSTOM_PART)
    return _serialize(root)


def _custom_properties(existing: bytes | None, digest: str) -> bytes:
    """Return custom.xml holding the hash, keeping any other property already there."""
    if existing is None:
        root = etree.Element(f"{{{_CUSTOM_NS}}}Properties", nsmap={None: _CUSTOM_NS, "vt": _VT_NS})
    else:
        root = etree.fromstring(existing, _PARSER)
    properties = list(root.iter(f"{{{_CUSTOM_NS}}}property"))
    for prop in properties:
        if prop.get("name") == PROPERTY:
            root.remove(prop)
    pids = [int(p.get("pid")) for p in properties if (p.get("pid") or "").isdigit()]
    prop = etree.SubElement(root, f"{{{_CUSTOM_NS}}}property", fmtid=_FMTID,
                            pid=str(max(pids, default=1) + 1), name=PROPERTY)
    etree.SubElement(prop, f"{{{_VT_NS}}}lpwstr").text = digest
    return _serialize(root)


def _serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

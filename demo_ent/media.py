"""Deterministic downloadable files of the trap pages: a real .docx, a .zip and an MP4-like video."""

from __future__ import annotations

import io
import random
import struct
import zipfile
from functools import lru_cache

from .content import SCHOOL

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOCX_TARGET = 40 * 1024
ZIP_TARGET = 200 * 1024
MP4_TARGET = 300 * 1024
_DATE = (2026, 9, 1, 8, 0, 0)

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)
_RULES = [
    "Les élèves doivent arriver cinq minutes avant le début des cours.",
    "Le téléphone portable est éteint et rangé dans l'enceinte de l'établissement.",
    "Toute absence doit être justifiée par écrit auprès de la vie scolaire.",
    "Le respect d'autrui et des locaux est une obligation pour chacun.",
    "Le carnet de correspondance doit être présenté à toute demande d'un adulte.",
    "Les sorties pendant les heures de cours ne sont pas autorisées.",
    "Les manuels prêtés doivent être couverts et rendus en bon état.",
]


def _zip(entries: list[tuple[str, bytes]], method: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=_DATE)
            info.compress_type = method
            archive.writestr(info, data)
    return out.getvalue()


def _paragraph(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


@lru_cache(maxsize=1)
def reglement_docx() -> bytes:
    """/docs/reglement.docx: a valid Word document (the school rules), about 40 KB."""
    rng = random.Random("docx:reglement")
    paragraphs = [_paragraph(f"Règlement intérieur du {SCHOOL} (démonstration)")]
    size, article = 0, 0
    while size < DOCX_TARGET - 2000:
        article += 1
        paragraph = _paragraph(f"Article {article}. " + " ".join(rng.sample(_RULES, 3)))
        paragraphs.append(paragraph)
        size += len(paragraph.encode("utf-8"))
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        + "".join(paragraphs)
        + "</w:body></w:document>"
    )
    entries = [
        ("[Content_Types].xml", _CONTENT_TYPES.encode()),
        ("_rels/.rels", _RELS.encode()),
        ("word/document.xml", document.encode("utf-8")),
    ]
    return _zip(entries, zipfile.ZIP_STORED)  # stored: the size stays about DOCX_TARGET


@lru_cache(maxsize=1)
def photos_zip() -> bytes:
    """/docs/photos-sortie.zip: a valid archive of seeded "photos" (noise), about 200 KB."""
    rng = random.Random("zip:photos")
    count = 4
    entries = [(f"sortie-musee/photo-{n}.raw", rng.randbytes(ZIP_TARGET // count)) for n in range(1, count + 1)]
    entries.append(("sortie-musee/LISEZMOI.txt", "Photos de la sortie au musée (démonstration).\n".encode()))
    return _zip(entries, zipfile.ZIP_STORED)


def fake_mp4(seed: str, size: int) -> bytes:
    """``size`` bytes of MP4 look-alike: an ISO BMFF ftyp box then an mdat box of seeded bytes (not playable)."""
    ftyp = b"isom" + struct.pack(">I", 512) + b"isomiso2avc1mp41"
    ftyp_box = struct.pack(">I", 8 + len(ftyp)) + b"ftyp" + ftyp
    payload = random.Random(seed).randbytes(size - len(ftyp_box) - 8)
    return ftyp_box + struct.pack(">I", 8 + len(payload)) + b"mdat" + payload


@lru_cache(maxsize=1)
def presentation_mp4() -> bytes:
    """/docs/presentation.mp4."""
    return fake_mp4("mp4:presentation", MP4_TARGET)

"""Demo research outputs in Spanish and English, with real (small) PDF files.

Published: a bilingual policy brief with two versions, an English working paper, a Spanish
dataset; one network-only, one embargoed, one withdrawn; one waiting for curation; and eight
more public ones (research_library.py), twelve published in all.
"""

from __future__ import annotations

import io
from datetime import date, timedelta

from learning.accounts.models import User
from learning.demo import research_library
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.research.models import ResearchOutput
from learning.research.services.common import programme_today
from learning.research.services.curation import approve, submit, withdraw
from learning.research.services.deposit import (
    CreatorData,
    VersionData,
    add_files,
    create_output,
    new_version,
    remove_file,
)
from learning.storage.filenames import new_key
from learning.storage.models import AVAILABLE, StoredFile
from learning.storage.store import get_storage


def tiny_pdf(title: str) -> bytes:
    """A valid one-page PDF that shows ``title`` (ASCII only, for the built-in font)."""
    text = title.encode("ascii", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 18 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def _files(owner: User, *names: tuple[str, str]) -> list[StoredFile]:
    """Store demo PDFs in the demo's own transaction.

    ``store_upload`` commits each pending row in a transaction of its own, which would wait
    for the demo's open transaction on SQLite; here the row is written with the demo's other
    rows instead (an object left by a failed demo is removed by ``flask storage gc``).
    """
    storage = get_storage()
    rows = []
    for name, title in names:
        row = StoredFile(
            key=new_key("research"),
            kind="research",
            original_name=name,
            content_type="application/pdf",
            uploader_id=owner.id,
        )
        result = storage.put(row.key, io.BytesIO(tiny_pdf(title)), row.content_type)
        row.size, row.sha256 = result.size, result.sha256
        row.state, row.available_at = AVAILABLE, utcnow()
        db.session.add(row)
        rows.append(row)
    db.session.flush()
    return rows


def _make(
    owner: User,
    curator: User,
    *,
    texts: dict[str, tuple[str, str]],
    files: list[tuple[str, str]],
    state: str = "published",
    access: str = "public",
    embargo_until: date | None = None,
    **metadata: object,
) -> ResearchOutput:
    data = VersionData(texts=texts, **metadata)  # type: ignore[arg-type]
    output = create_output(
        owner,
        data,
        access=access,
        embargo_until=embargo_until,
        files=_files(owner, *files),
        today=programme_today(),
    )
    if state in ("submitted", "published"):
        submit(output.newest)
    if state == "published":
        approve(output.newest, curator)
    return output


def load(users: dict[str, User]) -> None:
    """Create the demo outputs (the caller commits)."""
    rosa = users["researcher@demo.puente"]
    carmen = users["curator@demo.puente"]
    cedes = "Centro de Estudios para el Desarrollo"
    rosa_creator = CreatorData("Rosa Investigadora", "0000-0002-1825-0097", cedes)

    brief = _make(
        rosa,
        carmen,
        texts={
            "es": (
                "Política fiscal verde para Centroamérica",
                "Esta nota de política propone impuestos ambientales y bonos verdes para "
                "financiar la transición energética en Costa Rica y Panamá.",
            ),
            "en": (
                "Green fiscal policy for Central America",
                "This policy brief proposes environmental taxes and green bonds to finance "
                "the energy transition in Costa Rica and Panama.",
            ),
        },
        files=[
            ("nota-politica-fiscal-verde.pdf", "Politica fiscal verde"),
            ("green-fiscal-policy-brief.pdf", "Green fiscal policy"),
        ],
        output_type="policy_brief",
        organisation=cedes,
        publication_date=date(2025, 9, 15),
        creators=[rosa_creator, CreatorData("Luis Pérez", None, cedes)],
        languages=["es", "en"],
        keywords=["tributación ambiental", "bonos verdes", "transición energética"],
        themes=["climate", "growth"],
        countries=["CR", "PA"],
        funding_note="Financiado por la Unión Europea / Funded by the European Union.",
    )
    second = new_version(brief, rosa)
    add_files(
        second, _files(rosa, ("nota-politica-fiscal-verde-v2.pdf", "Politica fiscal verde v2"))
    )
    remove_file(second, second.file_links[0].file_id)
    submit(second)
    approve(second, carmen)

    _make(
        rosa,
        carmen,
        texts={
            "en": (
                "Open data and digital government in Guatemala",
                "A working paper on how municipalities publish budgets as open data, and what "
                "journalists do with them.",
            )
        },
        files=[("open-data-guatemala.pdf", "Open data in Guatemala")],
        output_type="working_paper",
        organisation="EU-LAC Knowledge Network",
        publication_date=date(2024, 11, 3),
        creators=[CreatorData("Carmen Curadora", None, "EU-LAC Knowledge Network")],
        languages=["en"],
        keywords=["open data", "municipalities"],
        themes=["digital", "democracy"],
        countries=["GT"],
    )
    _make(
        rosa,
        carmen,
        texts={
            "es": (
                "Encuesta de percepción ciudadana sobre transparencia (datos)",
                "Conjunto de datos de una encuesta a 2.400 personas en Honduras y El Salvador "
                "sobre confianza en las instituciones.",
            )
        },
        files=[("encuesta-transparencia-libro-de-codigos.pdf", "Libro de codigos")],
        access="network",
        output_type="dataset",
        organisation=cedes,
        publication_date=date(2025, 2, 20),
        creators=[rosa_creator],
        languages=["es"],
        keywords=["encuesta", "confianza"],
        themes=["democracy"],
        countries=["HN", "SV"],
    )
    _make(
        rosa,
        carmen,
        texts={
            "es": (
                "Inteligencia artificial en la administración pública mexicana",
                "Informe de investigación sobre el uso de algoritmos en trámites públicos.",
            ),
            "en": (
                "Artificial intelligence in Mexican public administration",
                "Research report on the use of algorithms in public services.",
            ),
        },
        files=[("ia-administracion-publica.pdf", "IA en la administracion publica")],
        access="embargoed",
        embargo_until=programme_today() + timedelta(days=90),
        output_type="research_report",
        organisation=cedes,
        publication_date=date(2025, 10, 1),
        creators=[rosa_creator],
        languages=["es", "en"],
        keywords=["inteligencia artificial", "algoritmos"],
        themes=["digital"],
        countries=["MX"],
    )
    withdrawn = _make(
        rosa,
        carmen,
        texts={
            "es": (
                "Empleo informal en Nicaragua, 2023",
                "Documento de trabajo con estimaciones de empleo informal.",
            )
        },
        files=[("empleo-informal-nicaragua.pdf", "Empleo informal")],
        output_type="working_paper",
        organisation=cedes,
        publication_date=date(2023, 6, 1),
        creators=[rosa_creator],
        languages=["es"],
        keywords=["empleo informal"],
        themes=["growth"],
        countries=["NI"],
    )
    withdraw(
        withdrawn,
        "Se encontró un error en los datos de origen; una edición corregida está en preparación.",
    )
    _make(
        rosa,
        carmen,
        state="submitted",
        texts={
            "es": (
                "Periodismo y desinformación electoral en Centroamérica",
                "Nota de política con recomendaciones para medios y autoridades electorales.",
            ),
            "en": (
                "Journalism and electoral disinformation in Central America",
                "Policy brief with recommendations for media and electoral authorities.",
            ),
        },
        files=[("desinformacion-electoral.pdf", "Desinformacion electoral")],
        output_type="policy_brief",
        organisation=cedes,
        publication_date=date(2025, 11, 1),
        creators=[rosa_creator],
        languages=["es", "en"],
        keywords=["desinformación", "elecciones"],
        themes=["democracy"],
        countries=["GT", "HN", "SV"],
    )
    research_library.load(rosa, carmen, _make)

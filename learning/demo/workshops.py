"""Demo workshops: six published (online, hybrid and in person) across the programme's four
themes, in Spanish and English, with covers and a short video lesson; and one draft."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from learning.accounts.models import User
from learning.demo import library, media
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.storage.filenames import new_key
from learning.storage.models import AVAILABLE, StoredFile
from learning.storage.store import get_storage
from learning.workshops.models import Edition, Enrolment, Workshop
from learning.workshops.services import authoring, curriculum, lessons, materials
from learning.workshops.services.authoring import WorkshopData
from learning.workshops.services.common import Texts
from learning.workshops.services.curriculum import ModuleData
from learning.workshops.services.lessons import LessonData


def _pdf(title: str) -> bytes:
    body = f"BT /F1 18 Tf 72 720 Td ({title}) Tj ET".encode("latin-1", "replace")
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R"
        b"/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
        + f"4 0 obj<</Length {len(body)}>>stream\n".encode()
        + body
        + b"\nendstream endobj\n5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


def _file(name: str, content: bytes, content_type: str, uploader: User) -> StoredFile:
    """Store demo bytes and their row in this transaction (demo only: nothing else runs)."""
    key = new_key("material")
    result = get_storage().put(key, io.BytesIO(content), content_type)
    row = StoredFile(
        key=key,
        kind="material",
        original_name=name,
        content_type=content_type,
        size=result.size,
        sha256=result.sha256,
        state=AVAILABLE,
        available_at=utcnow(),
        uploader_id=uploader.id,
    )
    db.session.add(row)
    return row


def _t(es: str | None, en: str | None, field: str = "title", **more: tuple[str, str]) -> dict:
    texts: dict[str, Texts] = {}
    for index, (language, value) in enumerate((("es", es), ("en", en))):
        if value is None:
            continue
        extra = {name: pair[index] for name, pair in more.items() if pair[index] is not None}
        texts[language] = Texts(**{field: value, **extra})
    return texts


def _live(days: int, hour: int, timezone: str) -> tuple[datetime, datetime]:
    day = (utcnow() + timedelta(days=days)).date()
    start = datetime(day.year, day.month, day.day, hour, 0, tzinfo=ZoneInfo(timezone))
    return start.astimezone(UTC), (start + timedelta(hours=2)).astimezone(UTC)


def _data_journalism(trainer: User) -> Workshop:
    workshop = authoring.save_workshop(
        None,
        WorkshopData(
            slug="periodismo-de-datos",
            texts=_t(
                "Periodismo de datos para la rendición de cuentas",
                "Data journalism for accountability",
                summary=(
                    "Encuentre, limpie y verifique datos públicos para investigar el gasto "
                    "y los contratos del Estado.",
                    "Find, clean and check public data to investigate public spending and "
                    "contracts.",
                ),
                description=(
                    "Un taller **en línea** de seis semanas para periodistas de México y "
                    "Centroamérica.\n\n- Solicitudes de acceso a la información\n"
                    "- Hojas de cálculo para periodistas\n- Visualización responsable",
                    "A six-week **online** workshop for journalists from Mexico and Central "
                    "America.\n\n- Freedom-of-information requests\n- Spreadsheets for "
                    "journalists\n- Responsible visualisation",
                ),
            ),
            themes=["democracy", "digital"],
            audiences=["journalists", "civil-society"],
            teaching_languages=["es", "en"],
            format="online",
            estimated_hours=12,
            trainer_ids=[trainer.id],
        ),
        author=trainer,
    )
    first = curriculum.save_module(
        workshop, None, ModuleData(texts=_t("Encontrar los datos", "Finding the data"))
    )
    second = curriculum.save_module(
        workshop,
        None,
        ModuleData(
            texts=_t("Verificar y publicar", "Checking and publishing"),
            release_on=(utcnow() + timedelta(days=45)).date(),
            prerequisite_id=first.id,
        ),
    )
    lessons.save_lesson(
        first,
        None,
        LessonData(
            kind="text",
            texts=library.lesson_texts("open-data"),
            estimated_minutes=20,
        ),
    )
    video = lessons.save_lesson(
        first,
        None,
        LessonData(
            kind="video",
            texts=_t("Una solicitud de información, paso a paso", "An FOI request, step by step"),
            estimated_minutes=15,
            has_file=True,
        ),
    )
    materials.add_material(
        workshop,
        media.store("material", "solicitud-paso-a-paso.mp4", media.video(), trainer),
        title="Solicitud paso a paso (video)",
        language="es",
        lesson=video,
        uploader=trainer,
    )
    reading = lessons.save_lesson(
        first,
        None,
        LessonData(
            kind="reading",
            texts=_t("Guía de hojas de cálculo", "Spreadsheet guide"),
            estimated_minutes=40,
            has_file=True,
        ),
    )
    materials.add_material(
        workshop,
        _file(
            "guia-hojas-de-calculo.pdf",
            _pdf("Guia de hojas de calculo"),
            "application/pdf",
            trainer,
        ),
        title="Guía de hojas de cálculo",
        language="es",
        description="Fórmulas, filtros y tablas dinámicas con ejemplos de contratos públicos.",
        lesson=reading,
        uploader=trainer,
    )
    lessons.save_lesson(
        second,
        None,
        LessonData(
            kind="quiz",
            texts=_t("Compruebe lo aprendido", "Check what you learnt"),
            estimated_minutes=10,
            required=False,
        ),
    )
    starts, ends = _live(50, 17, "America/Mexico_City")
    lessons.save_lesson(
        second,
        None,
        LessonData(
            kind="live",
            texts=_t(
                "Sesión en vivo: preguntas y respuestas", "Live session: questions and answers"
            ),
            estimated_minutes=120,
            starts_at=starts,
            ends_at=ends,
            timezone="America/Mexico_City",
            meeting_url="https://meet.example.org/puente-datos",
        ),
    )
    materials.add_material(
        workshop,
        _file("programa-del-taller.pdf", _pdf("Programa del taller"), "application/pdf", trainer),
        title="Programa del taller",
        language="es",
        uploader=trainer,
    )
    materials.add_material(
        workshop,
        _file("workshop-syllabus.pdf", _pdf("Workshop syllabus"), "application/pdf", trainer),
        title="Workshop syllabus",
        language="en",
        uploader=trainer,
    )
    authoring.publish(workshop)
    return workshop


def _climate(trainer: User) -> Workshop:
    workshop = authoring.save_workshop(
        None,
        WorkshopData(
            slug="accion-climatica-local",
            texts=_t(
                "Acción climática local y políticas públicas",
                "Local climate action and public policy",
                summary=(
                    "Cómo los municipios diseñan, financian y evalúan planes de adaptación.",
                    "How municipalities design, fund and evaluate adaptation plans.",
                ),
                description=(
                    "Taller **híbrido**: sesiones presenciales en Ciudad de Guatemala y "
                    "trabajo en línea entre sesiones.",
                    "A **hybrid** workshop: sessions in person in Guatemala City and online "
                    "work between them.",
                ),
            ),
            themes=["climate", "growth"],
            audiences=["policy-makers", "civil-society"],
            teaching_languages=["es"],
            format="hybrid",
            estimated_hours=16,
            trainer_ids=[trainer.id],
        ),
        author=trainer,
    )
    module = curriculum.save_module(
        workshop, None, ModuleData(texts=_t("Riesgos y adaptación", "Risk and adaptation"))
    )
    lessons.save_lesson(
        module,
        None,
        LessonData(
            kind="text",
            # Only in Spanish: English readers see it with the "only available in" note.
            texts=library.lesson_texts("risk-maps"),
            estimated_minutes=30,
        ),
    )
    # The demo's own short video, served from storage: it plays on `make run` offline.
    climate_video = lessons.save_lesson(
        module,
        None,
        LessonData(
            kind="video",
            texts=_t("Financiamiento climático", "Climate finance"),
            estimated_minutes=25,
            has_file=True,
        ),
    )
    materials.add_material(
        workshop,
        media.store("material", "financiamiento-climatico.mp4", media.video(), trainer),
        title="Financiamiento climático (video)",
        language="es",
        lesson=climate_video,
        uploader=trainer,
    )
    starts, ends = _live(40, 9, "America/Guatemala")
    lessons.save_lesson(
        module,
        None,
        LessonData(
            kind="live",
            texts=_t("Taller presencial en Guatemala", "In-person session in Guatemala"),
            estimated_minutes=240,
            starts_at=starts,
            ends_at=ends,
            timezone="America/Guatemala",
            place="Zona 10, Ciudad de Guatemala",
        ),
    )
    materials.add_material(
        workshop,
        _file("plan-de-adaptacion.pdf", _pdf("Plan de adaptacion"), "application/pdf", trainer),
        title="Plan de adaptación: plantilla",
        language="es",
        module=module,
        uploader=trainer,
    )
    authoring.publish(workshop)
    return workshop


def _draft(trainer: User) -> Workshop:
    workshop = authoring.save_workshop(
        None,
        WorkshopData(
            slug="gobernanza-digital-ia",
            texts=_t(
                "Gobernanza digital e inteligencia artificial",
                None,
                summary=("Borrador: marcos regulatorios de la IA en la UE y América Latina.", None),
            ),
            themes=["digital"],
            audiences=["policy-makers", "academia"],
            teaching_languages=["es"],
            format="in-person",
            estimated_hours=8,
            trainer_ids=[trainer.id],
        ),
        author=trainer,
    )
    curriculum.save_module(
        workshop, None, ModuleData(texts=_t("La Ley de IA de la UE", "The EU AI Act"))
    )
    return workshop


def load(users: dict[str, User]) -> None:
    """Create the demo workshops, an upcoming edition of each published one, and enrolments."""
    trainer = users["trainer@demo.puente"]
    today = utcnow().date()
    data = _data_journalism(trainer)
    climate = _climate(trainer)
    for workshop, theme in ((data, "democracy"), (climate, "climate")):
        authoring.set_cover(workshop, media.cover(workshop.slug, theme, trainer))
    _draft(trainer)
    library.load(trainer)
    upcoming = Edition(
        workshop_id=data.id,
        name="2026 · 1",
        starts_on=today + timedelta(days=30),
        ends_on=today + timedelta(days=72),
        capacity=30,
    )
    past = Edition(
        workshop_id=data.id,
        name="2025 · 2",
        starts_on=today - timedelta(days=120),
        ends_on=today - timedelta(days=78),
        status="closed",
    )
    in_guatemala = Edition(
        workshop_id=climate.id,
        name="Guatemala 2026",
        starts_on=today + timedelta(days=40),
        ends_on=today + timedelta(days=41),
        timezone="America/Guatemala",
        capacity=25,
    )
    db.session.add_all([upcoming, past, in_guatemala])
    db.session.add_all(
        [
            Enrolment(edition=upcoming, user=users["participant@demo.puente"], state="active"),
            Enrolment(edition=past, user=users["graduate@demo.puente"], state="completed"),
        ]
    )
    db.session.flush()

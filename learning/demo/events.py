"""Demo events: a past forum on democracy with the people who came (checked in at the door,
and a walk-in), an upcoming hybrid forum on the digital alliance with a two-day agenda and a
waitlist and registration questions, and a film screening on climate. They are made through
the events services, as an organiser would (no e-mail is sent)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from learning.accounts.models import User
from learning.events.models import (
    Event,
    EventAttendance,
    EventMaterial,
    EventRegistration,
    EventSessionAttendance,
    EventSurveyResponse,
)
from learning.events.services import agenda, certificates, questions, registrations
from learning.events.services import events as event_services
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.workshops.services.common import Texts

ORGANISER = "trainer@demo.puente"


def _texts(es: tuple[str, str, str], en: tuple[str, str, str]) -> dict[str, Texts]:
    return {
        "es": Texts(title=es[0], summary=es[1], description=es[2]),
        "en": Texts(title=en[0], summary=en[1], description=en[2]),
    }


def _day(days: int, hour: int, zone: str) -> datetime:
    """A wall-clock time ``days`` from today at ``hour`` in ``zone`` (naive, as forms give)."""
    today = utcnow().astimezone(ZoneInfo(zone)).replace(tzinfo=None)
    return today.replace(hour=hour, minute=0, second=0, microsecond=0) + timedelta(days=days)


def _event(author: User, data: event_services.EventData) -> Event:
    event, _notices = event_services.save_event(None, data, author=author)
    event_services.publish(event)
    return event


def _session(event: Event, start: datetime, hours: float, titles: tuple[str, str], **more) -> Any:
    return agenda.save_session(
        event,
        None,
        agenda.SessionData(
            texts={"es": Texts(title=titles[0]), "en": Texts(title=titles[1])},
            starts_at=start,
            ends_at=start + timedelta(hours=hours),
            **more,
        ),
    )


def _past_forum(author: User, users: dict[str, User]) -> None:
    zone = "America/Guatemala"
    event = _event(
        author,
        event_services.EventData(
            texts=_texts(
                ("Foro regional: democracia e integridad electoral",
                 "Autoridades electorales, periodistas y sociedad civil de la región.",
                 "Un día de paneles sobre **integridad electoral** y desinformación."),
                ("Regional forum: democracy and electoral integrity",
                 "Electoral authorities, journalists and civil society from the region.",
                 "A day of panels on **electoral integrity** and disinformation."),
            ),
            kind="forum", format="in-person", themes=["democracy"], countries=["GT", "SV", "HN"],
            timezone=zone, starts_at=_day(-20, 9, zone), ends_at=_day(-20, 17, zone),
            venue="Centro Cultural de España", address="Vía 5 1-23, Zona 4, Ciudad de Guatemala",
            capacity=120,
        ),
    )  # fmt: skip
    _session(event, _day(-20, 9, zone), 1.5, ("Inauguración", "Opening"),
             speakers="Adriana Admin — Programa Puente", interpretation=["en"])  # fmt: skip
    panel = _session(event, _day(-20, 11, zone), 2,
                     ("Desinformación en campaña", "Disinformation in campaigns"),
                     speakers="trainer@demo.puente — Red de Periodistas de Centroamérica\n"
                              "Lucía Herrera — Observatorio Electoral de Honduras")  # fmt: skip
    # A member speaker (named from the account) and a guest, each with a bio.
    agenda.save_bios(panel.speakers[0], {
        "es": "Periodista de datos; forma a redacciones de la región en verificación.",
        "en": "Data journalist; trains newsrooms across the region in fact-checking.",
    })  # fmt: skip
    agenda.save_bios(panel.speakers[1], {
        "es": "Coordina la observación electoral ciudadana en Honduras desde 2013.",
    })  # fmt: skip
    # People who came: registered before the event (written as history).
    for email in ("participant@demo.puente", "graduate@demo.puente", "learner@demo.puente"):
        db.session.add(
            EventRegistration(
                event_id=event.id, user_id=users[email].id, state="registered",
                consent_list=True, created_at=event.starts_at - timedelta(days=10),
            )
        )  # fmt: skip
    # Who came through the door (one did not), and a walk-in without an account.
    day = event.starts_at.astimezone(ZoneInfo(zone)).date()
    for minutes, email in ((5, "participant@demo.puente"), (12, "graduate@demo.puente")):
        db.session.add(
            EventAttendance(
                event_id=event.id, day=day, mode="in-person", user_id=users[email].id,
                recorded_at=event.starts_at + timedelta(minutes=minutes),
            )
        )  # fmt: skip
    db.session.add(
        EventAttendance(
            event_id=event.id, day=day, mode="in-person", name="Marta Quiñónez",
            email="marta.quinonez@example.org", recorded_at=event.starts_at + timedelta(minutes=20),
        )
    )  # fmt: skip
    # After the event (issue 18): who was at each session, the rule for certificates of
    # attendance (both sessions) and the certificates it earned.
    db.session.flush()
    opening, panel = sorted(event.sessions, key=lambda s: s.starts_at)
    for session, email in ((opening, "participant@demo.puente"), (panel, "participant@demo.puente"),
                           (opening, "graduate@demo.puente")):  # fmt: skip
        db.session.add(
            EventSessionAttendance(
                event_id=event.id, session_id=session.id, mode="in-person",
                user_id=users[email].id, recorded_at=session.starts_at + timedelta(minutes=3),
            )
        )  # fmt: skip
    db.session.flush()
    certificates.save_rule(event, "sessions", 2, "any")
    certificates.issue_many(event, certificates.qualifying(event))
    # What stays after it: the recording (public) and the report (registered people only).
    for kind, title, url, access in (
        (
            "recording",
            "Grabación del foro / Forum recording",
            "https://video.example.org/puente/foro-democracia",
            "public",
        ),
        (
            "report",
            "Relatoría del foro / Forum report",
            "https://docs.example.org/puente/relatoria-foro",
            "registered",
        ),
    ):
        db.session.add(
            EventMaterial(event_id=event.id, kind=kind, title=title, url=url, access=access,
                          created_by_id=author.id)
        )  # fmt: skip
    # The satisfaction survey: the two who came answered it.
    for rating, comment, email in (
        (5, "Excelente panel sobre desinformación.", "participant@demo.puente"),
        (4, "", "graduate@demo.puente"),
    ):
        db.session.add(
            EventSurveyResponse(
                event_id=event.id, user_id=users[email].id, rating=rating, comment=comment,
                submitted_at=event.ends_at + timedelta(hours=2),
            )
        )  # fmt: skip


def _upcoming_forum(author: User, users: dict[str, User]) -> None:
    zone = "America/Mexico_City"
    event = _event(
        author,
        event_services.EventData(
            texts=_texts(
                ("Foro de la Alianza Digital UE-ALC",
                 "Dos días sobre datos abiertos, inteligencia artificial y conectividad.",
                 "Foro híbrido: en la sede o en línea, con interpretación español–inglés."),
                ("EU-LAC Digital Alliance forum",
                 "Two days on open data, artificial intelligence and connectivity.",
                 "A hybrid forum: at the venue or online, with Spanish–English interpretation."),
            ),
            kind="forum", format="hybrid", themes=["digital", "growth"], countries=["MX"],
            timezone=zone, starts_at=_day(30, 9, zone), ends_at=_day(31, 18, zone),
            venue="Museo Universitario Arte Contemporáneo", address="Insurgentes Sur 3000, CDMX",
            online_url="https://meet.example.org/alianza-digital", capacity=2,
            closes_at=_day(29, 18, zone),
        ),
    )  # fmt: skip
    program = [
        (0, 9, 1, ("Apertura", "Opening"), "Adriana Admin — Programa Puente", "Auditorio"),
        (0, 10, 2, ("Datos abiertos para la rendición de cuentas",
                    "Open data for accountability"),
         "Rosa Investigadora — Centro de Estudios para el Desarrollo\n"
         "Carmen Curadora — EU-LAC Knowledge Network", "Auditorio"),
        (0, 14, 2, ("Taller: verificar con datos", "Workshop: fact-checking with data"),
         "Tomás Facilitador — Red de Periodistas de Centroamérica", "Sala B"),
        (1, 9, 2, ("Inteligencia artificial y servicios públicos",
                   "Artificial intelligence and public services"),
         "Lee Learner — Belize Civic Forum", "Auditorio"),
        (1, 12, 1.5, ("Conectividad rural", "Rural connectivity"), "", "Sala B"),
        (1, 16, 1, ("Conclusiones", "Conclusions"), "Adriana Admin — Programa Puente", "Auditorio"),
    ]  # fmt: skip
    for day, hour, hours, titles, speakers, room in program:
        _session(event, _day(30 + day, hour, zone), hours, titles, speakers=speakers, room=room,
                 interpretation=["en", "es"],
                 capacity=12 if room == "Sala B" else None)  # fmt: skip
    # Questions the registration form asks, besides consents and needs (issue 18).
    outlet = questions.save_question(
        event,
        None,
        questions.QuestionData(
            kind="text",
            required=True,
            max_length=120,
            labels={
                "es": "¿Qué organización o medio representa?",
                "en": "Which organisation or outlet do you represent?",
            },
        ),
    )
    track = questions.save_question(
        event,
        None,
        questions.QuestionData(
            kind="choice",
            labels={
                "es": "¿Qué taller del segundo día prefiere?",
                "en": "Which workshop on day two do you prefer?",
            },
            options={
                "es": "Datos abiertos\nInteligencia artificial\nConectividad",
                "en": "Open data\nArtificial intelligence\nConnectivity",
            },
        ),
    )
    conduct = questions.save_question(
        event,
        None,
        questions.QuestionData(
            kind="consent",
            required=True,
            labels={
                "es": "Acepto el código de conducta del foro",
                "en": "I accept the forum's code of conduct",
            },
        ),
    )
    # Two places, three people: the last one waits.
    for n, email in enumerate(
        ("graduate@demo.puente", "learner@demo.puente", "participant@demo.puente")
    ):
        registration, _ = registrations.register(
            users[email], event, registrations.Answers(consent_list=True)
        )
        answers = {outlet.id: "Radio Comunitaria del Sur", track.id: str(n % 3), conduct.id: "yes"}
        questions.save_answers(registration, answers)


def _film(author: User) -> None:
    zone = "America/Costa_Rica"
    _event(
        author,
        event_services.EventData(
            texts=_texts(
                ("Cine: «Agua que no has de beber»",
                 "Documental sobre la sequía en el Corredor Seco, con coloquio.",
                 "Proyección seguida de un coloquio con la directora."),
                ("Film: “Water you shall not drink”",
                 "A documentary on drought in the Dry Corridor, with a discussion.",
                 "Screening followed by a discussion with the director."),
            ),
            kind="film", format="in-person", themes=["climate"], countries=["CR"],
            timezone=zone, starts_at=_day(12, 19, zone), ends_at=_day(12, 21, zone),
            venue="Cine Magaly", address="Barrio La California, San José", capacity=180,
        ),
    )  # fmt: skip


def load(users: dict[str, User]) -> None:
    """Add the three demo events, organised by the demo trainer."""
    author = users.get(ORGANISER)
    if author is None:
        return
    _past_forum(author, users)
    _upcoming_forum(author, users)
    _film(author)
    db.session.flush()

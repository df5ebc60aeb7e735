"""Demo calls: an open fellowship for journalists with applications in progress (a draft, a
submitted one), a research stay whose call has closed and is under review, and a decided joint
think-tank project. They are made through the calls services, as staff and applicants would
(no e-mail is sent). The open call asks for a referee (one request is out, its letter not yet
received) and has questions of its own (answered in part by the draft); the call under review
has a panel of two, a rubric and a declared conflict; the decided call has its people
selected, with placements, milestones and a final report."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from learning.accounts.models import User
from learning.calls.models import Call
from learning.calls.services import (
    applications,
    placements,
    questions,
    referees,
    review,
    selection,
)
from learning.calls.services import calls as call_services
from learning.platform.dbtypes import utcnow
from learning.platform.extensions import db
from learning.workshops.services.common import Texts

STAFF = "admin@demo.puente"


def _day(days: int, hour: int, zone: str) -> datetime:
    """A wall-clock time ``days`` from today at ``hour`` in ``zone`` (naive, as forms give)."""
    today = utcnow().astimezone(ZoneInfo(zone)).replace(tzinfo=None)
    return today.replace(hour=hour, minute=0, second=0, microsecond=0) + timedelta(days=days)


def _call(
    author: User, kind: str, es: tuple[str, str], en: tuple[str, str], referees: int = 0, **rules
) -> Call:
    zone = "America/Mexico_City"
    call = call_services.save_call(
        None,
        call_services.CallData(
            texts={
                "es": Texts(title=es[0], summary=es[1], body="Un CV de dos páginas en PDF."),
                "en": Texts(title=en[0], summary=en[1], body="A two-page CV as a PDF."),
            },
            kind=kind,
            timezone=zone,
            opens_at=_day(-20, 9, zone),
            closes_at=_day(15, 17, zone),
            places=3,
            statement_limit=3000,
            referees=referees,
            rules=rules,
        ),
        author=author,
    )
    call_services.open_call(call)
    return call


def _form(call: Call) -> None:
    """The open call's own questions: a required text with a limit, a required choice and an
    optional date."""
    for kind, labels, options, required, limit in [
        ("text", ("¿Qué datos investigaría y por qué?", "Which data would you study, and why?"),
         ("", ""), True, 1000),
        ("choice", ("Medio en el que trabaja", "The outlet you work for"),
         ("Prensa escrita\nRadio\nTelevisión\nMedio digital",
          "Print\nRadio\nTelevision\nDigital outlet"), True, None),
        ("date", ("¿Desde cuándo podría viajar?", "From when could you travel?"),
         ("", ""), False, None),
    ]:  # fmt: skip
        questions.save_question(
            call,
            None,
            questions.CallQuestionData(
                kind=kind,
                required=required,
                max_length=limit,
                labels={"es": labels[0], "en": labels[1]},
                options={"es": options[0], "en": options[1]},
            ),
        )


def _answer(application, submit: bool) -> None:
    asked = questions.questions_of(application.call)
    if not asked:
        return
    given = {str(asked[0].id): "Los contratos municipales de obra pública y sus retrasos."}
    if submit:
        given[str(asked[1].id)] = "3"
    questions.save_draft(application, questions.check_draft(asked, given))


def _apply(user: User, call: Call, title: str, *, submit: bool) -> None:
    application = applications.start(user, call)
    applications.save_profile(
        application,
        applications.Profile(
            country=user.country or "MX",
            sector=user.sector or "media",
            career_stage="early",
            previous_award="no",
        ),
    )
    applications.save_proposal(
        application,
        applications.Proposal(
            project_title=title,
            statement="Propongo una investigación aplicada con socios de la región."
            if submit
            else "",
            start_on=date.today() + timedelta(days=120),
        ),
    )
    if application.call.referees:
        referees.add(
            application,
            "Dra. Lucía Herrera",
            f"referencia.{user.id}@demo.puente",
            "Directora de tesis",
            "es",
        )
    _answer(application, submit)
    if submit:
        applications.submit(application)
        # As on submission: the request goes out (the demo sends no e-mail).
        referees.to_request(application)


def _close(call: Call, status: str, days_ago: int) -> None:
    """Move a call past its close, as time and staff would."""
    call.closes_at = utcnow() - timedelta(days=days_ago)
    call.opens_at = call.closes_at - timedelta(days=30)
    for step in ("closed", "reviewing", "decided"):
        call_services.advance(call, step)
        if step == status:
            break


def _panel(call: Call, users: dict[str, User], author: User) -> None:
    """A panel of two with a two-criterion rubric, each reviewing every submitted application
    (the detected conflict waived); the first reviewer declares a conflict with one."""
    review.add_criterion(
        call, {"es": Texts(title="Pertinencia"), "en": Texts(title="Relevance")}, 2
    )
    review.add_criterion(
        call, {"es": Texts(title="Viabilidad"), "en": Texts(title="Feasibility")}, 1
    )
    members = [users[e] for e in ("curator@demo.puente", "researcher@demo.puente") if e in users]
    for member in members:
        review.add_reviewer(call, member.email)
    # Demo accounts share one e-mail domain, a detected conflict: staff waive it, with a reason.
    for application in applications.applications_of(call):
        if application.state != "submitted":
            continue
        for member in members:
            review.assign(
                application, member, by=author, waiver="Cuentas de demostración: mismo dominio."
            )
    first = members[0] if members else None
    if first is not None:
        mine = review.reviewer_list(call, first)
        if mine:
            review.declare_conflict(mine[0], "Fui coautora de la persona solicitante en 2024.")


def load(users: dict[str, User]) -> None:
    """Add the three demo calls, run by the demo administrator."""
    author = users.get(STAFF)
    if author is None:
        return
    people = [users[e] for e in ("participant@demo.puente", "graduate@demo.puente") if e in users]
    open_call = _call(
        author,
        "fellowship",
        ("Beca de periodismo de datos 2027", "Tres meses en una redacción europea."),
        ("Data journalism fellowship 2027", "Three months in a European newsroom."),
        referees=1,
        country=["GT", "HN", "SV", "NI", "CR", "PA", "BZ", "MX"],
    )
    _form(open_call)
    reviewing = _call(
        author,
        "stay",
        ("Estancias de investigación en políticas climáticas", "Seis semanas en un centro."),
        ("Research stays on climate policy", "Six weeks at a think tank."),
    )
    decided = _call(
        author,
        "project",
        ("Proyectos conjuntos sobre gobernanza digital", "Centros de pensamiento UE-ALC."),
        ("Joint projects on digital governance", "EU-LAC think tanks."),
    )
    if people:
        _apply(people[0], open_call, "Datos de compras públicas", submit=False)
        for person in people:
            _apply(person, reviewing, "Adaptación en el Corredor Seco", submit=True)
            _apply(person, decided, "Identidad digital y derechos", submit=True)
    if len(people) > 1:
        _apply(people[1], open_call, "Presupuestos municipales abiertos", submit=True)
    _close(reviewing, "reviewing", 5)
    _panel(reviewing, users, author)
    _close(decided, "reviewing", 60)
    _place(decided, author)
    db.session.flush()


def _place(call: Call, author: User) -> None:
    """Select every applicant of the decided call and record their placements: the first
    finished, with its final report; the next under way, a milestone done and one to come."""
    chosen = [a for a in applications.applications_of(call) if a.state == "submitted"]
    for application in chosen:
        selection.decide(
            application, "selected", "Propuesta sólida, con socios europeos confirmados.", by=author
        )
    call_services.advance(call, "decided")
    today = date.today()
    for n, application in enumerate(chosen):
        finished = n == 0
        starts = today - timedelta(days=50 if finished else 20)
        placement = placements.create(
            application,
            placements.PlacementData(
                host="Instituto Europeo de Gobernanza Digital, Bruselas"
                if finished
                else "Centro de Políticas Digitales, Lisboa",
                starts_on=starts,
                ends_on=starts + timedelta(days=45 if finished else 90),
                status="completed" if finished else "active",
            ),
        )
        first = placements.add_milestone(placement, "Plan de trabajo acordado", starts)
        placements.toggle_milestone(first)
        last = placements.add_milestone(
            placement, "Seminario de resultados", starts + timedelta(days=40)
        )
        if finished:
            placements.toggle_milestone(last)
            placements.save_report(
                placement,
                "interim",
                "Primeras entrevistas con autoridades de protección de datos.",
            )
            placements.save_report(
                placement,
                "final",
                "La estancia produjo una nota de política sobre identidad digital y derechos, "
                "presentada en el seminario de resultados con socios de la UE y de ALC.",
            )

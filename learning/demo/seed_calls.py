"""Seeded calls: one per workshop of the size, half open (closing within the month) and half
under review, each with bilingual texts and a country rule, and applications of the seeded
participants (half submitted, the rest drafts), so the list and a call's page grow with the
programme. Calls under review have staff on their panel, a two-criterion rubric and a review
to do for each submitted application. One more call is decided: every one of its submitted
applicants is selected and placed, each placement with three milestones."""

from __future__ import annotations

from datetime import date, timedelta

from learning.demo.seed_rows import TOPICS, Seeding, insert_rows, next_id

KINDS = ("fellowship", "stay", "project")
ZONE = "America/Mexico_City"
COUNTRIES = "BZ CR GT HN MX NI PA SV"
STAGES = ("early", "mid", "senior")


QUESTIONS = [
    ("text", "¿Qué datos investigaría?", "Which data would you study?", ("", "")),
    ("choice", "Formato", "Format", ("Presencial\nEn línea", "In person\nOnline")),
    ("file", "Carta de la institución", "Host letter", ("", "")),
]


def seed_calls(run: Seeding, staff: list[int], participants: list[int]) -> None:
    """Write the calls, their rules and applications."""
    rng, now = run.rng, run.now
    count = max(2, run.size.workshops)
    first = next_id("calls")
    calls, texts, rules, applications = [], [], [], []
    panel, criteria, titles, reviews = [], [], [], []
    asked, wordings, answers = [], [], []
    question_id = next_id("call_questions")
    application_id = next_id("call_applications")
    criterion_id = next_id("call_criteria")
    for n in range(count):
        call_id = first + n
        es, en = TOPICS[n % len(TOPICS)]
        open_ = n % 2 == 0
        closes = now + timedelta(days=rng.randint(2, 30)) if open_ else now - timedelta(days=10)
        calls.append(
            {"id": call_id, "kind": KINDS[n % len(KINDS)],
             "status": "open" if open_ else "reviewing", "timezone": ZONE,
             "opens_at": closes - timedelta(days=45), "closes_at": closes, "places": 5,
             "statement_limit": 3000, "submissions_serial": 0,
             "created_by_id": staff[n % len(staff)], "created_at": now, "updated_at": now,
             "published_at": now}
        )  # fmt: skip
        texts += [
            {"call_id": call_id, "language": "es", "title": f"Beca: {es}",
             "summary": f"Una convocatoria sobre {es.lower()}.", "description": "", "body": ""},
            {"call_id": call_id, "language": "en", "title": f"Fellowship: {en}",
             "summary": f"A call on {en.lower()}.", "description": "", "body": ""},
        ]  # fmt: skip
        rules.append({"call_id": call_id, "rule": "country", "value": COUNTRIES})
        if not open_:
            # Under review: staff sit on the panel and have every submitted application.
            panel += [{"call_id": call_id, "user_id": user, "created_at": now} for user in staff]
            for position, (es_title, en_title) in enumerate(
                (("Pertinencia", "Relevance"), ("Viabilidad", "Feasibility"))
            ):
                criteria.append(
                    {"id": criterion_id, "call_id": call_id, "position": position,
                     "weight": 2 - position}
                )  # fmt: skip
                titles += [
                    {"criterion_id": criterion_id, "language": "es", "title": es_title},
                    {"criterion_id": criterion_id, "language": "en", "title": en_title},
                ]
                criterion_id += 1
        own = []
        if open_:
            # The call's own form: a text, a choice and a file question.
            for position, (kind, es_label, en_label, options) in enumerate(QUESTIONS):
                asked.append(
                    {"id": question_id, "call_id": call_id, "position": position, "kind": kind,
                     "required": True, "max_length": 1000 if kind == "text" else None,
                     "file_types": "pdf" if kind == "file" else "", "max_megabytes": None,
                     "created_at": now}
                )  # fmt: skip
                wordings += [
                    {"question_id": question_id, "language": "es", "label": es_label,
                     "options": options[0]},
                    {"question_id": question_id, "language": "en", "label": en_label,
                     "options": options[1]},
                ]  # fmt: skip
                own.append((question_id, kind))
                question_id += 1
        people = rng.sample(participants, min(len(participants), 30))
        for position, user_id in enumerate(people):
            answers += [
                {"application_id": application_id, "question_id": qid, "user_id": user_id,
                 "value": "Los datos de compras públicas." if kind == "text" else "1",
                 "file_id": None}
                for qid, kind in own
                if kind != "file"
            ]  # fmt: skip
            submitted = position % 2 == 0
            if submitted and not open_:
                reviews += [
                    {"application_id": application_id, "reviewer_id": user, "state": "assigned",
                     "conflict_note": "", "waiver_reason": "", "comment": "", "created_at": now}
                    for user in staff
                ]  # fmt: skip
            applications.append(
                {"id": application_id, "call_id": call_id, "user_id": user_id,
                 "state": "submitted" if submitted else "draft", "country": "MX",
                 "sector": "media", "career_stage": STAGES[position % 3],
                 "previous_award": False, "project_title": f"Proyecto {position + 1}",
                 "statement": "Propuesta de investigación aplicada.", "start_on": None,
                 "document_file_id": None, "created_at": closes - timedelta(days=20),
                 "updated_at": closes - timedelta(days=20),
                 "submitted_at": closes - timedelta(days=1, minutes=position)
                 if submitted else None}
            )  # fmt: skip
            application_id += 1
    run.counts["calls"] = insert_rows("calls", calls)
    insert_rows("call_translations", texts)
    insert_rows("call_rules", rules)
    insert_rows("call_questions", asked)
    insert_rows("call_question_translations", wordings)
    run.counts["call_applications"] = insert_rows("call_applications", applications)
    run.counts["call_answers"] = insert_rows("call_answers", answers)
    insert_rows("call_reviewers", panel)
    insert_rows("call_criteria", criteria)
    insert_rows("call_criterion_translations", titles)
    run.counts["call_reviews"] = insert_rows("call_reviews", reviews)
    _seed_decided(run, first + count, staff, participants, application_id)
    run.step("calls")


def _seed_decided(
    run: Seeding, call_id: int, staff: list[int], participants: list[int], application_id: int
) -> None:
    """A decided call whose submitted applicants (half of up to 30 people) are all selected,
    each with a placement of three milestones (the first done)."""
    rng, now = run.rng, run.now
    closes = now - timedelta(days=90)
    people = rng.sample(participants, min(len(participants), 30))
    chosen = people[::2]
    call = {
        "id": call_id, "kind": "stay", "status": "decided", "timezone": ZONE,
        "opens_at": closes - timedelta(days=45), "closes_at": closes,
        "places": max(1, len(chosen)), "statement_limit": 3000, "submissions_serial": 0,
        "referees": 0, "created_by_id": staff[0], "created_at": now, "updated_at": now,
        "published_at": now,
    }  # fmt: skip
    texts = [
        {"call_id": call_id, "language": language, "title": title, "summary": "", "description": "",
         "body": ""}
        for language, title in (("es", "Estancias 2026"), ("en", "Research stays 2026"))
    ]  # fmt: skip
    applications, placements, milestones = [], [], []
    placement_id = next_id("call_placements")
    today = date.today()
    for position, user_id in enumerate(chosen):
        applications.append(
            {"id": application_id, "call_id": call_id, "user_id": user_id, "state": "submitted",
             "country": "MX", "sector": "media", "career_stage": STAGES[position % 3],
             "previous_award": False, "project_title": f"Estancia {position + 1}",
             "statement": "Propuesta de estancia.", "start_on": None, "document_file_id": None,
             "created_at": closes - timedelta(days=20), "updated_at": closes - timedelta(days=20),
             "submitted_at": closes - timedelta(days=2), "decision": "selected",
             "decision_reason": "Propuesta sólida.", "decided_at": closes + timedelta(days=20),
             "decided_by_id": staff[0]}
        )  # fmt: skip
        starts = today - timedelta(days=30)
        placements.append(
            {"id": placement_id, "application_id": application_id, "user_id": user_id,
             "host": f"Centro europeo {position + 1}", "starts_on": starts,
             "ends_on": starts + timedelta(days=90), "status": "active", "interim_text": "",
             "final_text": "", "created_at": now, "updated_at": now}
        )  # fmt: skip
        for step in range(3):
            milestones.append(
                {"placement_id": placement_id, "title": f"Hito {step + 1}",
                 "due_on": starts + timedelta(days=30 * step),
                 "done_at": now if step == 0 else None}
            )  # fmt: skip
        application_id += 1
        placement_id += 1
    run.counts["calls"] += insert_rows("calls", [call])
    insert_rows("call_translations", texts)
    run.counts["call_applications"] += insert_rows("call_applications", applications)
    run.counts["call_placements"] = insert_rows("call_placements", placements)
    insert_rows("call_milestones", milestones)

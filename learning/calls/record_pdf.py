"""The decision record as a PDF for the funder: the call, then each submitted application in
the ranking's order with who reviewed it and their weighted scores and confidence, the raw and
normalised means, the panel's decision and its reason — the same facts as the CSV, in the
reader's language, on A4 landscape pages with the EU emblem and funding statement (drawn with
the certificates' helpers, learning/completion/certificates.py).

ReportLab's built-in Helvetica writes Spanish accents as real text, so the record can be
searched and copied."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from babel.dates import format_datetime
from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from learning.calls.models import DECISIONS, KINDS, Call
from learning.calls.services.selection import Rank
from learning.completion.certificates import BLUE, GREY, _eu_emblem
from learning.language.i18n import session_time
from learning.language.taxonomy import country_name
from learning.platform.dbtypes import utcnow
from learning.platform.settings import programme as programme_settings

BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=8.5, leading=10.5)
HEAD = ParagraphStyle(
    "head", parent=BODY, fontName="Helvetica-Bold", fontSize=8, textColor=HexColor("#ffffff")
)
TITLE = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=16, leading=20, textColor=BLUE)
NOTE = ParagraphStyle("note", parent=BODY, fontSize=9.5, leading=12, textColor=GREY)


def _p(value: object, style: ParagraphStyle = BODY) -> Paragraph:
    return Paragraph(escape(str(value)).replace("\n", "<br/>"), style)


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def render_record(call: Call, ranks: list[Rank], language: str) -> bytes:
    """The call's decision record as a PDF in ``language`` (the request's locale is used for
    the words; ``language`` for names of countries and the call's texts)."""
    settings = programme_settings()
    programme = settings.name or current_app.config.get("PROGRAMME_NAME", "Puente")
    funded = settings.funding_note(language)
    text = call.text(language)
    title = text.title if text else f"#{call.id}"
    heading = _("Decision record")
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=14 * mm,
        rightMargin=14 * mm,
        topMargin=30 * mm,
        bottomMargin=16 * mm,
        title=f"{heading} · {title}",
        author=programme,
        invariant=True,
    )
    page_label = _("Page %(number)s")

    def frame(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        width, height = landscape(A4)
        canvas.saveState()
        _eu_emblem(canvas, 14 * mm, height - 24 * mm, 12 * mm)
        canvas.setFillColor(HexColor("#111111"))
        canvas.setFont("Helvetica-Bold", 9)
        canvas.drawString(14 * mm + 18 * mm + 6, height - 16 * mm, funded)
        canvas.setFont("Helvetica", 9)
        canvas.setFillColor(GREY)
        canvas.drawString(14 * mm + 18 * mm + 6, height - 21 * mm, f"{programme} · {heading}")
        canvas.drawRightString(width - 14 * mm, 9 * mm, page_label % {"number": doc.page})
        canvas.restoreState()

    reviewed = sum(1 for r in ranks if r.reviews)
    chosen = sum(1 for r in ranks if r.application.decision == "selected")
    story: list = [
        _p(f"{heading}: {title}", TITLE),
        Spacer(1, 4),
        _p(
            " · ".join(
                (
                    str(KINDS.get(call.kind, call.kind)),
                    _("Closed %(when)s", when=session_time(call.closes_at, call.timezone)),
                    ngettext("%(num)s place", "%(num)s places", call.places),
                    _("%(count)s applications submitted", count=len(ranks)),
                    _("%(count)s reviewed", count=reviewed),
                    _("%(count)s selected", count=chosen),
                )
            ),
            NOTE,
        ),
        _p(
            _(
                "Made on %(when)s. Scores are weighted means from 0 to 5; the normalised mean "
                "evens out harsh and lenient reviewers.",
                when=format_datetime(utcnow(), "medium", locale=language),
            ),
            NOTE,
        ),
        Spacer(1, 8),
    ]
    header = [
        _("Applicant"),
        _("Country"),
        _("Project"),
        _("Reviewer"),
        _("Score"),
        _("Confidence"),
        _("Raw mean"),
        _("Normalised mean"),
        _("Decision"),
        _("Reason"),
    ]
    rows: list[list] = [[_p(h, HEAD) for h in header]]
    lines = []
    for rank in ranks:
        a = rank.application
        decision = str(DECISIONS.get(a.decision or "", "—"))
        if a.decision == "waitlisted" and a.waitlist_position:
            decision = f"{decision} ({a.waitlist_position})"
        reviews = rank.reviews or [(None, None)]
        first = len(rows)
        for n, (review, score) in enumerate(reviews):
            rows.append(
                [
                    _p(a.user.name) if n == 0 else "",
                    _p(country_name(a.country or "", language)) if n == 0 else "",
                    _p(a.project_title) if n == 0 else "",
                    _p(review.reviewer.name if review is not None else _("No review")),
                    _p(_score(score)),
                    _p(review.confidence if review is not None and review.confidence else "—"),
                    _p(_score(rank.raw)) if n == 0 else "",
                    _p(_score(rank.normalised)) if n == 0 else "",
                    _p(decision) if n == 0 else "",
                    _p(a.decision_reason or "—") if n == 0 else "",
                ]
            )
        # A heavier line above each application (no spans: a long one may break across pages).
        lines.append(("LINEABOVE", (0, first), (-1, first), 1.2, BLUE))
    if len(rows) == 1:
        story.append(_p(_("No application was submitted to this call."), NOTE))
    else:
        widths = [32, 19, 40, 31, 18, 18, 16, 23, 24, 45]
        total = landscape(A4)[0] - 28 * mm
        table = Table(
            rows,
            colWidths=[total * w / sum(widths) for w in widths],
            repeatRows=1,
        )
        table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), BLUE),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("INNERGRID", (0, 0), (-1, -1), 0.3, HexColor("#cccccc")),
                    ("BOX", (0, 0), (-1, -1), 0.6, GREY),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                    *lines,
                ]
            )
        )
        story.append(table)
    document.build(story, onFirstPage=frame, onLaterPages=frame)
    return buffer.getvalue()

"""The certificate PDF: the participant's name, the workshop, the edition's dates, hours,
trainers, the public code and a QR code of the verification page, in Spanish, English or both;
the EU emblem with the funding statement (the EU's visibility rules for funded actions) and the
programme's signature line, both from the programme settings.

ReportLab's built-in Helvetica (WinAnsi) writes Spanish accents as real text, so the name and
the code can be searched and copied; the QR code is drawn as vector squares (segno's matrix).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from datetime import date

import segno
from babel.dates import format_date
from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from reportlab.lib.colors import HexColor, white
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from learning.completion.models import Certificate
from learning.platform.settings import programme as programme_settings

BLUE = HexColor("#1d3f73")
GREY = HexColor("#555555")
# The EU emblem's colours (the EU's graphic guide: Reflex Blue and Yellow).
EU_BLUE = HexColor("#003399")
EU_YELLOW = HexColor("#FFCC00")


def verification_url(certificate: Certificate) -> str:
    """The public page that says whether the certificate is valid."""
    return url_for("completion.verify", code=certificate.code, _external=True)


@dataclass
class Lines:
    """The certificate's sentences in one language."""

    heading: str
    certifies: str
    completed: str
    dates: str
    hours: str
    trainers: str
    code: str
    verify: str
    funded: str
    signatory: str
    # Who signs (the same in every language; empty: the role alone).
    signer: str = ""


def _lines(certificate: Certificate, language: str) -> Lines:
    enrolment = certificate.enrolment
    edition = enrolment.edition
    workshop = edition.workshop
    settings = programme_settings()
    with force_locale(language):
        trainer_names = ", ".join(t.name for t in workshop.trainers)
        return Lines(
            heading=_("Certificate of completion"),
            certifies=_("This certifies that"),
            completed=_("completed the workshop"),
            dates=_(
                "Edition %(name)s, from %(start)s to %(end)s",
                name=edition.name,
                start=format_date(edition.starts_on, "long", locale=language),
                end=format_date(edition.ends_on, "long", locale=language),
            ),
            hours=_("%(hours)s hours of training", hours=workshop.estimated_hours),
            trainers=_("Trainers: %(names)s", names=trainer_names) if trainer_names else "",
            code=_("Certificate code: %(code)s", code=certificate.code),
            verify=_("Check that it is valid at %(url)s", url=verification_url(certificate)),
            funded=settings.funding_note(language),
            signatory=_(
                "%(role)s, %(programme)s",
                role=settings.signatory_role(language),
                programme=settings.name,
            ),
            signer=settings.signatory_name,
        )


def _title(certificate: Certificate, language: str) -> str:
    text = certificate.enrolment.edition.workshop.text(language)
    return text.title if text else certificate.enrolment.edition.workshop.slug


def _fit(canvas: Canvas, text: str, font: str, size: float, width: float) -> float:
    """The largest size up to ``size`` at which ``text`` fits in ``width``."""
    while size > 8 and canvas.stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def _centred(canvas: Canvas, y: float, text: str, font: str, size: float, colour=None) -> None:
    width, _height = landscape(A4)
    size = _fit(canvas, text, font, size, width - 120)
    canvas.setFont(font, size)
    canvas.setFillColor(colour or GREY)
    canvas.drawCentredString(width / 2, y, text)


def _qr(canvas: Canvas, data: str, x: float, y: float, size: float) -> None:
    """Draw ``data`` as a QR code (with its quiet zone) in a ``size`` square at (x, y)."""
    code = segno.make(data, error="m")
    rows = list(code.matrix_iter(scale=1, border=4))
    module = size / len(rows)
    canvas.setFillColor(white)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    for r, row in enumerate(rows):
        for c, dark in enumerate(row):
            if dark:
                top = y + size - (r + 1) * module
                canvas.rect(x + c * module, top, module, module, stroke=0, fill=1)


def _star(canvas: Canvas, cx: float, cy: float, radius: float) -> None:
    """A five-pointed star, one point up, inscribed in a circle of ``radius``."""
    inner = radius * math.sin(math.radians(18)) / math.sin(math.radians(126))
    path = canvas.beginPath()
    for point in range(10):
        r = radius if point % 2 == 0 else inner
        angle = math.radians(90 + point * 36)
        x, y = cx + r * math.cos(angle), cy + r * math.sin(angle)
        if point == 0:
            path.moveTo(x, y)
        else:
            path.lineTo(x, y)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)


def _eu_emblem(canvas: Canvas, x: float, y: float, height: float) -> None:
    """The EU emblem at (x, y), ``height`` high, as the EU's graphic guide draws it: a blue
    rectangle one and a half times as wide as high; twelve gold stars, upright, on an
    invisible circle whose radius is a third of the height, each star's points on a circle
    of a eighteenth of the height, placed like the hours on a clock face."""
    width = height * 1.5
    canvas.setFillColor(EU_BLUE)
    canvas.rect(x, y, width, height, stroke=0, fill=1)
    canvas.setFillColor(EU_YELLOW)
    cx, cy = x + width / 2, y + height / 2
    for hour in range(12):
        angle = math.radians(90 - hour * 30)
        _star(
            canvas,
            cx + height / 3 * math.cos(angle),
            cy + height / 3 * math.sin(angle),
            height / 18,
        )


def _signature(canvas: Canvas, primary: Lines, second: Lines | None) -> None:
    """The programme's signature line, bottom right: a line to sign on, and who signs."""
    width, _height = landscape(A4)
    right, left = width - 56, width - 56 - 230
    canvas.setStrokeColor(GREY)
    canvas.setLineWidth(0.8)
    canvas.line(left, 104, right, 104)
    canvas.setFillColor(GREY)
    y = 90
    if primary.signer:
        canvas.setFont("Helvetica-Bold", 10)
        canvas.drawCentredString((left + right) / 2, y, primary.signer)
        y -= 13
    canvas.setFont("Helvetica", 10)
    canvas.drawCentredString((left + right) / 2, y, primary.signatory)
    if second:
        canvas.setFont("Helvetica-Oblique", 9)
        canvas.drawCentredString((left + right) / 2, y - 13, second.signatory)


def render_pdf(certificate: Certificate, language: str) -> bytes:
    """The certificate as a one-page A4 landscape PDF; ``language`` "es", "en" or "bilingual"."""
    languages = ["es", "en"] if language == "bilingual" else [language]
    return draw_pdf(
        Page(
            name=certificate.enrolment.user.name,
            languages=languages,
            lines=[_lines(certificate, lang) for lang in languages],
            titles=[_title(certificate, lang) for lang in languages],
            url=verification_url(certificate),
            issued=certificate.issued_at.date(),
        )
    )


@dataclass
class Page:
    """What a certificate page says, whatever it certifies (the events' certificates of
    attendance draw with it too): the holder, one ``Lines`` and title per language (one or
    two), the verification address for the QR code, and the day it was issued."""

    name: str
    languages: list[str]
    lines: list[Lines]
    titles: list[str]
    url: str
    issued: date


def draw_pdf(page: Page) -> bytes:
    """A certificate as a one-page A4 landscape PDF: the EU emblem and funding statement, the
    texts (the second language in italics), the QR code and the signature line."""
    languages = page.languages
    primary = page.lines[0]
    second = page.lines[1] if len(page.lines) > 1 else None
    name = page.name
    buffer = io.BytesIO()
    width, height = landscape(A4)
    canvas = Canvas(buffer, pagesize=(width, height), invariant=True)
    programme = programme_settings().name or current_app.config.get("PROGRAMME_NAME", "Puente")
    canvas.setTitle(f"{primary.heading} · {name}")
    canvas.setAuthor(programme)
    canvas.setStrokeColor(BLUE)
    canvas.setLineWidth(3)
    canvas.rect(24, 24, width - 48, height - 48)

    # The EU's visibility rules for funded actions: the emblem with the funding statement
    # beside it, in the certificate's language (both, for the bilingual one).
    emblem = 36
    _eu_emblem(canvas, 44, height - 44 - emblem, emblem)
    canvas.setFillColor(HexColor("#111111"))
    canvas.setFont("Helvetica-Bold", 10)
    canvas.drawString(44 + emblem * 1.5 + 10, height - 44 - 14, primary.funded)
    if second and second.funded != primary.funded:
        canvas.setFont("Helvetica", 10)
        canvas.drawString(44 + emblem * 1.5 + 10, height - 44 - 28, second.funded)

    y = height - 90
    _centred(canvas, y, programme, "Helvetica-Bold", 14, BLUE)
    y -= 44
    _centred(canvas, y, primary.heading, "Helvetica-Bold", 30, BLUE)
    if second:
        y -= 22
        _centred(canvas, y, second.heading, "Helvetica-Oblique", 14)
    y -= 40
    _centred(canvas, y, primary.certifies + (f" / {second.certifies}" if second else ""),
             "Helvetica", 13)  # fmt: skip
    y -= 38
    _centred(canvas, y, name, "Helvetica-Bold", 26, HexColor("#111111"))
    y -= 32
    _centred(canvas, y, primary.completed + (f" / {second.completed}" if second else ""),
             "Helvetica", 13)  # fmt: skip
    y -= 32
    _centred(canvas, y, page.titles[0], "Helvetica-Bold", 18, BLUE)
    if second:
        y -= 20
        _centred(canvas, y, page.titles[1], "Helvetica-Oblique", 12)
    for line, other in (
        (primary.dates, second.dates if second else None),
        (primary.hours, second.hours if second else None),
        (primary.trainers, second.trainers if second else None),
    ):
        if not line:
            continue
        y -= 22
        _centred(canvas, y, line, "Helvetica", 12)
        if other:
            y -= 15
            _centred(canvas, y, other, "Helvetica-Oblique", 10)

    qr_size = 110
    _qr(canvas, page.url, 50, 44, qr_size)
    canvas.setFillColor(GREY)
    canvas.setFont("Helvetica", 10)
    canvas.drawString(50 + qr_size + 14, 44 + 64, primary.code)
    canvas.setFont("Helvetica", 9)
    canvas.drawString(50 + qr_size + 14, 44 + 48, primary.verify)
    if second:
        canvas.setFont("Helvetica-Oblique", 9)
        canvas.drawString(50 + qr_size + 14, 44 + 34, second.verify)
    with force_locale(languages[0]):
        issued = _("Issued on %(date)s", date=format_date(
            page.issued, "long", locale=languages[0]))  # fmt: skip
    canvas.setFont("Helvetica", 9)
    canvas.drawString(50 + qr_size + 14, 44 + 20, issued)
    _signature(canvas, primary, second)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()

"""The certificate PDF: the participant's name, the workshop, the edition's dates, hours,
trainers, the public code and a QR code of the verification page, in Spanish, English or both.

ReportLab's built-in Helvetica (WinAnsi) writes Spanish accents as real text, so the name and
the code can be searched and copied; the QR code is drawn as vector squares (segno's matrix).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import segno
from babel.dates import format_date
from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from reportlab.lib.colors import HexColor, white
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from learning.completion.models import Certificate

BLUE = HexColor("#1d3f73")
GREY = HexColor("#555555")


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


def _lines(certificate: Certificate, language: str) -> Lines:
    enrolment = certificate.enrolment
    edition = enrolment.edition
    workshop = edition.workshop
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


def render_pdf(certificate: Certificate, language: str) -> bytes:
    """The certificate as a one-page A4 landscape PDF; ``language`` "es", "en" or "bilingual"."""
    languages = ["es", "en"] if language == "bilingual" else [language]
    primary = _lines(certificate, languages[0])
    second = _lines(certificate, languages[1]) if len(languages) > 1 else None
    name = certificate.enrolment.user.name
    buffer = io.BytesIO()
    width, height = landscape(A4)
    canvas = Canvas(buffer, pagesize=(width, height), invariant=True)
    programme = current_app.config.get("PROGRAMME_NAME", "Puente")
    canvas.setTitle(f"{primary.heading} · {name}")
    canvas.setAuthor(programme)
    canvas.setStrokeColor(BLUE)
    canvas.setLineWidth(3)
    canvas.rect(24, 24, width - 48, height - 48)

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
    _centred(canvas, y, _title(certificate, languages[0]), "Helvetica-Bold", 18, BLUE)
    if second:
        y -= 20
        _centred(canvas, y, _title(certificate, languages[1]), "Helvetica-Oblique", 12)
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
    _qr(canvas, verification_url(certificate), 50, 44, qr_size)
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
            certificate.issued_at.date(), "long", locale=languages[0]))  # fmt: skip
    canvas.setFont("Helvetica", 9)
    canvas.drawString(50 + qr_size + 14, 44 + 20, issued)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()

"""Research fixtures: outputs made through the service layer, as a researcher and a curator
would make them, and PDF bytes the storage layer accepts."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from learning.platform.extensions import db
from learning.research.services.curation import approve, submit, withdraw
from learning.research.services.deposit import CreatorData, VersionData, create_output
from learning.storage.services import store_upload

PDF = b"%PDF-1.7\n" + b"x" * 2000 + b"\n%%EOF\n"


def pdf_upload(name: str = "brief.pdf") -> tuple[io.BytesIO, str, str]:
    """A file for a multipart form."""
    return (io.BytesIO(PDF), name, "application/pdf")


@pytest.fixture
def make_output(app, make_user) -> Callable[..., Any]:
    """make_output(title_es=..., state="published", access="public", ...) -> ResearchOutput."""
    curator_box: dict[str, Any] = {}

    def factory(
        *,
        owner: Any = None,
        title_es: str | None = "Política fiscal y cambio climático",
        abstract_es: str | None = "Un análisis de la política fiscal en Centroamérica.",
        title_en: str | None = None,
        abstract_en: str | None = None,
        keywords: tuple[str, ...] = ("fiscal",),
        creators: tuple[str, ...] = ("Rosa Quesada",),
        output_type: str = "policy_brief",
        themes: tuple[str, ...] = ("climate",),
        countries: tuple[str, ...] = ("CR",),
        languages: tuple[str, ...] = ("es",),
        organisation: str = "Centro de Estudios",
        publication_date: date = date(2025, 3, 1),
        state: str = "published",
        access: str = "public",
        embargo_until: date | None = None,
        files: int = 1,
        doi: str | None = None,
    ) -> Any:
        owner = owner or make_user(roles=["researcher"])
        rows = [
            store_upload(io.BytesIO(PDF), f"file-{n}.pdf", kind="research", uploader_id=owner.id)
            for n in range(files)
        ]
        texts = {}
        if title_es:
            texts["es"] = (title_es, abstract_es or "")
        if title_en:
            texts["en"] = (title_en, abstract_en or "")
        data = VersionData(
            output_type=output_type,
            organisation=organisation,
            publication_date=publication_date,
            texts=texts,
            creators=[CreatorData(name=name) for name in creators],
            languages=list(languages),
            keywords=list(keywords),
            themes=list(themes),
            countries=list(countries),
            doi=doi,
        )
        output = create_output(
            owner, data, access="public", embargo_until=None, files=rows, today=date(2000, 1, 1)
        )
        output.access = access
        output.embargo_until = embargo_until
        if state in ("submitted", "published", "withdrawn"):
            submit(output.newest)
        if state in ("published", "withdrawn"):
            if "curator" not in curator_box:
                curator_box["curator"] = make_user(roles=["curator"])
            approve(output.newest, curator_box["curator"])
        if state == "withdrawn":
            withdraw(output, "Superseded by a corrected edition.")
        db.session.commit()
        return output

    return factory


@pytest.fixture
def library(make_output):
    make_output(
        title_es="Política de datos abiertos",
        abstract_es="Gobierno digital en Guatemala.",
        themes=("digital",),
        countries=("GT",),
        publication_date=date(2024, 5, 1),
    )
    make_output(
        title_es="Transparencia municipal",
        abstract_es="Una política local de rendición de cuentas.",
        themes=("democracy",),
        output_type="working_paper",
        publication_date=date(2025, 1, 1),
    )
    make_output(
        title_es=None,
        title_en="Energy transition finance",
        abstract_en="Green bonds and carbon pricing.",
        creators=("Ana Müller",),
        languages=("en",),
        keywords=("clima",),
        themes=("climate",),
        publication_date=date(2023, 2, 1),
    )
    make_output(title_es="Política embargada", access="network")
    make_output(title_es="Política en borrador", state="draft")
    make_output(title_es="Política retirada", state="withdrawn")

"""Eight more published demo research outputs (public, each with a small PDF), so that the
research pages and the home page show the network's range: every programme theme and
country, policy briefs, working papers, reports, an article, a chapter, a dataset and a
presentation, in Spanish, English or both."""

from __future__ import annotations

from datetime import date
from typing import Any

from learning.accounts.models import User
from learning.research.services.deposit import CreatorData

ICEFI = "Instituto Centroamericano de Estudios Fiscales"
FUNDAUNGO = "Fundación Dr. Guillermo Manuel Ungo"
EULAC = "EU-LAC Knowledge Network"

# (texts by language: (title, abstract)), file name, metadata
OUTPUTS: list[tuple[dict[str, tuple[str, str]], str, dict[str, Any]]] = [
    (
        {
            "es": ("Transparencia presupuestaria municipal en Guatemala",
                   "Índice de transparencia de 60 municipios guatemaltecos: qué publican sobre "
                   "su presupuesto, con qué detalle y con cuánto retraso."),
            "en": ("Municipal budget transparency in Guatemala",
                   "A transparency index of 60 Guatemalan municipalities: what they publish "
                   "about their budgets, in how much detail and how late."),
        },
        "transparencia-municipal-guatemala.pdf",
        dict(output_type="policy_brief", organisation=ICEFI, publication_date=date(2025, 7, 8),
             creators=[CreatorData("Ana Lucía Castillo", None, ICEFI)], languages=["es", "en"],
             keywords=["transparencia", "municipios", "presupuesto"],
             themes=["democracy"], countries=["GT"]),
    ),
    (
        {
            "es": ("Participación política de las mujeres en El Salvador, 2015-2024",
                   "Documento de trabajo sobre candidaturas, escaños y cargos de decisión "
                   "ocupados por mujeres en cuatro ciclos electorales."),
        },
        "participacion-politica-mujeres-sv.pdf",
        dict(output_type="working_paper", organisation=FUNDAUNGO,
             publication_date=date(2025, 3, 8),
             creators=[CreatorData("María José Rivas", None, FUNDAUNGO)], languages=["es"],
             keywords=["participación política", "igualdad de género", "elecciones"],
             themes=["democracy", "growth"], countries=["SV"]),
    ),
    (
        {
            "en": ("Climate finance readiness in Belize and Honduras",
                   "A research report on how national and local institutions prepare, "
                   "submit and track proposals to international climate funds."),
        },
        "climate-finance-readiness.pdf",
        dict(output_type="research_report", organisation=EULAC,
             publication_date=date(2025, 5, 20),
             creators=[CreatorData("Daniel Young", None, "University of Belize"),
                       CreatorData("Karla Mejía", None, "Universidad Nacional Autónoma de "
                                   "Honduras")],
             languages=["en"], keywords=["climate finance", "adaptation"],
             themes=["climate"], countries=["BZ", "HN"]),
    ),
    (
        {
            "es": ("Economía digital y empleo juvenil en Panamá y Costa Rica",
                   "Artículo que estima cuántos empleos de plataformas digitales ocupan "
                   "personas jóvenes y en qué condiciones."),
            "en": ("Digital economy and youth employment in Panama and Costa Rica",
                   "An article estimating how many digital-platform jobs young people hold, "
                   "and on what terms."),
        },
        "economia-digital-empleo-juvenil.pdf",
        dict(output_type="journal_article", organisation="Centro de Estudios para el Desarrollo",
             publication_date=date(2024, 9, 30),
             creators=[CreatorData("Rosa Investigadora", "0000-0002-1825-0097",
                                   "Centro de Estudios para el Desarrollo")],
             languages=["es", "en"], keywords=["economía digital", "empleo juvenil"],
             themes=["digital", "growth"], countries=["PA", "CR"], doi="10.5555/puente.2024.09"),
    ),
    (
        {
            "es": ("Agua y sequía en el Corredor Seco de Nicaragua",
                   "Capítulo sobre la gestión comunitaria del agua y las respuestas "
                   "municipales a tres años de sequía."),
        },
        "agua-corredor-seco-nicaragua.pdf",
        dict(output_type="book_chapter", organisation="Red de Centros de Pensamiento del SICA",
             publication_date=date(2024, 4, 22),
             creators=[CreatorData("Jorge Téllez", None, "Universidad Centroamericana")],
             languages=["es"], keywords=["agua", "sequía", "Corredor Seco"],
             themes=["climate"], countries=["NI"]),
    ),
    (
        {
            "es": ("Contrataciones públicas abiertas en México: base de datos 2020-2025",
                   "Conjunto de datos con 48.000 contratos federales normalizados, con "
                   "proveedores, montos y procedimientos, y su libro de códigos."),
            "en": ("Open public procurement in Mexico: 2020-2025 database",
                   "A dataset of 48,000 normalised federal contracts, with suppliers, amounts "
                   "and procedures, and its codebook."),
        },
        "contrataciones-abiertas-mexico.pdf",
        dict(output_type="dataset", organisation="Laboratorio de Datos Cívicos",
             publication_date=date(2025, 10, 14),
             creators=[CreatorData("Héctor Ramírez", None, "Laboratorio de Datos Cívicos")],
             languages=["es", "en"], keywords=["contrataciones", "datos abiertos"],
             themes=["democracy", "digital"], countries=["MX"], licence="CC0-1.0"),
    ),
    (
        {
            "en": ("The EU-LAC Digital Alliance: what it offers Central America",
                   "Slides from the network's regional forum: connectivity, data governance "
                   "and cooperation opportunities under the Global Gateway."),
        },
        "eu-lac-digital-alliance.pdf",
        dict(output_type="presentation", organisation=EULAC,
             publication_date=date(2025, 11, 18),
             creators=[CreatorData("Carmen Curadora", None, EULAC)], languages=["en"],
             keywords=["Global Gateway", "connectivity", "data governance"],
             themes=["digital"], countries=["ES", "CR", "PA"]),
    ),
    (
        {
            "es": ("Remesas, inclusión financiera y desarrollo local en Honduras",
                   "Nota de política con propuestas para que las remesas lleguen a productos "
                   "de ahorro y crédito en cooperativas locales."),
            "en": ("Remittances, financial inclusion and local development in Honduras",
                   "A policy brief with proposals so that remittances reach savings and credit "
                   "products in local cooperatives."),
        },
        "remesas-inclusion-financiera.pdf",
        dict(output_type="policy_brief", organisation=ICEFI,
             publication_date=date(2025, 12, 1),
             creators=[CreatorData("Luis Pérez", None, ICEFI)], languages=["es", "en"],
             keywords=["remesas", "inclusión financiera", "cooperativas"],
             themes=["growth"], countries=["HN"]),
    ),
]  # fmt: skip


def load(owner: User, curator: User, make: Any) -> None:
    """Create and publish the outputs with ``make`` (research.py's ``_make``)."""
    for texts, name, metadata in OUTPUTS:
        title = next(iter(texts.values()))[0]
        make(owner, curator, texts=texts, files=[(name, title)], **metadata)

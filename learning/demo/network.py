"""Demo network: organisations from the programme's countries (a think tank, a university, a
newsroom, a civil-society organisation, a public body, a business association and an
international organisation; some verified, one proposed by a member and waiting for review),
the demo people's profiles with varied audiences (public, members only, private, and a
journalist who hides contact and location) and their memberships. Made through the network's
services, as staff and members would."""

from __future__ import annotations

from learning.accounts.models import User
from learning.network.services import organisations as orgs
from learning.network.services import profiles

ORGANISATIONS = [
    # kind, name, acronym, country, city, description es, description en, themes, verified
    ("think-tank", "Centro de Estudios para el Desarrollo", "CED", "CR", "San José",
     "Centro de pensamiento sobre política fiscal y crecimiento inclusivo.",
     "Think tank on fiscal policy and inclusive growth.", ["growth", "climate"], True),
    ("media", "Red de Periodistas de Centroamérica", "RPC", "GT", "Ciudad de Guatemala",
     "Red regional de periodistas de investigación.", "", ["democracy", "digital"], True),
    ("civil-society", "Radio Comunitaria Sur", "", "HN", "Choluteca",
     "Radio comunitaria del sur de Honduras.", "", ["democracy"], False),
    ("public-body", "Asamblea Legislativa", "", "SV", "San Salvador",
     "", "The legislature of El Salvador.", ["democracy"], True),
    ("university", "Universidad de Panamá", "UP", "PA", "Ciudad de Panamá",
     "Universidad pública con un observatorio de transformación digital.",
     "Public university with a digital transformation observatory.", ["digital"], False),
    ("business-association", "Cámara de Comercio Regional", "CCR", "MX", "Ciudad de México",
     "Asociación empresarial de comercio con la Unión Europea.",
     "Business association for trade with the European Union.", ["growth"], False),
    ("international", "Belize Civic Forum", "BCF", "BZ", "Belmopan",
     "", "A civic forum of Belizean organisations.", ["democracy", "climate"], False),
]  # fmt: skip

PROFILES = {
    # e-mail: visibility, headline, city, country, keywords, themes, languages, field audiences
    "researcher@demo.puente": ("public", "Economista e investigadora en política fiscal",
                               "San José", "CR", "política fiscal, clima", ["growth", "climate"],
                               ["es", "en"], {"headline": "public", "expertise": "public",
                                              "location": "public"}),
    "trainer@demo.puente": ("network", "Periodista de datos y formador", "Quetzaltenango", "GT",
                            "periodismo de datos, verificación", ["democracy", "digital"],
                            ["es", "quc"], {}),
    "participant@demo.puente": ("network", "Periodista de radio comunitaria", "Choluteca", "HN",
                                "radio, derechos humanos", ["democracy"], ["es", "miq"],
                                {"location": "staff", "contact": "staff"}),
    "graduate@demo.puente": ("public", "Asesora legislativa", "San Salvador", "SV",
                             "presupuesto, transparencia", ["democracy", "growth"], ["es"],
                             {"headline": "public"}),
    "learner@demo.puente": ("private", "Civic organiser", "Belmopan", "BZ", "", ["climate"],
                            ["en", "cab"], {}),
}  # fmt: skip

MEMBERS = [
    # e-mail, organisation index, role, admin
    ("researcher@demo.puente", 0, "Investigadora principal", True),
    ("trainer@demo.puente", 1, "Editor de datos", True),
    ("participant@demo.puente", 2, "Locutor", False),
    ("graduate@demo.puente", 3, "Asesora", False),
    ("learner@demo.puente", 6, "Coordinator", False),
]


def load(users: dict[str, User]) -> None:
    """Add the demo organisations, profiles and memberships."""
    staff = users["curator@demo.puente"]
    made = []
    for kind, name, acronym, country, city, es, en, themes, verified in ORGANISATIONS:
        data = orgs.OrganisationData(
            kind=kind, name=name, acronym=acronym, country=country, city=city,
            descriptions={"es": es, "en": en}, themes=themes,
        )  # fmt: skip
        organisation = orgs.create_organisation(data, staff)
        if verified:
            orgs.verify(organisation)
        made.append(organisation)
    for email, (
        visibility,
        headline,
        city,
        country,
        words,
        themes,
        spoken,
        audiences,
    ) in PROFILES.items():
        at_risk = email == "participant@demo.puente"
        profiles.save_profile(
            users[email],
            profiles.ProfileData(
                visibility=visibility, headline=headline, city=city, country=country,
                keywords=words, themes=themes, languages=spoken,
                field_visibility=audiences, at_risk=at_risk,
                bio="Trabajo en la región desde hace diez años.",
            ),
        )  # fmt: skip
    for email, index, role, admin in MEMBERS:
        member = orgs.request_join(made[index], users[email], role)
        orgs.confirm(member)
        member.is_admin = admin
    # A member proposes an organisation; it waits for the programme team.
    orgs.create_organisation(
        orgs.OrganisationData(
            kind="civil-society", name="Colectivo Nicaragüense de Datos Abiertos",
            country="NI", city="Managua", descriptions={"es": "Colectivo de datos abiertos."},
            themes=["digital"],
        ),
        users["graduate@demo.puente"],
    )  # fmt: skip

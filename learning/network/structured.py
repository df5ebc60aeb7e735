"""schema.org descriptions of the network's public pages, for an ``application/ld+json``
script: an organisation (Organization) and a person (Person).

Machines read these and keep them, whoever asked: a person's description is made from what a
visitor may see (public profile, public fields only), never from what the reader of the page
may see, and carries no e-mail address."""

from __future__ import annotations

from typing import Any

from learning.language.taxonomy import THEMES
from learning.network.models import Organisation, OrganisationMember
from learning.network.services.profiles import SPOKEN, VisibleProfile


def organisation_jsonld(organisation: Organisation, *, url: str, language: str) -> dict[str, Any]:
    """An active organisation as a schema.org Organization."""
    text = organisation.text(language)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": organisation.name,
        "url": url,
        "address": {
            "@type": "PostalAddress",
            "addressCountry": organisation.country,
            **({"addressLocality": organisation.city} if organisation.city else {}),
        },
    }
    if organisation.acronym:
        data["alternateName"] = organisation.acronym
    if organisation.website:
        data["sameAs"] = [organisation.website]
    if text and text.description:
        data["description"] = text.description
    if organisation.themes:
        data["knowsAbout"] = [str(THEMES[key]) for key in organisation.themes if key in THEMES]
    return data


def person_jsonld(
    public: VisibleProfile | None,
    memberships: list[OrganisationMember],
    *,
    url: str,
    organisation_url: Any,
) -> dict[str, Any] | None:
    """A person as a schema.org Person from ``public``, what a visitor may see of them
    (profiles.visible_profile(None, user)), and their organisations' pages
    (``organisation_url(membership)``); None when visitors may not see the profile."""
    if public is None or public.visibility != "public":
        return None
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": public.name,
        "url": url,
    }
    if public.headline:
        data["description"] = public.headline
    if public.country or public.city:
        address: dict[str, Any] = {"@type": "PostalAddress"}
        if public.city:
            address["addressLocality"] = public.city
        if public.country:
            address["addressCountry"] = public.country
        data["homeLocation"] = {"@type": "Place", "address": address}
    topics = [str(THEMES[key]) for key in public.themes if key in THEMES] + public.keywords
    if topics:
        data["knowsAbout"] = topics
    if public.languages:
        data["knowsLanguage"] = [str(SPOKEN.get(code, code)) for code in public.languages]
    same = []
    if public.orcid:
        same.append(f"https://orcid.org/{public.orcid}")
    if public.website and public.bio_links:
        same.append(public.website)
    if same:
        data["sameAs"] = same
    works = [
        {"@type": "Organization", "name": m.organisation.name, "url": organisation_url(m)}
        for m in memberships
        if m.organisation.status == "active"
    ]
    if works:
        data["worksFor"] = works
    return data

"""Citations of a version: BibTeX, RIS and an APA-style reference."""

from __future__ import annotations

import re

from learning.research.models import ResearchOutput, ResearchVersion

BIBTEX_TYPES = {
    "policy_brief": "techreport",
    "working_paper": "techreport",
    "research_report": "techreport",
    "journal_article": "article",
    "book_chapter": "incollection",
    "dataset": "misc",
    "presentation": "misc",
    "other": "misc",
}
RIS_TYPES = {
    "policy_brief": "RPRT",
    "working_paper": "RPRT",
    "research_report": "RPRT",
    "journal_article": "JOUR",
    "book_chapter": "CHAP",
    "dataset": "DATA",
    "presentation": "SLIDE",
    "other": "GEN",
}
APA_TYPES = {
    "policy_brief": "Policy brief",
    "working_paper": "Working paper",
    "research_report": "Research report",
    "dataset": "Data set",
    "presentation": "Presentation slides",
}
_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def _bib(value: str) -> str:
    """A value safe inside BibTeX braces (UTF-8 kept: biber and modern BibTeX read it)."""
    value = " ".join(value.split())
    return "".join(_BIBTEX_SPECIAL.get(c, c) for c in value)


def _title(version: ResearchVersion, language: str) -> str:
    return version.text_for(language).title


def cite_key(output: ResearchOutput, version: ResearchVersion) -> str:
    """A stable key: first creator's surname, year, output id and version."""
    surname = _surname(version.creators[0].name) if version.creators else "anon"
    plain = re.sub(r"[^A-Za-z0-9]", "", _ascii(surname)) or "anon"
    return f"{plain.lower()}{version.year}_{output.id}v{version.number}"


def _ascii(value: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", value) if not unicodedata.combining(c))


def _surname(name: str) -> str:
    if "," in name:
        return name.split(",", 1)[0].strip()
    return name.split()[-1] if name.split() else name


def _bibtex_name(name: str) -> str:
    """Family name first, so BibTeX does not guess: "Quesada, Rosa"."""
    if "," in name:
        return name
    parts = name.split()
    if len(parts) < 2:
        return name
    return f"{parts[-1]}, {' '.join(parts[:-1])}"


def bibtex(output: ResearchOutput, version: ResearchVersion, *, url: str, language: str) -> str:
    """The version as one BibTeX entry."""
    kind = BIBTEX_TYPES[version.output_type]
    fields = [
        ("title", _title(version, language)),
        ("author", " and ".join(_bibtex_name(c.name) for c in version.creators)),
        ("year", str(version.year)),
        ("month", str(version.publication_date.month)),
    ]
    if kind == "techreport":
        fields.append(("institution", version.organisation))
    elif kind == "article":
        fields.append(("journal", version.organisation))
    elif kind == "incollection":
        fields.append(("booktitle", version.organisation))
        fields.append(("publisher", version.organisation))
    else:
        fields.append(("publisher", version.organisation))
    if version.doi:
        fields.append(("doi", version.doi))
    fields.append(("url", url))
    if version.keywords:
        fields.append(("keywords", ", ".join(version.keywords)))
    if version.languages:
        fields.append(("language", ", ".join(version.languages)))
    if version.number > 1:
        fields.append(("version", str(version.number)))
    if version.output_type == "dataset":
        fields.append(("note", "Dataset"))
    body = ",\n".join(f"  {name} = {{{_bib(value)}}}" for name, value in fields if value)
    return f"@{kind}{{{cite_key(output, version)},\n{body}\n}}\n"


def _ris_line(tag: str, value: str) -> str:
    return f"{tag}  - {' '.join(value.split())}"


def ris(output: ResearchOutput, version: ResearchVersion, *, url: str, language: str) -> str:
    """The version as one RIS record."""
    lines = [_ris_line("TY", RIS_TYPES[version.output_type])]
    lines += [_ris_line("AU", _bibtex_name(c.name)) for c in version.creators]
    lines.append(_ris_line("TI", _title(version, language)))
    text = version.text_for(language)
    lines.append(_ris_line("AB", text.abstract))
    lines.append(_ris_line("PY", str(version.year)))
    lines.append(_ris_line("DA", version.publication_date.strftime("%Y/%m/%d")))
    lines.append(_ris_line("PB", version.organisation))
    lines += [_ris_line("KW", keyword) for keyword in version.keywords]
    if version.languages:
        lines.append(_ris_line("LA", ", ".join(version.languages)))
    if version.doi:
        lines.append(_ris_line("DO", version.doi))
    lines.append(_ris_line("UR", url))
    if version.number > 1:
        lines.append(_ris_line("ET", f"Version {version.number}"))
    lines.append("ER  - ")
    return "\r\n".join(lines) + "\r\n"


def _apa_name(name: str) -> str:
    family = _surname(name)
    given = name.split(",", 1)[1] if "," in name else " ".join(name.split()[:-1])
    initials = " ".join(f"{part[0]}." for part in given.replace("-", " ").split() if part)
    return f"{family}, {initials}" if initials else family


def apa(version: ResearchVersion, *, url: str, language: str) -> str:
    """An APA-style (7th edition) reference as plain text."""
    names = [_apa_name(c.name) for c in version.creators]
    if len(names) == 1:
        authors = names[0]
    elif len(names) <= 20:
        authors = ", ".join(names[:-1]) + ", & " + names[-1]
    else:
        authors = ", ".join(names[:19]) + ", … " + names[-1]
    title = _title(version, language).rstrip(".")
    details = []
    if version.number > 1:
        details.append(f"Version {version.number}")
    bracket = APA_TYPES.get(version.output_type)
    suffix = f" ({', '.join(details)})" if details else ""
    suffix += f" [{bracket}]" if bracket else ""
    link = f"https://doi.org/{version.doi}" if version.doi else url
    return f"{authors} ({version.year}). {title}{suffix}. {version.organisation}. {link}"


SCHEMA_TYPES = {
    "journal_article": "ScholarlyArticle",
    "book_chapter": "Chapter",
    "dataset": "Dataset",
    "presentation": "PresentationDigitalDocument",
}


def jsonld(version: ResearchVersion, *, url: str, language: str, licence_url: str | None) -> dict:
    """schema.org description of a version, for a ``application/ld+json`` script."""
    text = version.text_for(language)
    data: dict = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES.get(version.output_type, "Report"),
        "@id": url,
        "url": url,
        "name": text.title,
        "description": text.abstract,
        "inLanguage": list(version.languages) or [text.language],
        "datePublished": version.publication_date.isoformat(),
        "version": str(version.number),
        "author": [
            {
                "@type": "Person",
                "name": c.name,
                **({"identifier": f"https://orcid.org/{c.orcid}"} if c.orcid else {}),
                **(
                    {"affiliation": {"@type": "Organization", "name": c.affiliation}}
                    if c.affiliation
                    else {}
                ),
            }
            for c in version.creators
        ],
        "publisher": {"@type": "Organization", "name": version.organisation},
    }
    if version.keywords:
        data["keywords"] = ", ".join(version.keywords)
    if licence_url:
        data["license"] = licence_url
    if version.doi:
        data["identifier"] = f"https://doi.org/{version.doi}"
    return data

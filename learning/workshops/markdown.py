"""Markdown written by trainers, rendered to HTML that is safe to show to anyone.

Two layers: markdown-it renders with raw HTML disabled (tags come out as text), then nh3
(ammonia) keeps only an allow-list of tags, attributes and URL schemes, whatever the renderer did.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "s", "del", "code", "pre",
        "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Removed together with their content, not just unwrapped.
DROPPED_WITH_CONTENT = frozenset({"script", "style", "iframe", "object", "embed", "template"})

_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_renderer.enable(["table", "strikethrough"])


def render_markdown(source: str | None) -> Markup:
    """Markdown to sanitised HTML: no raw HTML, scripts, event attributes, iframes or
    javascript: links; links get rel="noopener nofollow". Headings start at h2 (the page has
    the h1)."""
    if not source:
        return Markup("")
    html = _renderer.render(source)
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    clean = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener nofollow",
        strip_comments=True,
    )
    return Markup(clean)  # noqa: S704 - sanitised by nh3 just above

"""Markdown from trainers comes out harmless, whatever they type."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from learning.workshops.markdown import ALLOWED_TAGS, render_markdown

NASTY = [
    "<script>alert('x')</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "<a href='javascript:alert(1)'>x</a>",
    '<img src=x onerror="alert(1)">',
    '<p onclick="alert(1)">hi</p>',
    '<div onmouseover="alert(1)">hover</div>',
    "<iframe src='https://evil.example'></iframe>",
    "<object data='x.swf'></object><embed src='x.swf'>",
    "<!-- <script>alert(1)</script> -->",
    "<style>body{display:none}</style>",
    "<svg onload=alert(1)>",
    "![x](javascript:alert(1))",
    '<form action="https://evil.example"><input name=p></form>',
]


class _Elements(HTMLParser):
    """Every element, attribute and comment in rendered HTML (text is not looked at)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str, str | None]] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend((tag, name, value) for name, value in attrs)

    def handle_comment(self, data):
        self.comments.append(data)


def _elements(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser


@pytest.mark.parametrize("source", NASTY)
def test_nothing_executable_survives(source):
    found = _elements(str(render_markdown(f"Intro\n\n{source}\n\nEnd")))
    assert set(found.tags) <= ALLOWED_TAGS
    assert not {"script", "iframe", "object", "embed", "style", "svg", "img", "form"} & set(
        found.tags
    )
    assert found.comments == []
    for tag, name, value in found.attributes:
        assert not name.startswith("on"), (tag, name)
        assert name in {"href", "title", "rel", "start", "align"}, (tag, name)
        if name == "href":
            scheme = urlsplit(value or "").scheme.lower()
            assert scheme in {"", "http", "https", "mailto"}, value


def test_raw_html_is_shown_as_text_not_run():
    html = str(render_markdown("<b onclick='x()'>bold</b> and <script>alert(1)</script>"))
    assert "&lt;script&gt;" in html
    assert "<b" not in html


def test_ordinary_markdown_works_and_links_are_safe():
    html = str(
        render_markdown(
            "# Título\n\n**negrita** *cursiva* ~~no~~\n\n- uno\n- dos\n\n"
            "[portal](https://datos.gob.mx) [mail](mailto:a@b.org) [rel](/workshops/)\n\n"
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n`code`"
        )
    )
    # The page has the h1; content headings start at h2.
    assert "<h2>Título</h2>" in html and "<h1" not in html
    assert "<strong>negrita</strong>" in html and "<em>cursiva</em>" in html
    assert "<s>no</s>" in html and "<li>uno</li>" in html and "<table>" in html
    assert '<a href="https://datos.gob.mx" rel="noopener nofollow">portal</a>' in html
    assert 'href="mailto:a@b.org"' in html and 'href="/workshops/"' in html
    assert "<code>code</code>" in html


def test_empty_text_renders_nothing():
    assert str(render_markdown("")) == "" and str(render_markdown(None)) == ""

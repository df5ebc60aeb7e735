"""The base of every form: what a text or choice field reads holds no control character.

Each such field cleans its value with ``plain_text`` as it reads the request, so a NUL byte
(which PostgreSQL refuses) or another invisible control character never reaches a service,
a query or an e-mail; multi-line fields keep their tabs and line breaks. Passwords are only
compared and hashed, never stored, so they stay exactly as typed. The query string (searches
and filters, read from ``request.args``) is cleaned the same way (``Request``).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from flask import Request as FlaskRequest
from flask import request
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from werkzeug.utils import cached_property
from wtforms import PasswordField, SelectFieldBase, StringField, TextAreaField

from learning.language.text import plain_text


def _clean(value: Any, *, multiline: bool) -> Any:
    if isinstance(value, str):
        return plain_text(value, multiline=multiline)
    if isinstance(value, list):  # several choices
        return [_clean(item, multiline=multiline) for item in value]
    return value


_CLEAN_LINE = partial(_clean, multiline=False)
_CLEAN_LINES = partial(_clean, multiline=True)


def _cleaner(field_class: type) -> Any:
    """The filter for a kind of field; None for fields that hold no text to keep."""
    if issubclass(field_class, PasswordField):
        return None
    if issubclass(field_class, TextAreaField):
        return _CLEAN_LINES
    if issubclass(field_class, StringField | SelectFieldBase):
        return _CLEAN_LINE
    return None


class Form(FlaskForm):
    """Every form of the app derives from this one (a test checks it), not from FlaskForm."""

    class Meta(FlaskForm.Meta):
        def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Any:
            cleaner = _cleaner(unbound_field.field_class)
            if cleaner is not None:
                # First, so the field's own filters (such as stripping) see clean text.
                filters = (cleaner, *unbound_field.kwargs.get("filters", ()))
                options = {**options, "filters": filters}
            return super().bind_field(form, unbound_field, options)

        def wrap_formdata(self, form: Any, formdata: Any) -> Any:
            """What the browser posted as a form. Flask-WTF would also read a JSON body as
            the form, where a number, a list or a bare value breaks the fields' checks (a
            server error); the app's forms are HTML forms, so such a body is no form data:
            the form fails its own checks with their usual messages."""
            if formdata is _Auto and request.is_json and not (request.form or request.files):
                return None
            return super().wrap_formdata(form, formdata)


class Request(FlaskRequest):
    """Flask's request, whose query parameters hold no control character: a search or a
    filter with a NUL byte reads it as a space, as a form field does (the app's request
    class, set in ``create_app``)."""

    @cached_property
    def args(self) -> MultiDict[str, str]:  # type: ignore[override]
        return plain_values(super().args)


def plain_values(found: MultiDict[str, str]) -> MultiDict[str, str]:
    """``found`` (query parameters, or a form read without a form class) with no control
    character in its keys or values: ``found`` itself when it had none."""
    pairs = list(found.items(multi=True))
    cleaned = [(plain_text(key), plain_text(value)) for key, value in pairs]
    return found if cleaned == pairs else ImmutableMultiDict(cleaned)


class ActionForm(Form):
    """A button that posts (publish, enrol, delete…): only the CSRF token."""

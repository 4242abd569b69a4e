"""Every form field and query argument composed (NFC) as it arrives, before any view reads it:
the first half of the text rule of ``questionnaires.text``, in one place for every input."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask import Request, request
from werkzeug.datastructures import ImmutableMultiDict, MultiDict

from questionnaires.text import composed, control_character_problem
from surveyapp.services import ServiceError


def _pairs(mapping: Any) -> Iterable[tuple[Any, Any]]:
    if isinstance(mapping, MultiDict):
        return mapping.items(multi=True)
    if isinstance(mapping, Mapping):
        return (
            (key, item)
            for key, value in mapping.items()
            for item in (value if isinstance(value, list | tuple) else [value])
        )
    return mapping


class ComposedFields(ImmutableMultiDict):
    """The parameters of a request with their text in composed form."""

    def __init__(self, mapping: Any = None) -> None:
        if mapping is None:
            super().__init__()
            return
        super().__init__(
            [(key, composed(v) if isinstance(v, str) else v) for key, v in _pairs(mapping)]
        )


class AppRequest(Request):
    parameter_storage_class = ComposedFields


def typed_text(name: str, what: str, *, multiline: bool = False) -> str:
    """The text posted in field ``name`` (the box called ``what``) for a view that reads the
    form without a form class, under the same rule as every form: a control character is
    refused with a message naming the box (the error page: go back, the text is still there)."""
    return checked_text(request.form.get(name, ""), what, multiline=multiline)


def checked_text(text: str, what: str, *, multiline: bool = False) -> str:
    """``text`` if it keeps the text rule, else ``ServiceError`` naming the box ``what``."""
    problem = control_character_problem(text, what, multiline=multiline)
    if problem:
        raise ServiceError(problem)
    return text

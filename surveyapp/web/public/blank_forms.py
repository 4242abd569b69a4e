"""The questions of a page nobody has answered yet, rendered once per version and page and kept
by the app process.

Why: drawing a page's questions through the GOV.UK Frontend macros (govuk-frontend-wtf's
widgets calling govuk-frontend-jinja's, a macro per option) was more than half the time of a
patient's request, and a blank page is the same for everyone: its fields have no value and no
error, and what differs per request (the CSRF token, the form's start key) is outside it. A page
with answers or errors is drawn afresh. A published version cannot change (its hash says so),
so what is kept never goes stale; the key holds the hash all the same.
"""

from __future__ import annotations

from collections import OrderedDict

from flask import current_app, render_template
from markupsafe import Markup
from wtforms import Form

from questionnaires import Questionnaire
from questionnaires.model import Section

#: Pages kept per app process: every page of a few dozen versions.
MAX_KEPT = 256
_KEPT = "surveyapp.blank_questions"


def blank_questions(
    form: Form, definition: Questionnaire, section: Section, *, first: bool
) -> Markup:
    """The markup of ``section``'s questions for ``form``, which holds no answer and no error."""
    kept: OrderedDict[tuple, Markup] = current_app.extensions.setdefault(_KEPT, OrderedDict())
    key = (definition.key, definition.version, definition.content_sha256, section.id, first)
    markup = kept.get(key)
    if markup is None:
        # Jinja's own output, escaped by its autoescape: safe markup already.
        rendered = render_template("public/questions.html", form=form, section=section)
        markup = Markup(rendered)  # noqa: S704
        kept[key] = markup
        if len(kept) > MAX_KEPT:
            kept.popitem(last=False)
    return markup

"""Emerging themes: answers no theme caught, grouped, and a theme added to the study's codebook
in one step from a group's words."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.themes.codebook import Axis
from analysis.themes.discovery import EmergingTheme, emerging_themes
from surveyapp.models import AddedTheme, HumanCoding, MachineCoding, Study, User
from surveyapp.services import ServiceError
from surveyapp.services.coding.codebooks import study_codebook
from surveyapp.services.coding.questions import (
    FreeTextQuestion,
    free_text_question,
    written_answer_ids,
    written_answers,
)
from surveyapp.services.coding.quotes import anonymiser_for
from surveyapp.services.coding.theming import run_theming
from surveyapp.services.studies import get_study


def uncaught_groups(session: Session, slug: str, key: str, question_id: str) -> list[EmergingTheme]:
    """Groups of the question's answers that neither the machine nor a person coded."""
    study = get_study(session, slug)
    item = free_text_question(session, study, key, question_id)
    answers = written_answers(session, study, item.key, item.question.id)
    ids = written_answer_ids(study, item.key, item.question.id)
    coded = {
        m.answer_id
        for m in session.scalars(select(MachineCoding).where(MachineCoding.answer_id.in_(ids)))
        if m.codes or m.not_applicable
    } | {
        h.answer_id
        for h in session.scalars(select(HumanCoding).where(HumanCoding.answer_id.in_(ids)))
        if h.codes or h.not_applicable
    }
    left = [a for a in answers if a.id not in coded]
    return emerging_themes([a.text or "" for a in left], [a.id for a in left])


def add_theme(
    session: Session,
    slug: str,
    key: str,
    question_id: str,
    *,
    axis: str,
    label: str,
    phrases: str,
    user: User,
) -> AddedTheme:
    """Add a theme (its words as match phrases) to the question's codebook for this study,
    then recode the study's answers so it is suggested at once."""
    study = get_study(session, slug)
    item = free_text_question(session, study, key, question_id)
    codebook = study_codebook(session, study, item.codebook)
    if axis not in {a.id for a in codebook.axes}:
        raise ServiceError(f"The codebook has no axis '{axis}'")
    label = label.strip()
    if not label or len(label) > 120:
        raise ServiceError("Give the theme a label of up to 120 characters, as reports show it")
    words = [w.strip().lower()[:100] for w in re.split(r"[,;\n]", phrases) if w.strip()][:50]
    if not words:
        raise ServiceError("Give at least one word or phrase that marks the theme")
    theme_id = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")[:60] or "theme"
    if not theme_id[0].isalpha():
        theme_id = f"t_{theme_id}"
    if codebook.theme(f"{axis}.{theme_id}") is not None:
        raise ServiceError(f"The codebook already has a theme '{label}'")
    added = AddedTheme(
        study_id=study.id,
        codebook=item.codebook,
        axis=axis,
        theme_id=theme_id,
        label=label,
        description="Added by staff from an emerging theme",
        phrases=words,
        added_by_id=user.id,
    )
    session.add(added)
    session.commit()
    run_theming(session, slug)
    return added


@dataclass(frozen=True)
class EmergingPage:
    study: Study
    item: FreeTextQuestion
    axes: tuple[Axis, ...]
    groups: list[EmergingTheme]


def emerging_page(session: Session, slug: str, key: str, question_id: str) -> EmergingPage:
    """What the emerging-themes page shows: the groups, and the axes a theme can join. This page
    is outside the review page, so the examples are anonymised, and a name is never offered as
    a theme's word."""
    study = get_study(session, slug)
    item = free_text_question(session, study, key, question_id)
    axes = study_codebook(session, study, item.codebook).axes
    anonymiser = anonymiser_for(session, study)
    groups = []
    for group in uncaught_groups(session, slug, key, question_id):
        found = [anonymiser.anonymise(e) for e in group.examples]
        hidden = {w.lower() for f in found for r in f.redactions for w in r.original.split()}
        words = tuple(w for w in group.words if w not in hidden)
        examples = tuple(f.text for f in found)
        if words:
            groups.append(EmergingTheme(words, group.answer_ids, examples))
    return EmergingPage(study, item, axes, groups)

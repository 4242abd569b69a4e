"""The codebooks a study's questions are coded with: the shipped ones, the organisation's own,
and the themes staff added for the study; and their compiled rules."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.themes.codebook import (
    SHIPPED,
    Codebook,
    CodebookError,
    Theme,
    load_codebook,
    with_extra_themes,
)
from analysis.themes.rules import RuleCoder
from surveyapp.models import AddedTheme, Study
from surveyapp.services import CODEBOOKS_DIR, ServiceError


def added_themes(session: Session, study: Study, codebook: str) -> list[Theme]:
    return [
        Theme(
            id=a.theme_id,
            axis=a.axis,
            label=a.label,
            description=a.description or "",
            phrases=tuple(a.phrases),
        )
        for a in session.scalars(
            select(AddedTheme)
            .filter_by(study_id=study.id, codebook=codebook)
            .order_by(AddedTheme.id)
        )
    ]


def own_codebooks(session: Session) -> dict[str, Path]:
    """Codebooks an organisation wrote itself: ``<key>.yaml`` files in SURVEYAPP_CODEBOOKS_DIR
    (a folder that travels with the session, like the definitions' own: see
    ``surveyapp.services.definitions``)."""
    folder = session.info.get(CODEBOOKS_DIR)
    if not folder or not Path(str(folder)).is_dir():
        return {}
    return {p.stem: p for p in sorted(Path(str(folder)).glob("*.yaml"))}


def codebook_keys(session: Session) -> list[str]:
    """Every codebook a question can be coded with: the shipped ones, then the organisation's."""
    return [*SHIPPED, *(k for k in own_codebooks(session) if k not in SHIPPED)]


def study_codebook(session: Session, study: Study, codebook: str) -> Codebook:
    """The codebook (shipped, or the organisation's own) with the themes staff added for this
    study."""
    try:
        base = load_codebook(own_codebooks(session).get(codebook, codebook))
    except CodebookError as exc:
        raise ServiceError(str(exc)) from exc
    return with_extra_themes(base, added_themes(session, study, codebook))


_coders: dict[str, RuleCoder] = {}


def rule_coder(codebook: Codebook) -> RuleCoder:
    """The compiled rules of ``codebook``. Compiling the matchers takes a moment, so they are
    kept per content (a study's added themes make another codebook)."""
    key = repr(codebook.axes)
    if key not in _coders:
        if len(_coders) > 32:
            _coders.clear()
        _coders[key] = RuleCoder(codebook)
    return _coders[key]

"""The classifier and sentiment model a study trained on its people's codes, as stored in the
database and loaded (once per training) for the automatic coding."""

from __future__ import annotations

import pickle
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from analysis.themes.classifier import ThemeClassifier
from analysis.themes.sentiment import SentimentModel
from surveyapp.models import Study, ThemeModel


@dataclass(frozen=True)
class Models:
    themes: ThemeClassifier | None = None
    sentiment: SentimentModel | None = None


_loaded: dict[tuple[int, str], tuple[object, Models]] = {}


def trained_models(session: Session, study: Study, codebook: str) -> Models:
    """The study's trained models for ``codebook`` (none until staff train them)."""
    row = session.scalar(select(ThemeModel).filter_by(study_id=study.id, codebook=codebook))
    if row is None:
        return Models()
    cached = _loaded.get((study.id, codebook))
    if cached and cached[0] == row.trained_at:
        return cached[1]
    models = Models(
        themes=ThemeClassifier.from_bytes(row.themes),
        # Only models this app trained and stored are ever unpickled.
        sentiment=pickle.loads(row.sentiment) if row.sentiment else None,
    )
    _loaded[(study.id, codebook)] = (row.trained_at, models)
    return models

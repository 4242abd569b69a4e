"""What admins see of published versions: responses, and whether the file still matches."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from questionnaires.load import definition_path, load_definition
from questionnaires.validate import DefinitionError
from surveyapp.models import QuestionnaireVersion, Response
from surveyapp.services.definitions import definitions_root


@dataclass(frozen=True)
class VersionStatus:
    label: str
    title: str
    content_sha256: str
    responses: int
    file_state: str  # "matches", "changed", "missing" or "invalid"


def version_statuses(session: Session) -> list[VersionStatus]:
    counts = dict(
        session.execute(
            select(Response.questionnaire_version_id, func.count(Response.id)).group_by(
                Response.questionnaire_version_id
            )
        ).all()
    )
    statuses = []
    root = definitions_root()
    for version in session.scalars(
        select(QuestionnaireVersion).order_by(
            QuestionnaireVersion.key, QuestionnaireVersion.version
        )
    ):
        if not definition_path(version.key, version.version, root).is_file():
            state = "missing"
        else:
            try:
                current = load_definition(version.key, version.version, root)
                state = "matches" if current.content_sha256 == version.content_sha256 else "changed"
            except DefinitionError:
                state = "invalid"
        statuses.append(
            VersionStatus(
                version.label,
                version.title,
                version.content_sha256,
                counts.get(version.id, 0),
                state,
            )
        )
    return statuses

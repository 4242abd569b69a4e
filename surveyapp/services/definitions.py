"""Published questionnaire versions: publishing definition files into the database, serving a
version only while its file still matches what was published, and what admins see of them.

Where the definition files live is part of the data source, like the engine's URL: the app's
sessionmaker puts the folder in ``Session.info`` (``QUESTIONNAIRES_DIR``), so every service that
reads a definition finds the same files, and none needs Flask to know where they are."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from questionnaires import (
    DEFINITIONS_ROOT,
    DefinitionError,
    Questionnaire,
    find_definition_files,
    load_file,
)
from questionnaires.load import definition_path, load_definition
from surveyapp.models import QuestionnaireVersion, Response
from surveyapp.services import QUESTIONNAIRES_DIR, ServiceError

log = logging.getLogger(__name__)


class QuestionnaireUnavailableError(ServiceError):
    """A published version cannot be served now; the message tells the organisers why."""


class FrozenVersionError(QuestionnaireUnavailableError):
    """A published version's file no longer matches the content its responses were given against."""


def frozen_message(label: str, published: str, now: str, responses: int) -> str:
    return (
        f"Questionnaire {label} has {responses} response(s) and its file has changed since it was "
        f"published (published content {published[:12]}, file now {now[:12]}). A version with "
        f"responses is frozen: restore the file, and publish the change as a new version "
        f"(copy it to v<N+1>.yaml)."
    )


@dataclass(frozen=True)
class PublishResult:
    label: str
    outcome: str  # "published", "unchanged", "updated" (no responses yet) or "refused"
    message: str = ""


def definitions_root(session: Session) -> Path:
    """The folder of definition files this deployment serves (the shipped ones by default)."""
    configured = session.info.get(QUESTIONNAIRES_DIR)
    return Path(str(configured)) if configured else DEFINITIONS_ROOT


def response_count(session: Session, version: QuestionnaireVersion) -> int:
    return (
        session.scalar(
            select(func.count(Response.id)).where(Response.questionnaire_version_id == version.id)
        )
        or 0
    )


def publish(session: Session, definition: Questionnaire) -> PublishResult:
    """Record ``definition`` as a published version (idempotent; refuses to alter a used one)."""
    existing = session.scalar(
        select(QuestionnaireVersion).filter_by(key=definition.key, version=definition.version)
    )
    if existing is None:
        session.add(
            QuestionnaireVersion(
                key=definition.key,
                version=definition.version,
                title=definition.title,
                content_sha256=definition.content_sha256,
                content=dict(definition.raw),
            )
        )
        return PublishResult(definition.label, "published")
    if existing.content_sha256 == definition.content_sha256:
        if existing.content != dict(definition.raw):
            # Only how answers are tabulated changed (write_in, table_label): the printed form
            # and the responses to it are untouched, so this is taken even with responses.
            existing.content = dict(definition.raw)
            return PublishResult(
                definition.label,
                "updated",
                "how its answers are tabulated changed; the form did not",
            )
        return PublishResult(definition.label, "unchanged")
    used = response_count(session, existing)
    if used:
        message = frozen_message(
            definition.label, existing.content_sha256, definition.content_sha256, used
        )
        return PublishResult(definition.label, "refused", message)
    existing.title = definition.title
    existing.content_sha256 = definition.content_sha256
    existing.content = dict(definition.raw)
    return PublishResult(definition.label, "updated", "no responses yet, so the change is taken")


def publish_all(session: Session, root: Path | None = None) -> list[PublishResult]:
    """Publish every servable definition under ``root`` in one transaction."""
    results = []
    for path in find_definition_files(root or definitions_root(session)):
        definition = load_file(path)
        if definition.kind == "shared":
            continue
        results.append(publish(session, definition))
    session.commit()
    return results


def served_definition(session: Session, version: QuestionnaireVersion) -> Questionnaire:
    """The definition to serve or accept answers for ``version``, checked against its hash.

    Raises ``FrozenVersionError`` when the file has changed since publication; a version without
    responses must be re-published (``surveyapp questionnaires load``) before it is served again.
    """
    root = definitions_root(session)
    if not definition_path(version.key, version.version, root).is_file():
        raise FrozenVersionError(
            f"Questionnaire {version.label} is published but its file "
            f"{version.key}/v{version.version}.yaml is missing; restore it."
        )
    try:
        definition = load_definition(version.key, version.version, root)
    except DefinitionError as exc:
        raise QuestionnaireUnavailableError(
            f"Questionnaire {version.label}'s file no longer passes its checks; fix it (see "
            f"'surveyapp questionnaires validate'): {exc}"
        ) from exc
    if definition.content_sha256 != version.content_sha256:
        used = response_count(session, version)
        if used:
            raise FrozenVersionError(
                frozen_message(
                    version.label, version.content_sha256, definition.content_sha256, used
                )
            )
        raise FrozenVersionError(
            f"Questionnaire {version.label} has changed since it was published; run "
            "'surveyapp questionnaires load' to publish the change before it is served."
        )
    return definition


# -- what admins see ---------------------------------------------------------------------------


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
    root = definitions_root(session)
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

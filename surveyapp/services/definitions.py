"""Published questionnaire versions: publishing definition files into the database, serving a
version only while its file still matches what was published, and what admins see of them.

Where the definition files live is part of the data source, like the engine's URL: the app's
sessionmaker puts the folder in ``Session.info`` (``QUESTIONNAIRES_DIR``), so every service that
reads a definition finds the same files, and none needs Flask to know where they are."""

from __future__ import annotations

import copy
import logging
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
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
from questionnaires.load import definition_path, load_definition, read_yaml
from questionnaires.uploads import load_content
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
    A version with no file in the folder is served from the database's copy
    (``stored_definition``).
    """
    root = definitions_root(session)
    if not definition_path(version.key, version.version, root).is_file():
        return stored_definition(version, root)
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


#: Definitions built from stored content, per version id: (the content, the definition).
_STORED: OrderedDict[int, tuple[dict, Questionnaire]] = OrderedDict()
_STORED_KEPT = 64


def stored_definition(version: QuestionnaireVersion, root: Path) -> Questionnaire:
    """``version`` as the database keeps it, for a version with no file in the folder (one
    published from the app's upload page).

    Why the stored content and not a file written at publishing: app processes and workers run
    on several machines that share only the database, so a file written by one would be missing
    on the others, and a backup of the database would lose it; the database's copy is the one
    every process and every backup has. It is checked against the published hash all the same
    (``load_content``), so a row edited by hand is refused as a changed file is. A file put in
    the folder later takes precedence and is checked the same way. Built once per process and
    kept while the content is the same (content differs from the hash's only in how answers are
    tabulated, which publishing may change)."""
    kept = _STORED.get(version.id)
    content = version.content
    if kept is not None and kept[0] == content and kept[1].content_sha256 == version.content_sha256:
        return kept[1]
    try:
        definition = load_content(
            content,
            f"{version.key}/v{version.version} (published in the app)",
            sha256=version.content_sha256,
            shared=shared_section_ids(root) & {s.get("id") for s in content.get("sections", [])},
        )
    except DefinitionError as exc:
        raise FrozenVersionError(
            f"Questionnaire {version.label} cannot be served: {exc}. Publish a corrected file "
            "as a new version."
        ) from exc
    _STORED[version.id] = (copy.deepcopy(content), definition)
    while len(_STORED) > _STORED_KEPT:
        _STORED.popitem(last=False)
    return definition


@lru_cache(maxsize=8)
def _shared_ids(root: str, stamp: float) -> frozenset[str]:
    ids: set[str] = set()
    for path in find_definition_files(Path(root)):
        try:
            data = read_yaml(path)
        except DefinitionError:
            continue
        if data.get("kind") == "shared":
            ids |= {
                s["id"] for s in data.get("sections") or [] if isinstance(s, dict) and "id" in s
            }
    return frozenset(ids)


def shared_section_ids(root: Path) -> frozenset[str]:
    """Ids of the sections of the shared files under ``root`` (equality monitoring, contact
    details): a stored definition's sections of these ids came from an include, which the
    expanded content no longer says, and findings treat such sections apart."""
    return _shared_ids(str(root), root.stat().st_mtime if root.exists() else 0.0)


# -- what admins see ---------------------------------------------------------------------------


@dataclass(frozen=True)
class VersionStatus:
    label: str
    title: str
    content_sha256: str
    responses: int
    file_state: str  # "matches", "changed", "stored" (no file: the database's copy) or "invalid"


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
            # Published from the app: served from the database's copy (see stored_definition).
            state = "stored"
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

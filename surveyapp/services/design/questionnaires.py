"""Questionnaires designed in the app: a YAML or XLSForm file uploaded, kept, checked with every
problem named, previewed, then published as a new version; and any version downloaded back.

The freezing rules are those of ``surveyapp questionnaires load``, made stricter in one way: a
file that differs from the version it declares is never written over that version, even one
without responses, but becomes the next version. A version served from a file in the
definitions folder would otherwise no longer match its file, and one already handed out on
paper would change under the forms. Questions keep their ids (and ``replaces``) from the file
as written, so answers to the versions pool."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from questionnaires import DefinitionError, Questionnaire, definition_path
from questionnaires.uploads import definition_yaml, load_content, load_yaml_bytes
from questionnaires.xlsform import read_xlsform, write_xlsform
from surveyapp.models import QuestionnaireVersion, Response, User
from surveyapp.services import NotFoundError, ServiceError
from surveyapp.services.audit import audit
from surveyapp.services.definitions import definitions_root, served_definition
from surveyapp.services.files import discard_file, keep_file, kept_file

YAML_SUFFIXES = (".yaml", ".yml")
XLSFORM_SUFFIX = ".xlsx"


@dataclass(frozen=True)
class UploadProblem:
    """One thing to fix in the uploaded file: ``where`` (a line, or a sheet, row and column)
    and what is wrong."""

    where: str
    message: str


@dataclass(frozen=True)
class PublishPlan:
    """What publishing the checked file would do: ``outcome`` "new" (published as the version
    it declares), "next" (that version exists and differs: published as ``version``) or
    "unchanged" (that version exists with the same content: nothing to publish)."""

    key: str
    declared: int
    version: int
    outcome: str
    message: str


@dataclass(frozen=True)
class CheckedUpload:
    token: str
    filename: str
    problems: list[UploadProblem]
    definition: Questionnaire | None = None
    plan: PublishPlan | None = None

    @property
    def publishable(self) -> bool:
        return not self.problems and self.plan is not None and self.plan.outcome != "unchanged"


def keep_questionnaire(session: Session, data: bytes, filename: str) -> str:
    """Keep an uploaded definition (committed) until it is published; returns its key."""
    suffix = Path(filename).suffix.lower()
    if suffix not in (*YAML_SUFFIXES, XLSFORM_SUFFIX):
        raise ServiceError(
            f"'{filename}' is neither a questionnaire in YAML (.yaml) nor an XLSForm (.xlsx); "
            "save it as one of those"
        )
    if not data:
        raise ServiceError(f"'{filename}' is empty; choose the file with the questionnaire")
    key = keep_file(session, data, Path(filename).name, "application/octet-stream", upload=True)
    session.commit()
    return key


def check_upload(session: Session, token: str) -> CheckedUpload:
    """The kept upload read and checked, every problem named, and what publishing would do."""
    kept = kept_file(session, token, upload=True)
    name = kept.name
    if Path(name).suffix.lower() == XLSFORM_SUFFIX:
        result = read_xlsform(bytes(kept.data), name)
        problems = [
            UploadProblem(_cell(p.sheet, p.row, p.column), p.message) for p in result.problems
        ]
        if problems or result.definition is None:
            nothing = UploadProblem("", "no questionnaire could be read from it")
            return CheckedUpload(token, name, problems or [nothing])
        try:
            definition = load_content(result.definition, name)
        except DefinitionError as exc:
            return CheckedUpload(token, name, _problems(exc))
    else:
        try:
            definition = load_yaml_bytes(bytes(kept.data), name, definitions_root(session))
        except DefinitionError as exc:
            return CheckedUpload(token, name, _problems(exc))
    if definition.kind == "shared":
        problem = UploadProblem(
            "kind",
            "is a shared section (kind: shared), which questionnaires include; upload a "
            "questionnaire, or put this file in the definitions folder",
        )
        return CheckedUpload(token, name, [problem], definition)
    return CheckedUpload(token, name, [], definition, publish_plan(session, definition))


def _cell(sheet: str, row: int | None, column: str | None) -> str:
    """``survey sheet, row 4, column 'type'``: as the person finds it in their spreadsheet."""
    parts = [f"{sheet} sheet", f"row {row}" if row is not None else "", ""]
    parts[2] = f"column '{column}'" if column else ""
    return ", ".join(p for p in parts if p)


def _problems(error: DefinitionError) -> list[UploadProblem]:
    return [UploadProblem(p.where or "", p.message) for p in error.problems]


def publish_plan(session: Session, definition: Questionnaire) -> PublishPlan:
    """Which version ``definition`` would be published as (see the module's docstring)."""
    key, declared = definition.key, definition.version
    published = {
        v.version: v for v in session.scalars(select(QuestionnaireVersion).filter_by(key=key))
    }
    existing = published.get(declared)
    if existing is not None and existing.content_sha256 == definition.content_sha256:
        return PublishPlan(
            key, declared, declared, "unchanged", f"This is {existing.label} as published already."
        )
    root = definitions_root(session)
    on_disk = {v for v in range(1, declared + 1) if definition_path(key, v, root).is_file()}
    if existing is None and declared not in on_disk:
        return PublishPlan(
            key, declared, declared, "new", f"It will be published as {key} v{declared}."
        )
    target = max([*published, *on_disk, declared]) + 1
    while definition_path(key, target, root).is_file():
        target += 1
    used = _responses(session, existing) if existing is not None else 0
    said = f"{key} v{declared} is published already" + (
        f" and has {used} response{'' if used == 1 else 's'}" if used else ""
    )
    return PublishPlan(
        key,
        declared,
        target,
        "next",
        f"{said}, and this file differs from it, so it will be published as the next version, "
        f"{key} v{target}. {key} v{declared} stays as it is; questions that keep their ids (or "
        "name the ids they replace) pool their answers across the versions.",
    )


def _responses(session: Session, version: QuestionnaireVersion) -> int:
    return (
        session.scalar(
            select(func.count(Response.id)).where(Response.questionnaire_version_id == version.id)
        )
        or 0
    )


def publish_upload(session: Session, token: str, user: User | None) -> QuestionnaireVersion:
    """Publish the kept upload as the version its plan says (committed); the upload is then
    discarded, as the database keeps the published content."""
    checked = check_upload(session, token)
    if checked.problems or checked.definition is None or checked.plan is None:
        raise ServiceError(
            f"'{checked.filename}' has {len(checked.problems)} problem(s) to fix before it "
            "can be published"
        )
    plan = checked.plan
    if plan.outcome == "unchanged":
        raise ServiceError(plan.message + " Nothing to publish.")
    content = {**checked.definition.raw, "version": plan.version}
    definition = load_content(content, checked.filename)
    version = QuestionnaireVersion(
        key=definition.key,
        version=definition.version,
        title=definition.title,
        content_sha256=definition.content_sha256,
        content=dict(definition.raw),
    )
    session.add(version)
    session.flush()
    audit(
        session,
        user,
        "questionnaire_version",
        version.id,
        None,
        f"published {version.label} from {checked.filename}",
    )
    discard_file(session, token)
    session.commit()
    return version


def find_version(session: Session, key: str, version: int) -> QuestionnaireVersion:
    found = session.scalar(select(QuestionnaireVersion).filter_by(key=key, version=version))
    if found is None:
        raise NotFoundError(f"There is no published questionnaire {key} v{version}")
    return found


def published_versions(session: Session) -> list[QuestionnaireVersion]:
    """Every published version, newest of each questionnaire first."""
    return list(
        session.scalars(
            select(QuestionnaireVersion).order_by(
                QuestionnaireVersion.key, QuestionnaireVersion.version.desc()
            )
        )
    )


def version_yaml(session: Session, key: str, version: int) -> str:
    """A published version as our YAML, exactly as published (its shared sections written
    out): loading it gives the same content, so the same hash."""
    found = find_version(session, key, version)
    return definition_yaml(found.content)


def version_xlsform(session: Session, key: str, version: int) -> bytes:
    """A published version as an XLSForm workbook (as served: checked against its hash)."""
    found = find_version(session, key, version)
    return write_xlsform(dict(served_definition(session, found).raw))

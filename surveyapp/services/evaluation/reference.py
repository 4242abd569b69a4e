"""A service evaluation's reference data: loaded from a file, a whole list at a time (a new
practices list replaces the old one), and read back for the measures."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from analysis.service.evaluation import ReferenceData
from surveyapp.importing.read import ImportFileError, read_table
from surveyapp.importing.reference import KINDS, ReferencePlan, plan_reference
from surveyapp.importing.rows import ImportProblem
from surveyapp.models import AreaPopulation, ServiceLinkWorker, ServicePractice, Study
from surveyapp.services import ServiceError
from surveyapp.services.studies import get_study

__all__ = ["ReferenceImport", "import_reference", "known_practices", "reference_data"]

TABLES = {
    "practices": (ServicePractice.__table__, {"practice": "name"}),
    "link-workers": (ServiceLinkWorker.__table__, {"link_worker": "name"}),
    "population": (AreaPopulation.__table__, {}),
}


@dataclass
class ReferenceImport:
    kind: str
    plan: ReferencePlan
    dry_run: bool
    problems: list[ImportProblem] = field(default_factory=list)


def import_reference(
    session: Session, slug: str, kind: str, data: bytes, filename: str, *, dry_run: bool
) -> ReferenceImport:
    """Check (``dry_run``) or load a ``kind`` list (practices, link-workers or population) for
    study ``slug``, replacing the list loaded before; nothing is loaded while a row has a
    problem (a list is used whole)."""
    if kind not in KINDS:
        raise ServiceError(f"Reference data is {', '.join(KINDS)}, not '{kind}'")
    study = get_study(session, slug)
    try:
        table = read_table(data, filename)
    except ImportFileError as exc:
        raise ServiceError(str(exc)) from None
    plan = plan_reference(table, kind)
    result = ReferenceImport(kind, plan, dry_run, list(plan.problems))
    if dry_run or plan.problems:
        return result
    target, renamed = TABLES[kind]
    session.execute(delete(target).where(target.c.study_id == study.id))
    if plan.rows:
        session.execute(
            insert(target),
            [
                {"study_id": study.id, **{renamed.get(k, k): v for k, v in row.items()}}
                for row in plan.rows
            ],
        )
    session.commit()
    return result


def known_practices(session: Session, study: Study) -> set[str] | None:
    """The practices loaded for ``study`` (None when no list is loaded: any practice goes)."""
    names = set(session.scalars(select(ServicePractice.name).filter_by(study_id=study.id)))
    return names or None


def reference_data(session: Session, study: Study) -> ReferenceData:
    """What is loaded for ``study``: list sizes (per practice, and summed per PCN), capacities
    and the area's population per characteristic."""
    sizes: dict[str, int] = {}
    per_pcn: dict[str, int] = defaultdict(int)
    for practice in session.scalars(select(ServicePractice).filter_by(study_id=study.id)):
        if practice.list_size:
            sizes[practice.name] = practice.list_size
            if practice.pcn:
                per_pcn[practice.pcn] += practice.list_size
    capacity = {
        w.name: w.capacity
        for w in session.scalars(select(ServiceLinkWorker).filter_by(study_id=study.id))
        if w.capacity
    }
    population: dict[str, dict[str, int]] = defaultdict(dict)
    for row in session.scalars(select(AreaPopulation).filter_by(study_id=study.id)):
        population[row.characteristic][row.category] = row.people
    return ReferenceData({**sizes, **per_pcn}, capacity, dict(population))

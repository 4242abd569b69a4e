"""Import a service's referral records into a study, and read them back for the measures.

Importing is idempotent by ``referral_id``: the same file again adds nothing, and a later extract
that overlaps it adds the new referrals and updates the ones whose fields changed. The dry run
says exactly that without writing. New rows go in one executemany INSERT, changed ones in one
executemany UPDATE; the study's existing records are read once, by study (no list of ids).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy import and_, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from analysis.service.records import normalised
from surveyapp.importing.read import ImportFileError, read_table
from surveyapp.importing.records import RecordsPlan, plan_records
from surveyapp.importing.rows import ImportProblem
from surveyapp.importing.sources import plan_source_records
from surveyapp.models import (
    AreaPopulation,
    ServiceLinkWorker,
    ServicePractice,
    ServiceRecord,
    Study,
)
from surveyapp.models.base import utcnow
from surveyapp.services import ServiceError
from surveyapp.services.evaluation.reference import known_practices
from surveyapp.services.evaluation.sources import get_source, source_mapping
from surveyapp.services.results import data_fingerprint
from surveyapp.services.studies import get_study

__all__ = [
    "RecordsImport",
    "import_records",
    "records_fingerprint",
    "study_records",
]

RECORDS = ServiceRecord.__table__
BATCH = 10_000  # records written per statement: memory stays flat however long the file
FIELDS = tuple(c.name for c in RECORDS.columns if c.name not in ("id", "study_id", "imported_at"))


@dataclass
class RecordsImport:
    """What an import of records did (or, in a dry run, would do)."""

    plan: RecordsPlan
    dry_run: bool
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    problems: list[ImportProblem] = field(default_factory=list)

    @property
    def blocking(self) -> list[ImportProblem]:
        return self.plan.blocking


def import_records(
    session: Session,
    slug: str,
    data: bytes,
    filename: str,
    *,
    dry_run: bool,
    max_rows: int | None = None,
    source: str | None = None,
) -> RecordsImport:
    """Check (``dry_run``) or import the referral records of a file into study ``slug``: in
    our columns, or another system's export read through the saved ``source`` of that name."""
    study = get_study(session, slug)
    mapping = source_mapping(get_source(session, slug, source)) if source else None
    try:
        table = read_table(
            data, filename, max_rows=max_rows, rows_of=("referrals", "surveyapp import records")
        )
    except ImportFileError as exc:
        raise ServiceError(str(exc)) from None
    plan = plan_records(table) if mapping is None else plan_source_records(table, mapping)
    _unknown_practices(plan, known_practices(session, study))
    result = RecordsImport(plan, dry_run, problems=list(plan.problems))
    if plan.blocking:
        return result
    kept = _kept(session, study)
    del table  # the rows read are in the plan now: the cells need not be held as well
    new: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    given = set(plan.columns)
    for row in plan.rows:
        before = kept.get(row["referral_id"])
        # A column the file does not have keeps what was imported before: a later extract
        # with fewer columns changes what it says, and erases nothing.
        base = dict(zip(FIELDS, before, strict=True)) if before is not None else {}
        values = {name: row.get(name) if name in given else base.get(name) for name in FIELDS}
        values["declined"] = bool(values["declined"])
        values["needs"] = values["needs"] or ""
        values["support_offered"] = values["support_offered"] or ""
        if before is None:
            result.new += 1
            if not dry_run:
                new.append({**values, "study_id": study.id})
        elif before != tuple(values[name] for name in FIELDS):
            result.changed += 1
            if not dry_run:
                changed.append(values)
        else:
            result.unchanged += 1
        if not dry_run and len(new) + len(changed) >= BATCH:
            _write(session, study, new, changed)
    if not dry_run:
        _write(session, study, new, changed)
    session.commit()
    return result


def _write(
    session: Session, study: Study, new: list[dict[str, Any]], changed: list[dict[str, Any]]
) -> None:
    """Add the ``new`` records and update the ``changed`` ones (one executemany each); empty
    both lists."""
    if new:
        session.execute(insert(RECORDS), new)
    if changed:
        # Bound under names of their own: SQLAlchemy keeps a column's own name for its SET.
        settable = [n for n in FIELDS if n != "referral_id"]
        where = and_(
            RECORDS.c.study_id == bindparam("b_study"),
            RECORDS.c.referral_id == bindparam("b_referral"),
        )
        session.execute(
            update(RECORDS)
            .where(where)
            # Stamped here, as a new record is (not by the database's clock, whose text on
            # SQLite sorts apart from ours): the latest change is what a workbook depends on.
            .values({**{n: bindparam(f"v_{n}") for n in settable}, "imported_at": utcnow()}),
            [
                {
                    **{f"v_{n}": v[n] for n in settable},
                    "b_study": study.id,
                    "b_referral": v["referral_id"],
                }
                for v in changed
            ],
        )
    new.clear()
    changed.clear()


def _unknown_practices(plan: RecordsPlan, known: set[str] | None) -> None:
    """Where a practice list is loaded, a referral from a practice not on it is kept out."""
    if known is None:
        return
    kept = []
    for row in plan.rows:
        practice = row.get("practice")
        if practice and practice not in known:
            plan.problems.append(
                ImportProblem(
                    row["_row"],
                    plan.where.get("practice", "practice"),
                    f"'{practice}' is not on the practices list loaded for this evaluation: "
                    "correct the name, or load a list that has it",
                )
            )
        else:
            kept.append(row)
    plan.rows[:] = kept


def _kept(session: Session, study: Study) -> dict[str, tuple[Any, ...]]:
    """The study's records as imported (their fields in the order of ``FIELDS``), by
    referral id: tuples, which hold a million records in half the memory of dicts."""
    rows = session.execute(
        select(*(RECORDS.c[name] for name in FIELDS)).where(RECORDS.c.study_id == study.id)
    )
    return {row[0]: tuple(row) for row in rows}


def study_records(session: Session, slug: str) -> pd.DataFrame:
    """The study's records as the frame ``analysis.service`` measures, read in one query."""
    study = get_study(session, slug)
    query = select(*(RECORDS.c[name] for name in FIELDS)).where(RECORDS.c.study_id == study.id)
    return normalised(pd.read_sql(query, session.connection()))


def records_fingerprint(session: Session, study: Study) -> str:
    """What an evaluation made from ``study``'s records depends on: the records (how many, the
    newest, the latest change), the reference data and the study's answers."""
    parts: list[object] = [data_fingerprint(session, study)]
    parts += session.execute(
        select(func.count(), func.max(RECORDS.c.id), func.max(RECORDS.c.imported_at)).where(
            RECORDS.c.study_id == study.id
        )
    ).one()
    # Reference lists are small and replaced whole (ids can come back): their contents count.
    for table in (ServicePractice, ServiceLinkWorker, AreaPopulation):
        columns = [c for c in table.__table__.columns if c.name not in ("id", "study_id")]
        parts += sorted(
            tuple(row)
            for row in session.execute(select(*columns).where(table.study_id == study.id))
        )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]

"""Other survey tools' exports as they come: a first file of a tool's export read for its
columns, the mapping proposed from its wording confirmed or corrected once (a select per
column, a select per cell text that is no option), saved as a responses source, and the file
then checked through it (the dry run of the import page, which says what lands where)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from surveyapp.extensions import db
from surveyapp.importing.cells import DATE_ORDER_CHOICES
from surveyapp.importing.tools import TOOLS
from surveyapp.services import ServiceError
from surveyapp.services.imports import keep_upload
from surveyapp.services.responses.sources import (
    SourceError,
    SourceForm,
    delete_responses_source,
    list_responses_sources,
    save_responses_source,
    source_form,
)
from surveyapp.services.studies import get_study
from surveyapp.web import Page
from surveyapp.web.auth.roles import STAFF, role_required
from surveyapp.web.staff.jobs import ask


def _page(
    slug: str,
    *,
    form: SourceForm | None = None,
    token: str = "",
    errors: list[tuple[str, str]] | None = None,
    typed: dict[str, str] | None = None,
) -> Page:
    study = get_study(db.session, slug)
    heading = "Confirm the columns of an export" if form else "Other tools' exports"
    return render_template(
        "staff/import_sources.html",
        title=f"{'Error: ' if errors else ''}{heading}: {study.name}",
        heading=heading,
        study=study,
        sources=list_responses_sources(db.session, slug),
        form=form,
        token=token,
        errors=errors or [],
        typed=typed,
        tools=[(key, tool.name) for key, tool in TOOLS.items()],
        date_orders=DATE_ORDER_CHOICES,
    ), (400 if errors else 200)


def _chosen(typed: dict[str, str]) -> dict[int, str]:
    """Each column's select as posted: "column-3" -> its value, by index."""
    return {
        int(key.removeprefix("column-")): value
        for key, value in typed.items()
        if key.startswith("column-") and key.removeprefix("column-").isdigit()
    }


def _texts(typed: dict[str, str]) -> list[tuple[str, str, str]]:
    """Each cell text listed (its hidden "said-N": question id, "|", the text) and the option
    chosen for it ("text-N")."""
    texts = []
    for key, said in typed.items():
        if key.startswith("said-"):
            question, _, text = said.partition("|")
            texts.append((question, text, typed.get("text-" + key.removeprefix("said-"), "")))
    return texts


@role_required(*STAFF)
def import_sources(slug: str) -> Page | Response:
    """The sources saved; a tool's export read for its columns; the mapping saved, then the
    file checked through it."""
    if request.method == "GET":
        return _page(slug)
    typed = request.form.to_dict()
    token = typed.get("token", "")
    instrument = typed.get("instrument", "")
    if typed.get("save") != "source":  # a file to set a source up from (or one kept already)
        try:
            if not token:
                upload = request.files.get("file")
                if upload is None or not upload.filename:
                    raise ServiceError("Choose the CSV or Excel (.xlsx) file the tool exported")
                token = keep_upload(db.session, upload.read(), upload.filename)
            form = source_form(
                db.session,
                slug,
                token,
                instrument,
                tool=typed.get("tool") or None,
                source=typed.get("source") or None,
            )
        except ServiceError as exc:
            return _page(slug, errors=[("file", str(exc))], typed=typed)
        return _page(slug, form=form, token=token)
    try:
        saved = save_responses_source(
            db.session,
            slug,
            typed.get("name", ""),
            upload=token,
            instrument=instrument,
            tool=typed.get("tool", ""),
            date_order=typed.get("date_order", ""),
            columns=_chosen(typed),
            texts=_texts(typed),
        )
        params = {"upload": token, "instrument": "", "source": saved.name, "go": False}
        job = ask("import", slug, params)
    except SourceError as exc:
        form = source_form(
            db.session, slug, token, instrument, tool=typed.get("tool"), chosen=_chosen(typed)
        )
        return _page(slug, form=form, token=token, errors=exc.problems, typed=typed)
    except ServiceError as exc:
        return _page(slug, errors=[("file", str(exc))])
    if job.state in ("queued", "running"):
        return redirect(url_for(".job", job_id=job.id), code=303)
    return redirect(url_for(".import_returns", slug=slug, job=job.id), code=303)


@role_required(*STAFF)
def import_source_delete(slug: str, source_id: int) -> Response:
    name = delete_responses_source(db.session, slug, source_id)
    flash(f"The source '{name}' is deleted. Returns imported through it are kept.")
    return redirect(url_for(".import_sources", slug=slug), code=303)

"""A study's Findings page: its key findings (chosen, ordered and worded in one form), rating
scales, a comparison of two questions and the appendix tables; the appendix workbook, and each
questionnaire's data for researchers (CSV, SPSS, Stata)."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user

from analysis.headlines import KINDS
from surveyapp import settings
from surveyapp.extensions import db
from surveyapp.services import findings as findings_service
from surveyapp.services import studies
from surveyapp.web import Page
from surveyapp.web.auth.roles import STAFF, role_required
from surveyapp.web.staff.jobs import ask, file_or_progress


def chosen() -> list[str]:
    """The instruments ticked on the page (``?i=patient&i=professional``); none means all."""
    return [k for k in request.args.getlist("i") if k]


def _page(
    slug: str,
    typed: dict[str, findings_service.HeadlineChoice] | None = None,
    problems: list[tuple[str, str]] | None = None,
) -> Page:
    study = studies.get_study(db.session, slug)
    row, column = request.args.get("row", ""), request.args.get("column", "")
    page = findings_service.findings_page(
        db.session,
        study,
        chosen(),
        row,
        column,
        small_base=settings.small_base(),
        organisation=settings.organisation_name(),
    )
    problems = problems or []
    numbers = {f.key: n for n, f in enumerate(_in_page_order(page.content), start=1)}
    html = render_template(
        "staff/findings.html",
        title=f"{'Error: ' if problems else ''}Findings: {study.name}",
        study=study,
        page=page,
        content=page.content,
        definitions=page.definitions,
        chosen=chosen(),
        comparison=page.comparison,
        row=row,
        column=column,
        kinds=KINDS,
        typed=typed or {},
        problems=problems,
        problem_of=dict(problems),
        problems_list=[
            {"text": text, "href": f"#order-{numbers.get(key, 1)}"} for key, text in problems
        ],
    )
    return (html, 400) if problems else html


def _in_page_order(content):  # the order the page lists headlines: suggested, then the others
    return [f for f in content.headline_choices if f.suggested] + [
        f for f in content.headline_choices if not f.suggested
    ]


@role_required(*STAFF)
def findings(slug: str) -> Page:
    return _page(slug)


@role_required(*STAFF)
def save_headlines(slug: str) -> Page:
    form = request.form
    published, checked = set(form.getlist("publish")), set(form.getlist("checked"))
    choices = [
        findings_service.HeadlineChoice(
            key=key,
            publish=key in published,
            order=form.get(f"order-{key}", ""),
            text=form.get(f"text-{key}", ""),
            checked=key in checked,
        )
        for key in form.getlist("key")
    ]
    study = studies.get_study(db.session, slug)
    try:
        count = findings_service.save_headlines(
            db.session,
            study,
            choices,
            current_user,
            small_base=settings.small_base(),
            organisation=settings.organisation_name(),
        )
    except findings_service.HeadlineError as exc:
        # Nothing is saved; the page comes back with everything as it was typed.
        return _page(slug, {c.key: c for c in choices}, exc.problems)
    flash(f"Saved: the report opens with {count} key finding{'' if count == 1 else 's'}.")
    return redirect(url_for(".findings", slug=slug, i=chosen()) + "#findings")


@role_required(*STAFF)
def appendix_download(slug: str) -> Response:
    """The workbook when it is made for the data as they are; else the page of its making."""
    return file_or_progress(ask("appendix", slug, {"instruments": chosen()}))


@role_required(*STAFF)
def research_data(slug: str, key: str, format: str) -> Response:
    """A questionnaire's data for researchers (``format``: csv, sav or dta), made as a job."""
    return file_or_progress(ask("research", slug, {"instrument": key, "format": format}))

"""Staff views of free-text coding: the overview, the review of one answer at a time, a
question's agreement figures, emerging themes and quotes. Parse, call one service, render."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from surveyapp.extensions import db
from surveyapp.services import ServiceError
from surveyapp.services.coding import (
    add_theme,
    choose_codebook,
    codebook_keys,
    coding_overview,
    decide_quote,
    emerging_page,
    question_page,
    quote_page,
    review_item,
    save_coding,
    set_names_to_hide,
    train_models,
)
from surveyapp.web import Page
from surveyapp.web.auth.roles import STAFF, role_required
from surveyapp.web.inputs import typed_text
from surveyapp.web.staff.jobs import ask


def _overview(slug: str, error: str | None = None) -> Page:
    study, progress = coding_overview(db.session, slug)
    return render_template(
        "staff/themes.html",
        title=f"Free-text themes: {study.name}",
        study=study,
        progress=progress,
        codebooks=codebook_keys(db.session),
        error=error,
    ), (400 if error else 200)


@role_required(*STAFF)
def themes(slug: str) -> Page:
    return _overview(slug)


@role_required(*STAFF)
def themes_run(slug: str) -> Page:
    job = ask("theming", slug, {})
    if job.state != "done":
        return redirect(url_for(".job", job_id=job.id), code=303)
    flash(f"{job.summary}; staff codes are kept as they were.")
    return redirect(url_for(".themes", slug=slug))


@role_required(*STAFF)
def themes_train(slug: str) -> Page:
    try:
        done = train_models(db.session, slug, request.form.get("codebook", ""))
    except ServiceError as exc:
        return _overview(slug, str(exc))
    flash(
        f"Trained on {done.answers} answers coded by staff in {done.seconds:.1f} s"
        f"{' (themes and sentiment)' if done.sentiment else ' (themes)'}; answers recoded."
    )
    return redirect(url_for(".themes", slug=slug))


@role_required(*STAFF)
def themes_codebook(slug: str, key: str, question_id: str) -> Page:
    try:
        choose_codebook(db.session, slug, key, question_id, request.form.get("codebook", ""))
    except ServiceError as exc:
        return _overview(slug, str(exc))
    flash("Codebook changed; the question's answers were recoded.")
    return redirect(url_for(".themes", slug=slug))


@role_required(*STAFF)
def themes_names(slug: str) -> Page:
    set_names_to_hide(db.session, slug, typed_text("names", "The list of names", multiline=True))
    flash("Saved the names hidden from quotes.")
    return redirect(url_for(".themes", slug=slug))


@role_required(*STAFF)
def themes_question(slug: str, key: str, question_id: str) -> Page:
    page = question_page(db.session, slug, key, question_id)
    return render_template(
        "staff/themes_question.html",
        title=f"Themes: {page.progress.item.label}",
        study=page.study,
        progress=page.progress,
        agreement=page.agreement,
    )


@role_required(*STAFF)
def themes_review(slug: str, key: str, question_id: str) -> Page:
    round_ = request.args.get("round", 1, type=int)
    answer = request.args.get("answer", type=int)
    error = None
    if request.method == "POST":
        form = request.form
        try:
            save_coding(
                db.session,
                slug,
                key,
                question_id,
                form.get("answer_id", type=int) or 0,
                current_user,
                round_=round_,
                codes=form.getlist("codes"),
                sentiment=form.get("sentiment") or None,
                not_applicable=form.get("not_applicable") == "1",
            )
        except ServiceError as exc:
            error, answer = str(exc), form.get("answer_id", type=int)
        else:
            following = form.get("next_id", type=int)
            return redirect(
                url_for(
                    ".themes_review",
                    slug=slug,
                    key=key,
                    question_id=question_id,
                    round=round_,
                    answer=following,
                )
            )
    item = review_item(
        db.session, slug, key, question_id, current_user, round_=round_, answer_id=answer
    )
    if error and item is not None:
        # Nothing ticked is lost: the page comes back as it was sent, with what to fix.
        item.chosen = request.form.getlist("codes")
        item.sentiment = request.form.get("sentiment") or None
        item.not_applicable = request.form.get("not_applicable") == "1"
    return render_template(
        "staff/themes_review.html",
        title="Review codes",
        item=item,
        slug=slug,
        key=key,
        question_id=question_id,
        round=round_,
        error=error,
    ), (400 if error else 200)


@role_required(*STAFF)
def themes_emerging(slug: str, key: str, question_id: str) -> Page:
    error = None
    if request.method == "POST":
        form = request.form
        try:
            added = add_theme(
                db.session,
                slug,
                key,
                question_id,
                axis=form.get("axis", ""),
                label=form.get("label", ""),
                phrases=form.get("phrases", ""),
                user=current_user,
            )
        except ServiceError as exc:
            error = str(exc)
        else:
            flash(f"Added the theme '{added.label}'; answers were recoded with it.")
            return redirect(
                url_for(".themes_emerging", slug=slug, key=key, question_id=question_id)
            )
    page = emerging_page(db.session, slug, key, question_id)
    return render_template(
        "staff/themes_emerging.html",
        title=f"Emerging themes: {page.item.label}",
        study=page.study,
        item=page.item,
        axes=page.axes,
        groups=page.groups,
        error=error,
    ), (400 if error else 200)


@role_required(*STAFF)
def themes_quotes(slug: str, key: str, question_id: str) -> Page:
    error = None
    if request.method == "POST":
        form = request.form
        try:
            decide_quote(
                db.session,
                slug,
                key,
                question_id,
                form.get("answer_id", type=int) or 0,
                form.get("theme", ""),
                form.get("sentiment", ""),
                form.get("decision", ""),
                current_user,
                text=form.get("text"),
            )
        except ServiceError as exc:
            error = str(exc)
        else:
            flash(
                "Quote approved: it is in the findings report."
                if form.get("decision") == "approved"
                else "Quote rejected."
            )
            return redirect(url_for(".themes_quotes", slug=slug, key=key, question_id=question_id))
    return render_template(
        "staff/themes_quotes.html",
        title="Quotes",
        page=quote_page(db.session, slug, key, question_id),
        error=error,
    ), (400 if error else 200)

"""Paper entry views: parse what was typed, call one service, render. Volunteers see only these
screens, and of them only their own work."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from surveyapp.extensions import db
from surveyapp.paper.keying import read_keyed
from surveyapp.services import ServiceError
from surveyapp.services.paper import (
    EntryRefusedError,
    EntryTarget,
    entry_home,
    key_entry,
    open_correction,
    open_entry,
    saved_summary_for,
    screen_for,
)
from surveyapp.settings import time_zone
from surveyapp.web import Page
from surveyapp.web.auth.roles import KEYERS, role_required
from surveyapp.web.inputs import checked_text


def _home(serial: str = "", error: str | None = None) -> tuple[str, int]:
    return render_template(
        "entry/home.html",
        title="Key paper forms",
        serial=serial,
        error=error,
        home=entry_home(db.session, current_user, time_zone()),
    ), (400 if error else 200)


@role_required(*KEYERS)
def home() -> tuple[str, int]:
    return _home()


@role_required(*KEYERS)
def open_serial() -> WerkzeugResponse | tuple[str, int]:
    typed = request.form.get("serial", "")
    try:
        target = open_entry(
            db.session, checked_text(typed, "The serial"), current_user, time_zone()
        )
    except ServiceError as exc:  # refused, or not a serial
        return _home(typed, str(exc))
    return redirect(url_for(".key", serial=target.form.serial))


def _screen(
    target: EntryTarget,
    typed: dict[str, str],
    errors: dict[str, str],
    action: str,
    refusal: str | None = None,
) -> tuple[str, int]:
    return render_template(
        "entry/key.html",
        title=f"Key serial {target.form.serial}",
        target=target,
        definition=target.definition,
        typed=typed,
        errors=errors,
        refusal=refusal,
        action=action,
    ), (400 if errors or refusal else 200)


def _save(target: EntryTarget, action: str) -> Page:
    typed = request.form.to_dict()
    keyed = read_keyed(target.definition, typed, include_contact=target.include_contact)
    if keyed.errors:
        # Nothing typed is lost: the screen comes back as typed, each problem beside its box.
        return _screen(target, typed, keyed.errors, action)
    try:
        key_entry(db.session, target, current_user, keyed)
    except EntryRefusedError as exc:
        return _screen(target, typed, {}, action, refusal=str(exc))
    return redirect(url_for(".saved", serial=target.form.serial))


def _refused(serial: str, exc: EntryRefusedError) -> tuple[str, int]:
    """A serial that cannot be keyed now. After typing a whole form (someone else saved it in
    the meantime), the screen comes back as typed with the reason, so nothing is lost."""
    if request.method == "GET":
        return _home(serial, str(exc))
    try:
        shown = screen_for(db.session, serial, time_zone())
    except EntryRefusedError:
        return _home(serial, str(exc))
    return _screen(shown, request.form.to_dict(), {}, request.path, refusal=str(exc))


@role_required(*KEYERS)
def key(serial: str) -> Page:
    try:
        target = open_entry(db.session, serial, current_user, time_zone())
    except EntryRefusedError as exc:
        return _refused(serial, exc)
    action = url_for(".key", serial=target.form.serial)
    if request.method == "GET":
        return _screen(target, {}, {}, action)
    return _save(target, action)


@role_required(*KEYERS)
def correct(serial: str) -> Page:
    try:
        target = open_correction(db.session, serial, current_user, time_zone())
    except EntryRefusedError as exc:
        return _refused(serial, exc)
    action = url_for(".correct", serial=target.form.serial)
    if request.method == "GET" and target.correcting is not None:
        return _screen(target, dict(target.correcting.keys), {}, action)
    return _save(target, action)


@role_required(*KEYERS)
def saved(serial: str) -> str:
    summary = saved_summary_for(db.session, serial, current_user)
    return render_template(
        "entry/saved.html", title=f"Saved serial {summary.serial}", summary=summary
    )

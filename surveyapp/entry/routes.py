"""Paper entry views: parse what was typed, call one service, render. Volunteers see only these
screens, and of them only their own work."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from surveyapp.auth import role_required
from surveyapp.extensions import db
from surveyapp.paper.keying import read_keyed
from surveyapp.services.paper_entry import (
    EntryRefusedError,
    EntryTarget,
    find_form,
    key_entry,
    latest_entry,
    open_correction,
    open_entry,
)
from surveyapp.services.paper_overview import entry_home, saved_summary

bp = Blueprint("entry", __name__, url_prefix="/entry")

KEYERS = ("volunteer", "staff", "admin")


def _home(serial: str = "", error: str | None = None) -> tuple[str, int]:
    return render_template(
        "entry/home.html",
        title="Key paper forms",
        serial=serial,
        error=error,
        home=entry_home(db.session, current_user),
    ), (400 if error else 200)


@bp.get("/")
@role_required(*KEYERS)
def home() -> tuple[str, int]:
    return _home()


@bp.post("/")
@role_required(*KEYERS)
def open_serial() -> WerkzeugResponse | tuple[str, int]:
    typed = request.form.get("serial", "")
    try:
        target = open_entry(db.session, typed, current_user)
    except EntryRefusedError as exc:
        return _home(typed, str(exc))
    return redirect(url_for(".key", serial=target.form.serial))


def _screen(target: EntryTarget, typed: dict[str, str], errors: dict[str, str], action: str):
    return render_template(
        "entry/key.html",
        title=f"Key serial {target.form.serial}",
        target=target,
        definition=target.definition,
        typed=typed,
        errors=errors,
        action=action,
    ), (400 if errors else 200)


def _key(target: EntryTarget, action: str, prefill: dict[str, str]):
    if request.method == "GET":
        return _screen(target, prefill, {}, action)
    typed = request.form.to_dict()
    keyed = read_keyed(target.definition, typed, include_contact=target.include_contact)
    if keyed.errors:
        # Nothing typed is lost: the screen comes back as typed, each problem beside its box.
        return _screen(target, typed, keyed.errors, action)
    try:
        key_entry(db.session, target, current_user, keyed)
    except EntryRefusedError as exc:
        return _screen(target, typed, {"serial": str(exc)}, action)
    return redirect(url_for(".saved", serial=target.form.serial))


@bp.route("/forms/<serial>", methods=["GET", "POST"])
@role_required(*KEYERS)
def key(serial: str):
    try:
        target = open_entry(db.session, serial, current_user)
    except EntryRefusedError as exc:
        return _home(serial, str(exc))
    return _key(target, url_for(".key", serial=target.form.serial), {})


@bp.route("/forms/<serial>/correct", methods=["GET", "POST"])
@role_required(*KEYERS)
def correct(serial: str):
    try:
        target = open_correction(db.session, serial, current_user)
    except EntryRefusedError as exc:
        return _home("", str(exc))
    assert target.correcting is not None
    return _key(target, url_for(".correct", serial=target.form.serial), target.correcting.keys)


@bp.get("/forms/<serial>/saved")
@role_required(*KEYERS)
def saved(serial: str) -> str:
    try:
        form = find_form(db.session, serial)
    except EntryRefusedError:
        abort(404)
    entry = latest_entry(db.session, current_user)
    if entry is None or entry.paper_form_id != form.id:
        # Only one's own latest form: never another volunteer's work.
        abort(404)
    return render_template(
        "entry/saved.html",
        title=f"Saved serial {form.serial}",
        summary=saved_summary(db.session, entry),
    )

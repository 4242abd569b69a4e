"""The tracker's list of organisations and their named contacts (on the tracker blueprint)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from surveyapp.auth import role_required
from surveyapp.extensions import db
from surveyapp.forms.tracker import ContactForm, OrganisationForm
from surveyapp.services import ServiceError
from surveyapp.services import organisations as organisations_service
from surveyapp.services import tracker as records
from surveyapp.staff.tracker_routes import STAFF, Page, _organisation_choices, bp


@bp.route("/organisations", methods=["GET", "POST"])
@role_required(*STAFF)
def organisations() -> Page:
    form = OrganisationForm()
    contact_form = ContactForm(prefix="contact")
    contact_form.organisation_id.choices = [("", "Choose")] + _organisation_choices()
    if request.method == "POST" and "contact-name" in request.form:
        if contact_form.validate_on_submit():
            try:
                contact = organisations_service.add_contact(
                    db.session,
                    int(contact_form.organisation_id.data),
                    contact_form.name.data,
                    contact_form.role.data,
                    contact_form.email.data,
                )
            except ServiceError as exc:
                contact_form.name.errors.append(str(exc))
            else:
                flash(f"{contact.name} added to {contact.organisation.name}.")
                return redirect(url_for(".organisations"))
    elif form.validate_on_submit():
        try:
            created = organisations_service.create_organisation(
                db.session, form.name.data, form.kind.data
            )
        except records.TrackerError as exc:
            form.name.errors.append(str(exc))
        else:
            flash(f"{created.name} added.")
            return redirect(url_for(".organisations"))
    return render_template(
        "tracker/organisations.html",
        title="Organisations",
        form=form,
        contact_form=contact_form,
        organisations=organisations_service.list_organisations(db.session),
    ), (400 if form.errors or contact_form.errors else 200)

"""The tracker's list of organisations and their named contacts."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from surveyapp.extensions import db
from surveyapp.forms.tracker import ContactForm, OrganisationForm
from surveyapp.services import ServiceError, tracker
from surveyapp.web import Page
from surveyapp.web.auth.roles import STAFF, role_required
from surveyapp.web.tracker.common import organisation_choices


@role_required(*STAFF)
def organisations() -> Page:
    form = OrganisationForm()
    contact_form = ContactForm(prefix="contact")
    contact_form.organisation_id.choices = [("", "Choose"), *organisation_choices()]
    if request.method == "POST" and "contact-name" in request.form:
        if contact_form.validate_on_submit():
            try:
                contact = tracker.add_contact(
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
            created = tracker.create_organisation(db.session, form.name.data, form.kind.data)
        except tracker.TrackerError as exc:
            form.name.errors.append(str(exc))
        else:
            flash(f"{created.name} added.")
            return redirect(url_for(".organisations"))
    return render_template(
        "tracker/organisations.html",
        title="Organisations",
        form=form,
        contact_form=contact_form,
        organisations=tracker.list_organisations(db.session),
    ), (400 if form.errors or contact_form.errors else 200)

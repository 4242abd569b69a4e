"""The baseline the serving benchmark compares the app with: the least a Flask app does to take
a form safely. A flask-wtf form with its CSRF token, one SQLAlchemy insert, a redirect, and a
reference page; served by the same gunicorn, on the same database.

    gunicorn 'benchmarks.thin_app:create()'      (THIN_DATABASE_URL names the database)
"""

from __future__ import annotations

import os
import secrets

from flask import Flask, redirect, render_template_string, url_for
from flask_wtf import FlaskForm
from sqlalchemy import String, create_engine, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from wtforms import StringField

from surveyapp.services.engine import make_engine


class Base(DeclarativeBase):
    pass


class Submission(Base):
    __tablename__ = "thin_submission"
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    answer: Mapped[str] = mapped_column(String(200))


class AnswerForm(FlaskForm):
    answer = StringField("How easy was it to be referred?")


PAGE = """<!doctype html><html lang="en"><head><title>Thin form</title></head><body><main>
<h1>One question</h1><form method="post">{{ form.csrf_token }}
<label for="answer">{{ form.answer.label.text }}</label>{{ form.answer() }}
<button type="submit">Send</button></form></main></body></html>"""
DONE = """<!doctype html><html lang="en"><head><title>Sent</title></head><body><main>
<h1>Thank you</h1><p>Your reference is <strong>{{ reference }}</strong>.</p></main></body></html>"""


def create() -> Flask:
    url = os.environ["THIN_DATABASE_URL"]
    # The app's own engine settings (SQLite in WAL with synchronous=FULL, the same pool), so
    # that the comparison is of the request path, not of the database set-up.
    engine = make_engine(url) if url.startswith(("sqlite", "postgresql")) else create_engine(url)
    Base.metadata.create_all(engine)
    app = Flask(__name__)
    app.config["SECRET_KEY"] = os.environ.get("THIN_SECRET_KEY", "thin")

    @app.route("/form", methods=["GET", "POST"])
    def form() -> object:
        answer = AnswerForm()
        if answer.validate_on_submit():
            reference = secrets.token_hex(4).upper()
            with Session(engine) as session:
                session.add(Submission(reference=reference, answer=answer.answer.data or ""))
                session.commit()
            return redirect(url_for("done", reference=reference))
        return render_template_string(PAGE, form=answer)

    @app.route("/done/<reference>")
    def done(reference: str) -> object:
        with Session(engine) as session:
            found = session.scalar(select(Submission.reference).filter_by(reference=reference))
        return render_template_string(DONE, reference=found or "")

    return app

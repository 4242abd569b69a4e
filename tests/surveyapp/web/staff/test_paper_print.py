"""Printing paper forms from the staff page and the CLI: one PDF, a unique serial per copy,
serials never reused, and the text read back from the PDF."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader
from sqlalchemy import select

from surveyapp.models import PaperBatch, PaperForm
from surveyapp.paper.serials import normalise_serial
from tests.helpers import hidden_fields, login


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def test_staff_print_forms_and_download_the_pdf(app, client, session, published, make_user):
    study = published("bromley", "patient/v1")
    make_user("staff")
    login(client, "staff@example.org")
    page = client.get(f"/staff/studies/{study}/paper").get_data(as_text=True)
    tokens = hidden_fields(page)
    refused = client.post(
        f"/staff/studies/{study}/paper/print",
        data={**tokens, "instrument": "patient/v1", "copies": "0"},
    )
    assert refused.status_code == 400
    assert "Print between 1 and 2000 copies" in refused.get_data(as_text=True)
    printed = client.post(
        f"/staff/studies/{study}/paper/print",
        data={**tokens, "instrument": "patient/v1", "copies": "3", "large_print": "1"},
        follow_redirects=True,
    )
    html = printed.get_data(as_text=True)
    assert "Printed 3 copies: serials 000001-3 to 000003-7" in html
    batch = session.scalar(select(PaperBatch))
    assert batch.large_print and batch.copies == 3
    download = client.get(f"/staff/studies/{study}/paper/batches/{batch.id}.pdf")
    assert download.mimetype == "application/pdf"
    assert (
        "patient-v1-large-print-000001-3-to-000003-7.pdf" in download.headers["Content-Disposition"]
    )
    text = pdf_text(download.data)
    for serial in ("000001-3", "000002-1", "000003-7"):
        assert f"Serial {serial}" in text
    assert "Who referred you, or the person you care for, to a social prescriber?" in text


def test_cli_prints_and_serials_are_never_reused(app, session, published, tmp_path):
    study = published("bromley", "patient/v1", "professional/v1")
    runner = app.test_cli_runner()
    first = runner.invoke(
        args=["paper", "print", study, "patient/v1", "--copies", "2", "-o", str(tmp_path / "a.pdf")]
    )
    assert first.exit_code == 0, first.output
    second = runner.invoke(
        args=[
            "paper",
            "print",
            study,
            "professional",
            "--copies",
            "2",
            "-o",
            str(tmp_path / "b.pdf"),
        ]
    )
    assert "serials 000003-7 to 000004-5" in second.output
    serials = session.scalars(select(PaperForm.serial).order_by(PaperForm.id)).all()
    assert len(set(serials)) == 4
    assert all(normalise_serial(s) == s for s in serials)  # every check digit is right
    text = pdf_text((tmp_path / "b.pdf").read_bytes())
    assert "Serial 000003-7" in text and "professional v1" in text
    assert "How many hours do you have an SPLW available in-person and remote?" in text
    missing = runner.invoke(args=["paper", "print", study, "ons4/v1", "--copies", "1", "-o", "x"])
    assert missing.exit_code == 1 and "has no open questionnaire 'ons4'" in missing.stderr

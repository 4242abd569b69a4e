"""Every text box the app shows, found by walking its pages as an admin (so a box added later is
covered without a line here), sent hostile text: never a fault, never markup that runs, on the
page answered or on any page after. Then every download the pages link to is read back with the
library that reads it: no formula in a workbook, no cell a spreadsheet would run in a CSV, and
what was typed reaches the report, the Word file and the workbook exactly (composed)."""

from __future__ import annotations

import csv
import io
import re
import tempfile
import unicodedata
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pyreadstat
import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from benchmarks.online_submission import PAGE1
from exports.csv import FORMULA_STARTS
from tests.conftest import demo_once
from tests.helpers import hidden_fields, login, wait_for_job
from tests.walk import DOWNLOADS, LEFT_ALONE, Page, route, walk

#: The kinds of hostile text that have broken web apps: markup, a formula with a direction
#: override, a NUL, a long text. (tests/surveyapp/web/test_text_rule.py sends a longer list
#: through the public form.)
HOSTILE = [
    '<script>alert(1)</script>"><img src=x onerror=alert(1)>',
    '=HYPERLINK("http://x.example","click") \u202egnp.exe',
    "a\x00b",
    "z" * 100_000,
]
RAN = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")
#: Welsh, an emoji with a joiner, Arabic, a zero-width space and a decomposed é.
MIXED = "Gwasanaeth ŵ 👩‍⚕️ مرحبا\u200bbien Cafe\u0301"
STUDY = "/staff/studies/bromley-social-prescribing"


def _nothing_runs(url: str, html: str) -> None:
    assert not any(ran in html for ran in RAN), f"markup from an earlier post runs on {url}"


def _downloads(pages: dict[str, Page]) -> set[str]:
    return {
        urljoin(url, href).split("#")[0]
        for url, page in pages.items()
        for href in page.links
        if urljoin(url, href).startswith("/") and DOWNLOADS.search(urlsplit(href).path)
    }


def _fetch(client, url: str):
    """A download, waiting for its job when the app makes one."""
    got = client.get(url)
    if got.status_code in (302, 303) and "/jobs/" in got.headers["Location"]:
        job = got.headers["Location"]
        status = wait_for_job(lambda u: client.get(u).get_json(), job)
        assert status["state"] == "done", (url, status)
        got = client.get(f"{job}/file")
    return got


@pytest.fixture
def admin(app, client, backend, demo_rows):
    demo_once(app, backend, demo_rows, patient_responses=12, seed=3)
    login(client, "admin@example.org", "demo-password-2023")
    return client


def test_every_text_box_takes_hostile_text_without_a_fault_or_markup_that_runs(admin):
    starts = ["/", "/staff/", "/entry/", "/admin/users", "/s/bromley-social-prescribing/patient"]
    pages = walk(admin, starts, read=_nothing_runs)
    forms = [(url, form) for url, page in pages.items() for form in page.forms]
    actions = {urljoin(url, form["action"] or url) for url, form in forms}
    # The walk reaches the boxes of every audience: public form, keying, staff, admin.
    for expected in ("/s/bromley-social-prescribing/patient", "/entry/", "/staff/", "/admin/"):
        assert any(expected in action for action in actions), (expected, sorted(actions))
    assert len(forms) >= 15, sorted(actions)
    posted, answered, taken = 0, set(), set()
    for url, form in forms:
        action = urljoin(url, form["action"] or url)
        if LEFT_ALONE.search(urlsplit(action).path):
            continue
        kind = (
            route(admin, action, "POST"),
            frozenset(re.sub(r"\d+", "N", n) for n in form["text"]),
        )
        if kind in answered:
            continue
        answered.add(kind)
        for hostile in HOSTILE:
            fresh = hidden_fields(admin.get(url).get_data(as_text=True))
            fields = [
                (name, hostile if name in form["text"] else fresh.get(name, value))
                for name, value in form["fields"]
            ]
            sent = admin.post(action, data=_multi(fields))
            assert sent.status_code < 500, (action, hostile[:40], sent.status_code)
            html = sent.get_data(as_text=True)
            assert not any(ran in html for ran in RAN), (action, hostile[:40])
            posted += 1
            if sent.status_code in (302, 303) and hostile == HOSTILE[0]:
                taken.add(kind[0])  # the markup was kept (as text): later pages show it
    assert posted >= 15 * len(HOSTILE)
    # Not a walk of refusals: boxes of every audience kept the markup as text ...
    assert len(taken) >= 6, sorted(taken)
    shown: list[str] = []

    def shown_as_text(url: str, html: str) -> None:
        _nothing_runs(url, html)
        if "&lt;script&gt;alert(1)&lt;/script&gt;" in html:
            shown.append(url)

    # ... and nothing stored runs anywhere afterwards, where it is shown.
    pages = walk(admin, starts, read=shown_as_text)
    assert len(shown) >= 3, shown
    downloads = sorted(_downloads(pages))
    for kind in (
        "answers.csv",
        "appendix.xlsx",
        "report.docx",
        "report.html",
        "tracker.xlsx",
        ".pdf",
        ".sav",
        ".dta",
    ):
        assert any(kind in url for url in downloads), (kind, downloads)
    for url in downloads:
        _check_download(url, _fetch(admin, url))


def _multi(fields):
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    return data


def _check_download(url: str, got) -> None:
    assert got.status_code == 200, (url, got.status_code)
    body = got.data
    path = urlsplit(url).path
    if path.endswith(".xlsx"):
        book = load_workbook(io.BytesIO(body))
        formulas = [
            (sheet.title, cell.coordinate)
            for sheet in book.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if cell.data_type == "f"
        ]
        assert not formulas, (url, formulas[:5])
    elif path.endswith(".csv"):
        for row in csv.reader(io.StringIO(body.decode("utf-8-sig"))):
            for cell in row:
                assert not cell.startswith(FORMULA_STARTS) or _is_number(cell), (url, cell[:60])
    elif path.endswith((".sav", ".dta")):
        frame = _stats_file(path, body)
        assert "reference" in frame.columns and len(frame)
    elif path.endswith(".pdf"):
        assert PdfReader(io.BytesIO(body)).pages
    elif path.endswith(".docx"):
        assert Document(io.BytesIO(body)).paragraphs
    elif got.mimetype == "text/html":
        assert not any(ran.encode() in body for ran in RAN), url


def _stats_file(path: str, body: bytes):
    """An SPSS or Stata file read back by pyreadstat (on ReadStat, as R's haven reads it)."""
    with tempfile.TemporaryDirectory() as folder:
        kept = Path(folder) / Path(path).name
        kept.write_bytes(body)
        read = pyreadstat.read_sav if path.endswith(".sav") else pyreadstat.read_dta
        return read(str(kept), user_missing=True)[0]


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_what_staff_and_the_public_type_reaches_every_export_exactly(admin):
    composed = unicodedata.normalize("NFC", MIXED)
    formula = "=1+1 not a sum"
    # An answer, by the public form.
    start = "/s/bromley-social-prescribing/patient"
    page = admin.get(start).get_data(as_text=True)
    answer = admin.post(start, data={**hidden_fields(page), **PAGE1, "referral_reason": MIXED})
    assert answer.status_code == 302, answer.get_data(as_text=True)[:2000]
    page = answer.headers["Location"]
    while "/done" not in page:  # the rest of the form, left blank
        page = admin.post(page, data=hidden_fields(admin.get(page).get_data(as_text=True)))
        page = page.headers["Location"]
    # The report's summary, and a group name staff give written answers.
    report = Page()
    report.feed(admin.get(f"{STUDY}/report").get_data(as_text=True))
    (form,) = [f for f in report.forms if "summary" in f["text"]]
    fields = [(n, f"{MIXED}\n\n{formula}" if n == "summary" else v) for n, v in form["fields"]]
    assert admin.post(f"{STUDY}/report", data=_multi(fields)).status_code == 302
    written = f"{STUDY}/written/patient/referred_by"
    grouping = Page()
    grouping.feed(admin.get(written).get_data(as_text=True))
    (form,) = grouping.forms
    fields = [(n, formula if n.startswith("as-") else v) for n, v in form["fields"]]
    assert admin.post(written, data=_multi(fields)).status_code == 302

    answers = _fetch(admin, f"{STUDY}/answers.csv").get_data(as_text=True)
    assert composed in answers
    for suffix in (".csv", ".sav", ".dta"):  # the data for researchers, in every file
        url = f"{STUDY}/data/patient{suffix}"
        data = _fetch(admin, url)
        if suffix == ".csv":
            assert composed in data.get_data(as_text=True)
        else:
            assert composed in set(_stats_file(url, data.data)["referral_reason"])
    html = _fetch(admin, f"{STUDY}/report.html?i=patient").get_data(as_text=True)
    assert f"<p>{composed}</p>" in html
    assert f'<th scope="row">{formula}</th>' in html
    word = Document(io.BytesIO(_fetch(admin, f"{STUDY}/report.docx").data))
    texts = [p.text for p in word.paragraphs] + [
        cell.text for table in word.tables for row in table.rows for cell in row.cells
    ]
    assert composed in texts and formula in texts
    book = load_workbook(io.BytesIO(_fetch(admin, f"{STUDY}/findings/appendix.xlsx").data))
    cells = [c for s in book.worksheets for r in s.iter_rows() for c in r if c.value == formula]
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)

"""Exports of the every_type questionnaire as each survey tool writes them: the headers, the
tool's own fields, and how each spreads or joins a multiple choice (see
surveyapp/importing/tools.py for what is known of each layout). Shared by the tests of the pure
reading, the service and the pages."""

from __future__ import annotations

import csv
import datetime as dt
import io

from openpyxl import Workbook

PLACE = "Where did you go?"
REASONS = "Why did you go? Tick all that apply."
EASE = "How easy was it to get an appointment?"
LIFE = "Overall, how satisfied are you with your life nowadays?"
POSTCODE = "What is the first part of your postcode?"
DATE = "When was your visit?"

#: SurveyMonkey, "All responses data" expanded: two header rows, a column per option.
SURVEYMONKEY = [
    ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address",
     "First Name", "Last Name", "Custom Data 1", PLACE, "", REASONS, "", "", "", EASE, LIFE,
     POSTCODE],
    ["", "", "", "", "", "", "", "", "", "Response", "Other (please specify)", "A check-up",
     "A new health problem", "A prescription", "Don't know", "Response", "Response",
     "Open-Ended Response"],
    ["114227001", "431", "03/14/2023 10:20:01 AM", "03/14/2023 10:22:33 AM", "10.0.0.1", "",
     "", "", "", "GP practice", "", "A check-up", "", "A prescription", "", "Very easy", "7",
     "BR1"],
    ["114227002", "431", "03/15/2023 09:01:00 AM", "03/15/2023 09:05:40 AM", "10.0.0.2", "",
     "", "", "", "", "The dentist", "", "", "", "Don't know", "Fairly easy", "9", "BR2"],
    ["114227003", "431", "03/16/2023 11:00:00 AM", "03/16/2023 11:02:00 AM", "10.0.0.3", "",
     "", "", "", "Pharmacy", "", "", "A new health problem", "", "", "Very hard", "12", "SE6"],
]  # fmt: skip

#: Google Forms' responses sheet: a timestamp, the wording (a printed number before one), several
#: choices joined with ", ", and the words typed for "Other" as the answer itself.
GOOGLE_FORMS = [
    ["Timestamp", f"1. {PLACE}", REASONS, DATE, EASE.upper(), LIFE, POSTCODE],
    ["14/03/2023 10:22:33", "GP practice", "A check-up, A prescription", "14/03/2023",
     "Very easy", "7", "BR1"],
    ["15/03/2023 09:05:40", "The dentist", "Dont know", "15/03/2023", "N/A", "9", "BR2"],
    ["16/03/2023 11:02:00", "Pharmacy", "A new health problem", "16/03/2023", "Not very easy",
     "5", "SE6"],
]  # fmt: skip

#: Microsoft Forms' workbook: ID, times, the signed-in person, choices joined with ";".
MICROSOFT_FORMS = [
    ["ID", "Start time", "Completion time", "Email", "Name", PLACE, REASONS, EASE, LIFE],
    [1, dt.datetime(2023, 3, 14, 10, 20), dt.datetime(2023, 3, 14, 10, 22), "anonymous", "",
     "GP practice", "A check-up;A prescription;", "Very easy", 7],
    [2, dt.datetime(2023, 3, 15, 9, 1), dt.datetime(2023, 3, 15, 9, 5), "anonymous", "",
     "Pharmacy", "A new health problem;", "Fairly easy", 9],
]  # fmt: skip

#: LimeSurvey's response CSV with question codes as headings and answer codes in the cells:
#: nothing to match by wording, so staff map each column and code once.
LIMESURVEY_CODES = [
    ["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp", "Q1",
     "Q1[other]", "Q2[SQ001]", "Q2[SQ002]", "Q2[SQ003]", "Q2[SQ004]", "Q4", "Q8",
     "interviewtime", "groupTime12", "Q1Time"],
    ["7", "2023-03-14 10:22:33", "2", "en", "1234", "2023-03-14 10:20:01",
     "2023-03-14 10:22:33", "A1", "", "Y", "", "Y", "", "A1", "BR1", "152", "80", "12"],
    ["8", "2023-03-15 09:05:40", "2", "en", "99", "2023-03-15 09:01:00",
     "2023-03-15 09:05:40", "-oth-", "The dentist", "", "", "", "Y", "A2", "BR2", "280", "90",
     "20"],
]  # fmt: skip

#: LimeSurvey's response CSV with full question text as headings and full answers.
LIMESURVEY_TEXT = [
    ["id", "submitdate", "lastpage", "startlanguage", "seed", PLACE, f"{PLACE} [Other]",
     f"{REASONS} [A check-up]", f"{REASONS} [A new health problem]",
     f"{REASONS} [A prescription]", f"{REASONS} [Don't know]", EASE],
    ["7", "2023-03-14 10:22:33", "2", "en", "1234", "GP practice", "", "Yes", "", "Yes", "",
     "Very easy"],
    ["8", "2023-03-15 09:05:40", "2", "en", "99", "Other", "The dentist", "", "", "", "Yes",
     "Fairly easy"],
]  # fmt: skip

#: SmartSurvey's export: its own fields, then the questions headed by number and wording.
SMARTSURVEY = [
    ["UserNo", "UserID", "Name", "Email", "IP Address", "Unique ID", "Started", "Ended",
     "Tracking Link", "Custom Value", f"1. {PLACE}", f"2. {REASONS}", f"4. {EASE}"],
    ["1", "88001", "", "", "10.0.0.1", "", "14/03/2023 10:20", "14/03/2023 10:22", "Web", "",
     "GP practice", "A check-up, A prescription", "Very easy"],
    ["2", "88002", "", "", "10.0.0.2", "", "15/03/2023 09:01", "15/03/2023 09:05", "Web", "",
     "Pharmacy", "Don't know", "Not at all easy"],
]  # fmt: skip


def csv_bytes(rows: list[list]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()

"""The questionnaire definition files: they validate, they say what the printed forms say, and the
validator rejects broken definitions with a message that names the file and the question."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from questionnaires import (
    ANSWER_TYPES,
    DEFINITIONS_ROOT,
    DefinitionError,
    Questionnaire,
    load_file,
    validate_path,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "questionnaires"
INVALID = FIXTURES / "invalid"
VALID = FIXTURES / "valid"

#: Every definition in questionnaires/, served or shared.
SERVED = {
    ("patient", 1),
    ("patient", 2),
    ("professional", 1),
    ("link_worker", 1),
    ("ons4", 1),
    ("wellbeing_agree", 1),
}
SHARED = {("equality", 1), ("contact", 1)}

#: The wards in the Bromley report's "Which area of the borough do you live in?" table, as printed.
REPORT_WARDS = [
    "Orpington Ward",
    "Beckenham Town and Copers Cope Ward",
    "West Wickham",
    "Bromley Common and Holwood Ward",
    "Hayes and Coney Hall Ward",
    "St Mary Cray",
    "Mottingham Ward",
    "St Paul's Cray",
    "Chislehurst Ward",
    "Biggin Hill Ward",
    "Plaistow Ward",
    "Penge and Cator Ward",
    "Kelsey and Eden Park Ward",
    "Darwin Ward",
    "Chelsfield Ward",
    "Petts Wood and Knoll Ward",
    "Clock House Ward",
    "Bromley Town Ward",
    "Bickley and Sundridge Ward",
]

#: Invalid fixture case -> (fragment of the expected message, question it must name or None).
#: Each case is ``invalid/<case>/<case>/v1.yaml``; shared files it needs sit beside it.
INVALID_CASES: dict[str, tuple[str, str | None]] = {
    "duplicate_question_id": ("question id 'helpful' is used more than once", "helpful"),
    "duplicate_option_code": ("option code 'gp' appears more than once", "referred_by"),
    "duplicate_section_id": ("section id 'main' is used more than once", None),
    "condition_forward_reference": (
        "show_if refers to question 'helpful', which comes after it",
        "why_not",
    ),
    "condition_unknown_question": (
        "show_if refers to question 'signposted_q', which does not exist",
        "signposted_to",
    ),
    "condition_unknown_option": (
        "show_if refers to option 'maybe' of 'signposted', which has no such option",
        "signposted_to",
    ),
    "condition_not_choice": ("which is a textarea question, not a choice", "more"),
    "condition_self": ("show_if refers to itself", "reason"),
    "missing_number": ("has no printed number", "reason"),
    "duplicate_number": (
        "printed number '5' is used by 'signposted' and 'used_service'",
        "used_service",
    ),
    "bad_type": ("type: 'dropdown' is not one of", "referred_by"),
    "missing_options": ("'options' is a required property", "helpful"),
    "number_not_string": ("number: 1 is not of type 'string', 'null'", "reason"),
    "yaml_syntax": ("is not valid YAML", None),
    "file_name_mismatch": (
        "is named file_name_mismatch/v1.yaml but declares key 'something_else' version 2; "
        "expected something_else/v2.yaml",
        None,
    ),
    "include_missing": ("includes 'nowhere/v1', but there is no file", None),
    "include_not_shared": ("includes 'not_shared/v1', which is not a shared section file", None),
    "include_nested": ("includes 'outer/v1', which itself includes another file", None),
    "scale_without_value": ("scale option 'good' needs a whole-number value", "overall_rating"),
    "more_than_one_other": ("has more than one 'Other (please specify)' option", "referred_by"),
    "write_in_without_line": ("option 'gp' says how its written answers", "referred_by"),
    "required_grid": ("is a grid, which cannot be required", "hours"),
    "reserved_id": ("which the online form needs for itself", "participant_code"),
    "options_not_allowed": ("is a textarea question and cannot have options", "reason"),
    "contact_not_text": ("contact details section may only hold text questions", "contact_ok"),
    "grid_duplicate_row": ("grid row id 'monday' appears more than once", "hours"),
    "range_min_not_below_max": ("min (10) must be less than max (0)", "life_satisfaction"),
    "timepoints_without_code": ("timepoints are only meaningful with participant_code: true", None),
}


def load(key: str, version: int = 1) -> Questionnaire:
    return load_file(DEFINITIONS_ROOT / key / f"v{version}.yaml")


def codes(questionnaire: Questionnaire, question_id: str) -> list[str]:
    question = questionnaire.question(question_id)
    assert question is not None, question_id
    return [o.code for o in question.options]


def labels(questionnaire: Questionnaire, question_id: str) -> list[str]:
    question = questionnaire.question(question_id)
    assert question is not None, question_id
    return [o.label for o in question.options]


# -- every real definition validates ----------------------------------------------------------


def test_every_definition_in_the_repository_validates():
    loaded, problems = validate_path(DEFINITIONS_ROOT)
    assert problems == []
    found = {(q.key, q.version) for q in loaded}
    assert found == SERVED | SHARED
    for questionnaire in loaded:
        shared = (questionnaire.key, questionnaire.version) in SHARED
        assert (questionnaire.kind == "shared") is shared, questionnaire.label


@pytest.mark.parametrize(("key", "version"), sorted(SERVED))
def test_served_definitions_load_one_by_one(key, version):
    questionnaire = load(key, version)
    assert questionnaire.kind == "questionnaire"
    assert questionnaire.label == f"{key} v{version}"
    assert len(questionnaire.content_sha256) == 64


# -- the patient survey -----------------------------------------------------------------------

PATIENT_V1_IDS = [
    "filling_in_as",
    "referred_by",
    "referral_reason",
    "referral_ease",
    "referral_better",
    "signposted",
    "signposted_to",
    "used_service",
    "service_easy_access",
    "not_used_reason",
    "referral_helpful",
    "overall_rating",
    "anything_else",
]


def test_patient_v1_prints_five_twice_as_the_paper_form_does():
    patient = load("patient", 1)
    assert patient.allow_duplicate_numbers is True
    numbered = [(q.number, q.id) for q in patient.questions() if q.number]
    assert [n for n, _ in numbered] == ["1", "2", "3", "4", "5", "5", "6", "7", "8", "9", "10"]
    assert [qid for n, qid in numbered if n == "5"] == ["signposted_to", "used_service"]
    assert [q.id for q in patient.sections[0].questions] == PATIENT_V1_IDS


def test_patient_v1_wording_and_options():
    patient = load("patient", 1)
    filling_in_as = patient.question("filling_in_as")
    assert filling_in_as.number is None
    assert filling_in_as.other_option.label == (
        "I am filling this form in on behalf of someone else. Please explain in what capacity:"
    )
    assert codes(patient, "referred_by") == ["gp", "self_referral", "other"]
    assert patient.question("referred_by").other_option.code == "other"

    ease = patient.question("referral_ease")
    assert ease.type == "scale" and ease.layout == "inline"
    assert [(o.label, o.value, o.na) for o in ease.options] == [
        ("Very Easy", 4, False),
        ("Fairly Easy", 3, False),
        ("Not Very Easy", 2, False),
        ("Not at all Easy", 1, False),
        ("N/A", None, True),
    ]
    better = patient.question("referral_better")
    assert better.number is None
    assert set(better.show_if.any_of) == {"not_very_easy", "not_at_all_easy"}

    for question_id in ("signposted", "used_service", "service_easy_access", "referral_helpful"):
        assert codes(patient, question_id) == ["yes", "no", "not_sure"]
    assert patient.question("signposted_to").show_if.question == "signposted"
    assert patient.question("service_easy_access").show_if.any_of == ("yes",)
    assert patient.question("service_easy_access").show_if.question == "used_service"
    assert patient.question("not_used_reason").show_if.any_of == ("no",)
    assert patient.question("service_easy_access").text == (
        "If Yes, was the service(s) easy to access?"
    )

    rating = patient.question("overall_rating")
    assert rating.text == "Overall, how do you rate your experience?"
    assert [o.value for o in rating.options] == [5, 4, 3, 2, 1]
    assert rating.options[0].label == "5 (Excellent)"
    assert rating.options[-1].label == "1 (Terrible)"
    assert patient.question("anything_else").number == "10"


def test_patient_v1_ends_with_equality_and_contact_sections():
    patient = load("patient", 1)
    assert [s.id for s in patient.sections] == ["experience", "about_you", "contact"]
    assert patient.contact_section is patient.sections[-1]


def test_patient_v2_renumbers_but_keeps_ids_and_codes():
    v1, v2 = load("patient", 1), load("patient", 2)
    assert v2.allow_duplicate_numbers is False
    numbers = [q.number for q in v2.questions() if q.number]
    assert len(numbers) == len(set(numbers))
    assert numbers == [str(n) for n in range(1, len(numbers) + 1)]

    def shape(questionnaire):
        return [
            (q.id, q.type, q.text, [(o.code, o.label, o.value) for o in q.options], q.show_if)
            for q in questionnaire.questions(include_contact=True)
        ]

    assert shape(v2) == shape(v1)
    assert [s.id for s in v2.sections] == [s.id for s in v1.sections]
    assert v2.content_sha256 != v1.content_sha256


# -- shared sections --------------------------------------------------------------------------


def test_equality_wards_are_every_ward_in_the_report():
    equality = load("equality")
    ward_labels = labels(equality, "ward")
    assert ward_labels[:-2] == sorted(REPORT_WARDS)
    assert ward_labels[-2:] == ["Out of Borough", "Other"]
    assert equality.question("ward").other_option.label == "Other"


def test_equality_questions():
    equality = load("equality")
    assert equality.kind == "shared"
    assert [s.id for s in equality.sections] == ["about_you"]
    assert all(q.number is None for q in equality.questions())
    assert labels(equality, "pregnancy") == ["Yes", "No", "Not relevant", "Prefer not to say"]
    assert labels(equality, "age_band")[0] == "Under 18"
    assert labels(equality, "age_band")[-2:] == ["85+", "Prefer not to say"]
    assert equality.question("gender").other_option.label == "Prefer to self-describe"
    ethnicity = labels(equality, "ethnicity")
    assert len(ethnicity) == 19 + 1  # ONS 2021 census categories, and "Prefer not to say"
    assert "White: English, Welsh, Scottish, Northern Irish or British" in ethnicity
    assert equality.question("ethnicity").other_option.label == "Any other ethnic group"
    for question_id in ("disability", "long_term_condition", "unpaid_carer"):
        assert labels(equality, question_id) == ["Yes", "No", "Prefer not to say"]


def test_contact_section_is_kind_contact():
    contact = load("contact")
    assert contact.kind == "shared"
    (section,) = contact.sections
    assert section.is_contact and section.retention_days == 365
    assert [q.id for q in section.questions] == ["contact_name", "contact_email", "contact_phone"]
    assert all(q.type == "text" and q.number is None and q.max_length for q in section.questions)
    for key in ("patient", "professional"):
        assert load(key).contact_section.id == "contact"


# -- professional, link worker ----------------------------------------------------------------


def test_professional_survey():
    professional = load("professional")
    assert codes(professional, "filling_in_as") == [
        "clinical_director",
        "gp",
        "practice_manager",
        "pcn_manager",
        "other",
    ]
    assert professional.question("registered_people").type == "number"
    numbered = [q for q in professional.questions() if q.number]
    assert [q.number for q in numbered] == [str(n) for n in range(1, 9)]
    hours = professional.question("splw_hours")
    assert hours.type == "grid" and hours.number == "3"
    assert [r.id for r in hours.rows] == [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
    ]
    assert [(c.id, c.label) for c in hours.columns] == [
        ("in_person", "In-Person"),
        ("remote", "Remote"),
    ]
    assert (hours.min, hours.max, hours.integer, hours.unit) == (0, 24, False, "hours")
    assert [q.type for q in numbered[3:7]] == ["textarea"] * 4
    speak = professional.question("speak_further")
    assert codes(professional, "speak_further") == ["yes", "no"]
    assert "contact details" in speak.help


def test_link_worker_interview_has_thirteen_questions():
    splw = load("link_worker")
    assert splw.channels == ("interview", "online", "paper")
    questions = list(splw.questions())
    assert [q.number for q in questions] == [str(n) for n in range(1, 14)]
    assert [q.type for q in questions] == ["single", "single"] + ["textarea"] * 11
    assert labels(splw, "pcn") == [
        "Beckenham",
        "Bromley Connect",
        "Crays Collaboration",
        "Five Elms",
        "Hayes",
        "Hayes Wick",
        "MDC",
        "Orpington",
        "Penge",
        "All PCNs",
    ]
    assert labels(splw, "time_in_role") == [
        "under 3 months",
        "under 12 months",
        "1-3 years",
        "3+ years",
    ]
    assert "case studies about people" in splw.question("case_studies").text


# -- wellbeing --------------------------------------------------------------------------------

ONS4_WORDING = {
    "life_satisfaction": "Overall, how satisfied are you with your life nowadays?",
    "worthwhile": (
        "Overall, to what extent do you feel that the things you do in your life are worthwhile?"
    ),
    "happiness": "Overall, how happy did you feel yesterday?",
    "anxiety": (
        "On a scale where 0 is 'not at all anxious' and 10 is 'completely anxious', overall, "
        "how anxious did you feel yesterday?"
    ),
}


def test_ons4_has_the_four_official_questions():
    ons4 = load("ons4")
    assert ons4.participant_code is True
    assert [t.code for t in ons4.timepoints] == ["before", "after"]
    questions = list(ons4.questions())
    assert {q.id: q.text for q in questions} == ONS4_WORDING
    assert [q.number for q in questions] == ["1", "2", "3", "4"]
    for question in questions:
        assert question.type == "range" and not question.required
        assert question.range_points() == list(range(11))
    assert (questions[0].min_label, questions[0].max_label) == ("Not at all", "Completely")
    assert (questions[3].min_label, questions[3].max_label) == (
        "Not at all anxious",
        "Completely anxious",
    )
    assert "scale of 0 to 10" in ons4.sections[0].intro


def test_wellbeing_agree_variant():
    agree = load("wellbeing_agree")
    assert agree.participant_code is True
    assert [t.code for t in agree.timepoints] == ["before", "after"]
    questions = list(agree.questions())
    assert [q.text for q in questions] == [
        "I am satisfied with my life",
        "What I do in my life is worthwhile",
        "I was happy yesterday",
        "I was NOT anxious yesterday",
    ]
    for question in questions:
        assert question.type == "scale" and question.layout == "inline"
        assert [(o.label, o.value) for o in question.options] == [
            ("Strongly agree", 5),
            ("Agree", 4),
            ("Neither agree nor disagree", 3),
            ("Disagree", 2),
            ("Strongly disagree", 1),
        ]


# -- the content hash -------------------------------------------------------------------------


@pytest.fixture
def patient_copy(tmp_path: Path) -> Path:
    """A copy of patient v1 and the shared files it includes, to edit freely."""
    for key in ("patient", "equality", "contact"):
        shutil.copytree(DEFINITIONS_ROOT / key, tmp_path / key)
    return tmp_path / "patient" / "v1.yaml"


def test_hash_ignores_comments_and_spacing(patient_copy: Path):
    original = load_file(patient_copy).content_sha256
    text = patient_copy.read_text(encoding="utf-8")
    patient_copy.write_text(
        "# An added comment.\n\n" + text.replace("\nsections:\n", "\n\n\nsections:   # here\n"),
        encoding="utf-8",
    )
    assert load_file(patient_copy).content_sha256 == original
    assert original == load("patient", 1).content_sha256


def test_hash_changes_when_a_label_changes(patient_copy: Path):
    original = load_file(patient_copy).content_sha256
    text = patient_copy.read_text(encoding="utf-8")
    assert "label: Fairly Easy," in text
    patient_copy.write_text(text.replace("label: Fairly Easy,", "label: Quite Easy,"), "utf-8")
    assert load_file(patient_copy).content_sha256 != original


def test_how_answers_are_tabulated_is_not_part_of_the_hash(patient_copy: Path):
    """write_in and table_label change tables, never the printed form: a version that already
    has responses can take them."""
    original = load_file(patient_copy)
    text = patient_copy.read_text(encoding="utf-8")
    assert "            write_in: listed\n" in text and "table_label: Other\n" in text
    patient_copy.write_text(
        text.replace("            write_in: listed\n", "").replace(
            "table_label: Other\n", "table_label: Someone else\n"
        ),
        "utf-8",
    )
    changed = load_file(patient_copy)
    assert changed.content_sha256 == original.content_sha256
    assert original.question("filling_in_as").option("on_behalf").lists_write_in
    assert not changed.question("filling_in_as").option("on_behalf").lists_write_in
    assert changed.question("referred_by").option("other").table_text == "Someone else"


def test_hash_changes_when_an_included_file_changes(patient_copy: Path):
    original = load_file(patient_copy).content_sha256
    shared = patient_copy.parent.parent / "equality" / "v1.yaml"
    text = shared.read_text(encoding="utf-8")
    shared.write_text(text.replace("label: Out of Borough}", "label: Outside Bromley}"), "utf-8")
    assert load_file(patient_copy).content_sha256 != original


# -- fixtures ---------------------------------------------------------------------------------


def test_every_type_fixture_uses_every_question_type():
    loaded, problems = validate_path(VALID)
    assert problems == []
    (every,) = loaded
    assert every.key == "every_type" and every.version == 1
    questions = list(every.questions(include_contact=True))
    assert {q.type for q in questions} == ANSWER_TYPES | {"info"}
    by_type = {q.type: q for q in questions}
    assert by_type["single"].other_option is not None
    assert any(o.exclusive for o in by_type["multiple"].options)
    assert any(o.na for o in by_type["scale"].options)
    assert by_type["range"].range_points() == list(range(11))
    assert by_type["textarea"].max_length
    assert by_type["grid"].rows and by_type["grid"].columns
    assert any(q.show_if for q in questions)
    assert every.contact_section is not None


def test_every_invalid_fixture_has_an_expected_message():
    assert sorted(p.name for p in INVALID.iterdir() if p.is_dir()) == sorted(INVALID_CASES)


@pytest.mark.parametrize("case", sorted(INVALID_CASES))
def test_invalid_fixture_is_rejected_naming_file_and_question(case: str):
    fragment, question = INVALID_CASES[case]
    path = INVALID / case / case / "v1.yaml"
    with pytest.raises(DefinitionError) as raised:
        load_file(path)
    messages = [str(p) for p in raised.value.problems]
    assert any(fragment in m for m in messages), messages
    assert all(m.startswith(f"{case}/v1.yaml: ") for m in messages), messages
    if question is not None:
        assert any(f"question '{question}'" in m and fragment in m for m in messages), messages

    loaded, problems = validate_path(path)
    assert loaded == []
    assert [str(p) for p in problems] == messages

"""The shipped codebooks (social prescribing, NHS framework v6) and the rules that apply them.

Every theme with rules has at least one hand-written answer that must get it, and most have a
near miss that must not (the answers live here, not in the codebooks). Then: negation per axis,
answers that say nothing, evidence offsets, ``maps_to`` against the FFT file's column names
(hard-coded: the data file is not in the repository), the hierarchy, and the messages a broken
codebook gives.
"""

from __future__ import annotations

import pytest

from analysis.themes.codebook import (
    SHIPPED,
    CodebookError,
    codebook_from_dict,
    load_codebook,
)
from analysis.themes.rules import RuleCoder, with_ancestors

SP = "social_prescribing"
NHS = "nhs_experience"

#: The sub-category columns of the human-coded FFT file (pxtextmining ``v6framework_230831.csv``),
#: spelled as in its header row, typos included.
FFT_COLUMNS = (
    "Not assigned",
    "Organisation & efficiency",
    "Funding & use of financial resources",
    "Staff manner & personal attributes",
    "Number & deployment of staff",
    "Staff responsiveness",
    "Staff continuity",
    "Competence & training",
    "Unspecified communication",
    "Staff listening, understanding & involving patients",
    "Information directly from staff during care",
    "Information provision & guidance",
    "Being kept informed, clarity & consistency of information",
    "Contacting services",
    "Appointment arrangements",
    "Appointment method",
    "Timeliness of care",
    "Pain management",
    "Diagnosis & triage",
    "Referals & continuity of care",
    "Discharge",
    "Care plans",
    "Patient records",
    "Cleanliness, tidiness & infection control",
    "Provision of medical equipment",
    "Service location",
    "Transport to/ from services",
    "Parking",
    "Electronic entertainment",
    "Feeling safe",
    "Patient appearance & grooming",
    "Mental Health Act",
    "Equality, Diversity & Inclusion",
    "Admission",
    "Safeguarding concerns?",
    "Labelling not possible",
    "Environment & Facilities",
    "Supplying & understanding medication",
    "Activities & access to fresh air",
    "Food & drink provision & facilities",
    "Sensory experience",
    "Impact of treatment/ care",
    "Psychological therapy arrangements",
    "Existence of services",
    "Choice of services",
    "Out of hours support (community services)",
    "Learning organisation",
    "Interaction with family/ carers",
    "Negative experience & dissatisfaction",
    "Positive experience & gratitude",
)

# (codebook, theme key) -> answers that must get the theme.
HITS: dict[tuple[str, str], list[str]] = {
    (SP, "experience.waiting"): [
        "I waited three months to hear back from the link worker.",
        "Everything took ages.",
        "Was told it would take weeks.",
    ],
    (SP, "experience.face_to_face"): [
        "I would prefer to see someone face to face rather than on the phone.",
        "Only ever virtual appointments, never in person.",
    ],
    (SP, "experience.kindness"): ["She was so kind and supportive.", "Friendly and helpful."],
    (SP, "experience.time_and_listening"): [
        "For once someone listened to me and gave me time.",
        "It was good to have someone to talk to.",
    ],
    (SP, "experience.staff_attitude"): [
        "The link worker was rude and dismissive.",
        "Very caring and professional.",
    ],
    (SP, "experience.communication"): [
        "Nobody told me what was happening and I never got a letter.",
        "They never called back.",
    ],
    (SP, "experience.follow_up"): [
        "After the first call I heard nothing back.",
        "I would like a follow up to see how I am getting on.",
    ],
    (SP, "experience.signposting"): [
        "She signposted me to Bromley Well and a walking group.",
        "I was referred to Citizens Advice.",
        "They put me in touch with Age UK.",
    ],
    (SP, "experience.awareness"): [
        "I had never heard of social prescribing until my GP mentioned it.",
        "It should be better publicised.",
    ],
    (SP, "needs.housing"): [
        "We are living in a damp, overcrowded flat.",
        "I need help with housing.",
        "At risk of homelessness.",
        "We can't pay the rent.",
    ],
    (SP, "needs.isolation"): [
        "Since my husband died I have been very lonely.",
        "I feel isolated.",
        "I don't have anyone to talk to.",  # the need is in the negation
    ],
    (SP, "needs.caring"): ["I look after my mum who has dementia.", "I am an unpaid carer."],
    (SP, "needs.emotional_wellbeing"): [
        "I was struggling with anxiety and depression.",
        "I had a breakdown and needed emotional support.",
    ],
    (SP, "needs.benefits"): [
        "I needed help with my Universal Credit claim.",
        "My PIP was stopped.",
        "Help claiming benefits.",
    ],
    (SP, "needs.money_debt"): [
        "I am in debt and can't pay my bills.",
        "The cost of living.",
        "I cannot afford it.",
    ],
    (SP, "needs.employment"): [
        "I lost my job in March and want to get back to work.",
        "Problems with my employer.",
        "I can't find a job.",
    ],
    (SP, "needs.physical_health"): [
        "I have a long term condition and my mobility is poor.",
        "I wanted help to lose weight.",
    ],
    (SP, "needs.food_fuel"): [
        "I was referred to the food bank.",
        "I cannot put the heating on.",
        "I can't afford food.",
    ],
    (NHS, "experience.positive_experience"): [
        "Excellent service, thank you so much.",
        "Couldn't fault them.",
        "Nothing, all was good.",
        "I don't think you could have done any better.",
    ],
    (NHS, "experience.negative_experience"): [
        "Not happy at all.",
        "Terrible service from start to finish.",
        "I was let down.",
        "It wasn’t good.",
    ],
    (NHS, "experience.labelling_not_possible"): ["Did not answer"],
    (NHS, "experience.not_assigned"): ["Don't know.", "See above."],
    (NHS, "experience.organisation_efficiency"): ["Very efficient, it ran like clockwork."],
    (NHS, "experience.funding"): ["The NHS needs more funding from the government."],
    (NHS, "experience.learning_organisation"): ["I hope you learn from my complaint."],
    (NHS, "experience.staff_manner"): [
        "The paramedics were kind and polite.",
        "The receptionist was rude.",
    ],
    (NHS, "experience.staff_number"): [
        "The ward is always short staffed.",
        "You need more call handlers.",
    ],
    (NHS, "experience.staff_responsiveness"): ["Nothing was too much trouble for them."],
    (NHS, "experience.staff_continuity"): ["I saw a different doctor every time."],
    (NHS, "experience.competence_training"): [
        "The nurse was very knowledgeable.",
        "An experienced crew.",
    ],
    (NHS, "experience.unspecified_communication"): ["Communication could be better."],
    (NHS, "experience.listening_involving"): [
        "They listened to me and took my concerns seriously.",
        "Very understanding.",
    ],
    (NHS, "experience.information_during_care"): ["The paramedic explained everything clearly."],
    (NHS, "experience.information_guidance"): [
        "I was given leaflets with information about support groups."
    ],
    (NHS, "experience.kept_informed"): [
        "They kept me informed about how long the ambulance would be.",
        "Nobody told us anything.",
    ],
    (NHS, "experience.family_carers"): ["They involved my family and my carer."],
    (NHS, "experience.contacting_services"): [
        "It took an hour to get through on the phone.",
        "I was on hold for ages.",
    ],
    (NHS, "experience.appointment_arrangements"): ["My appointment was cancelled at short notice."],
    (NHS, "experience.appointment_method"): ["I would rather have face to face appointments."],
    (NHS, "experience.timeliness"): [
        "The ambulance arrived quickly.",
        "I waited five hours.",
        "Picked up on time.",
    ],
    (NHS, "experience.existence_of_services"): ["There are no services like this in my area."],
    (NHS, "experience.choice_of_services"): ["I was given no choice about which hospital."],
    (NHS, "experience.out_of_hours"): ["There is nobody to call at weekends."],
    (NHS, "experience.medication"): ["My prescription was not ready and I ran out of tablets."],
    (NHS, "experience.pain_management"): ["They gave me pain relief straight away."],
    (NHS, "experience.diagnosis_triage"): [
        "Too many questions before they would send an ambulance.",
        "They did an ECG and checked me over.",
    ],
    (NHS, "experience.referrals_continuity"): ["I was referred to the falls team."],
    (NHS, "experience.admission"): ["The admission to the ward was quick."],
    (NHS, "experience.discharge"): ["I was discharged too early."],
    (NHS, "experience.care_plans"): ["I never saw my care plan."],
    (NHS, "experience.patient_records"): ["They had not read my notes."],
    (NHS, "experience.impact_of_care"): [
        "The support changed my life.",
        "It helped me cope with my anxiety.",
    ],
    (NHS, "experience.food_drink"): ["The food was cold."],
    (NHS, "experience.feeling_safe"): ["I felt safe on the ward."],
    (NHS, "experience.appearance_grooming"): ["Staff helped me shower and wash my hair."],
    (NHS, "experience.equality_diversity"): ["I needed an interpreter."],
    (NHS, "experience.safeguarding"): ["I raised a safeguarding concern."],
    (NHS, "experience.activities_fresh_air"): ["More activities and time in the fresh air."],
    (NHS, "experience.electronic_entertainment"): ["The TV in the lounge is broken."],
    (NHS, "experience.cleanliness"): ["The ambulance was very clean."],
    (NHS, "experience.sensory_experience"): ["The ward was too noisy at night."],
    (NHS, "experience.environment_facilities"): ["A relaxing atmosphere and good facilities."],
    (NHS, "experience.medical_equipment"): ["We are still waiting for the hoist and equipment."],
    (NHS, "experience.mental_health_act"): ["I was sectioned under the Mental Health Act."],
    (NHS, "experience.psychological_therapy"): ["I was only offered six sessions of CBT."],
    (NHS, "experience.service_location"): ["The clinic is too far away."],
    (NHS, "experience.transport"): ["Patient transport got me to the hospital."],
    (NHS, "experience.parking"): ["Parking at the hospital is a nightmare."],
}

# (codebook, theme key) -> near misses: answers that look close but must not get the theme.
MISSES: dict[tuple[str, str], list[str]] = {
    (SP, "experience.waiting"): ["Age UK were brilliant."],  # "ages" is lemma "age"
    (SP, "experience.kindness"): ["The service was quick."],
    (SP, "experience.time_and_listening"): ["It took time to get a referral."],
    (SP, "experience.staff_attitude"): ["Health professionals at my practice referred me."],
    (SP, "experience.follow_up"): ["Please follow the link in the text."],
    (SP, "experience.signposting"): ["My GP referred me to the social prescriber."],
    (SP, "needs.housing"): ["I was stuck in the house all winter.", "No housing problems."],
    (SP, "needs.isolation"): [
        "I live with my family and we are close.",
        "I don't have any money problems.",
    ],
    (SP, "needs.caring"): ["The staff were very caring."],
    (SP, "needs.emotional_wellbeing"): ["The wellbeing café was lovely."],
    (SP, "needs.benefits"): ["The main benefit was having someone to talk to."],
    (SP, "needs.money_debt"): ["I have no money worries."],
    (SP, "needs.employment"): ["The link worker did a great job and it works well."],
    (SP, "needs.physical_health"): ["The painting class was fun."],
    (SP, "needs.food_fuel"): ["I don't need food parcels."],
    (SP, "experience.face_to_face"): ["She faced a lot of problems herself."],
    (NHS, "experience.positive_experience"): [
        "I was not happy with the wait.",
        "My mum came as well.",  # the lemma of "well" is "good"
        "I don't feel any better.",
    ],
    (NHS, "experience.negative_experience"): [
        "They have never let me down.",
        "The communication was poor.",  # specific: Unspecified communication, not overall
        "I wasn't well.",
    ],
    (NHS, "experience.labelling_not_possible"): ["They did not answer the phone."],
    (NHS, "experience.funding"): ["I cut my leg."],
    (NHS, "experience.staff_manner"): ["The health professionals saw me.", "The care was quick."],
    (NHS, "experience.staff_number"): ["Most staff were lovely."],
    (NHS, "experience.competence_training"): ["It was a good experience."],
    (NHS, "experience.listening_involving"): ["I understand you are busy."],
    (NHS, "experience.family_carers"): ["She does home visits."],
    (NHS, "experience.contacting_services"): ["The call handler was lovely.", "Did not answer"],
    (NHS, "experience.timeliness"): ["It was the first time I had used the service."],
    (NHS, "experience.impact_of_care"): ["Can you help me with my bag."],
    (NHS, "experience.admission"): ["I was admitted to hospital."],
    (NHS, "experience.mental_health_act"): ["I left the hospital at noon."],
    (NHS, "experience.patient_records"): ["For the record, they were great."],
    (NHS, "experience.transport"): ["I had to pick up my prescription."],
    (NHS, "experience.information_during_care"): ["I was advised to go to A&E."],
    (NHS, "experience.service_location"): ["The local team were great."],
    (NHS, "experience.referrals_continuity"): ["The doctor was lovely."],
    (NHS, "experience.diagnosis_triage"): ["Check in was quick."],
    (NHS, "experience.activities_fresh_air"): ["The walk to the car was short."],
    (NHS, "experience.unspecified_communication"): ["We communicate by email."],
}

NOTHING_TO_CODE = ["nothing to add", "n/a", "No comment", "Nothing."]


@pytest.fixture(scope="module")
def codebooks():
    return {key: load_codebook(key) for key in SHIPPED}


@pytest.fixture(scope="module")
def coders(codebooks):
    return {key: RuleCoder(codebook) for key, codebook in codebooks.items()}


def _cases(table):
    return [
        pytest.param(book, theme, answer, id=f"{book}:{theme}:{answer[:30]}")
        for (book, theme), answers in table.items()
        for answer in answers
    ]


@pytest.mark.parametrize(("book", "theme", "answer"), _cases(HITS))
def test_answer_gets_theme(coders, book, theme, answer):
    coding = coders[book].code(answer)
    assert theme in coding.codes, coding


@pytest.mark.parametrize(("book", "theme", "answer"), _cases(MISSES))
def test_near_miss_does_not_get_theme(coders, book, theme, answer):
    coding = coders[book].code(answer)
    assert theme not in coding.codes, coding


def test_every_theme_with_rules_has_a_hand_written_answer(codebooks):
    with_rules = {(key, t.key) for key, cb in codebooks.items() for t in cb.themes() if t.has_rules}
    assert with_rules - set(HITS) == set()
    assert set(HITS) - with_rules == set()  # no stale keys
    assert set(MISSES) <= with_rules
    assert len(MISSES) >= len(with_rules) // 2


@pytest.mark.parametrize("book", SHIPPED)
def test_examples_in_codebooks_get_their_theme(codebooks, coders, book):
    wrong = [
        (t.key, example)
        for t in codebooks[book].themes()
        if t.has_rules
        for example in t.examples
        if t.key not in coders[book].code(example).codes
    ]
    assert wrong == []


# ---------------------------------------------------------------- negation


def test_negated_waiting_is_still_waiting_on_a_keep_axis(coders):
    coding = coders[SP].code("I didn't have to wait at all")
    assert "experience.waiting" in coding.codes
    (evidence,) = [e for e in coding.evidence if e.theme == "experience.waiting"]
    assert evidence.text == "wait" and evidence.negated


def test_negated_staff_manner_is_still_staff_manner(coders):
    coding = coders[NHS].code("The staff were not friendly.")
    assert "experience.staff_manner" in coding.codes
    assert all(e.negated for e in coding.evidence if e.theme == "experience.staff_manner")


def test_negated_need_is_dropped(coders):
    coding = coders[SP].code("I have no money worries but I am very lonely")
    assert coding.codes == ("needs.isolation",)


def test_need_negated_four_words_back_is_dropped(coders):
    assert "needs.housing" not in coders[SP].code("I don't need help with housing").codes


def test_not_happy_is_negative_not_positive(coders):
    for answer in ("Not happy", "I was not happy with the service.", "not good at all"):
        codes = coders[NHS].code(answer).codes
        assert "experience.positive_experience" not in codes, answer
        assert "experience.negative_experience" in codes, answer


def test_never_let_down_is_positive_not_negative(coders):
    codes = coders[NHS].code("The NHS has never let me down.").codes
    assert "experience.positive_experience" in codes
    assert "experience.negative_experience" not in codes


# ---------------------------------------------------------------- answers that say nothing


@pytest.mark.parametrize("book", SHIPPED)
@pytest.mark.parametrize("answer", NOTHING_TO_CODE)
def test_answers_that_say_nothing_are_not_applicable(coders, book, answer):
    coding = coders[book].code(answer)
    assert coding.not_applicable
    assert coding.codes == () and coding.evidence == ()


# ---------------------------------------------------------------- evidence


def test_evidence_points_at_the_words_in_the_original_text(coders):
    text = "The PARAMEDICS were Kind, Explained everything and arrived in 20 Minutes!"
    coding = coders[NHS].code(text)
    assert {"experience.staff_manner", "experience.information_during_care"} <= set(coding.codes)
    for e in coding.evidence:
        assert text[e.start : e.end] == e.text
    texts = {e.text for e in coding.evidence}
    assert {"Kind", "Explained", "Minutes"} <= texts


def test_evidence_offsets_survive_characters_that_grow_when_lower_cased(coders):
    text = "İstanbul trip aside, the Staff were KIND."  # "İ".lower() is two characters
    coding = coders[NHS].code(text)
    (kind,) = [e for e in coding.evidence if e.theme == "experience.staff_manner"]
    assert (kind.text, text[kind.start : kind.end]) == ("KIND", "KIND")


def test_codes_follow_the_order_of_their_evidence(coders):
    coding = coders[SP].code("Lonely since I lost my job, and in debt")
    assert coding.codes == ("needs.isolation", "needs.employment", "needs.money_debt")


# ---------------------------------------------------------------- the codebooks themselves


def test_both_codebooks_load(codebooks):
    assert codebooks[SP].key == SP and codebooks[NHS].key == NHS
    assert [a.id for a in codebooks[SP].axes] == ["experience", "needs"]
    assert {a.id: a.negated for a in codebooks[SP].axes} == {"experience": "keep", "needs": "drop"}
    assert [a.id for a in codebooks[NHS].axes] == ["experience"]


@pytest.mark.parametrize("book", SHIPPED)
def test_every_maps_to_names_a_real_fft_column(codebooks, book):
    unknown = {(t.key, m) for t in codebooks[book].themes() for m in t.maps_to} - {
        (t.key, m) for t in codebooks[book].themes() for m in t.maps_to if m in FFT_COLUMNS
    }
    assert unknown == set()


def test_nhs_codebook_has_one_theme_per_fft_column(codebooks):
    children = [t for t in codebooks[NHS].themes() if t.parent]
    assert sorted(m for t in children for m in t.maps_to) == sorted(FFT_COLUMNS)
    for theme in children:
        assert theme.maps_to == (theme.label,)  # the framework's own name
    for parent in (t for t in codebooks[NHS].themes() if not t.parent):
        assert not parent.has_rules and not parent.maps_to  # categories only group


def test_thin_sentiment_themes_drop_negated_matches(codebooks):
    for key in ("experience.positive_experience", "experience.negative_experience"):
        assert codebooks[NHS].theme(key).negated == "drop"


def test_social_prescribing_needs_have_no_framework_mapping(codebooks):
    needs = [t for t in codebooks[SP].themes() if t.axis == "needs"]
    assert {t.id for t in needs} >= {
        "housing",
        "isolation",
        "caring",
        "emotional_wellbeing",
        "benefits",
    }  # the Bromley report's top five
    assert all(not t.maps_to and t.negated == "drop" for t in needs)


@pytest.mark.parametrize("book", SHIPPED)
def test_hierarchy_parents_exist_and_roll_up(codebooks, book):
    codebook = codebooks[book]
    for theme in codebook.themes():
        if theme.parent:
            parent = codebook.theme(f"{theme.axis}.{theme.parent}")
            assert parent is not None, theme.key
            assert with_ancestors(codebook, [theme.key]) == (theme.key, parent.key)


def test_with_ancestors_on_codes(codebooks, coders):
    codes = coders[SP].code("I waited months and she was so kind").codes
    rolled = with_ancestors(codebooks[SP], codes)
    assert rolled == (
        "experience.waiting",
        "experience.access",
        "experience.kindness",
        "experience.relationship",
    )
    nhs = with_ancestors(
        codebooks[NHS], ["experience.timeliness", "experience.positive_experience"]
    )
    assert set(nhs) == {
        "experience.timeliness",
        "experience.access",
        "experience.positive_experience",
        "experience.general",
    }


@pytest.mark.parametrize("book", SHIPPED)
def test_no_phrase_is_listed_twice_in_a_theme(codebooks, book):
    repeated = {
        (t.key, p) for t in codebooks[book].themes() for p in t.phrases if t.phrases.count(p) > 1
    }
    assert repeated == set()


# ---------------------------------------------------------------- broken codebooks


def test_broken_codebook_messages_name_the_theme_and_the_problem():
    broken = {
        "key": "Bad Key",
        "axes": [
            {
                "id": "experience",
                "negated": "sometimes",
                "themes": [
                    {"id": "waiting", "parent": "access"},
                    {"id": "kindness", "label": "Kindness", "patterns": ["kind"]},
                    {"id": "kindness", "label": "Kindness again", "negated": "never"},
                ],
            }
        ],
    }
    with pytest.raises(CodebookError) as caught:
        codebook_from_dict(broken, "mine.yaml")
    problems = caught.value.problems
    assert all(p.startswith("mine.yaml: ") for p in problems)
    text = "\n".join(problems)
    assert "key 'Bad Key' must be lower case" in text
    assert "axis 'experience': negated must be keep or drop, not 'sometimes'" in text
    assert "theme 'experience.waiting': give it a label" in text
    assert "theme 'experience.waiting': parent 'access' is not a theme of this axis" in text
    assert "theme 'experience.kindness': pattern 1 must be a list of token patterns" in text
    assert "theme 'experience.kindness': negated must be keep or drop, not 'never'" in text
    assert "axis 'experience': theme 'kindness' appears more than once" in text


def test_parents_in_a_circle_are_reported():
    looped = {
        "key": "looped",
        "axes": [
            {
                "id": "needs",
                "themes": [
                    {"id": "a", "label": "A", "parent": "b"},
                    {"id": "b", "label": "B", "parent": "a"},
                ],
            }
        ],
    }
    with pytest.raises(CodebookError, match="the parents of 'a' go round in a circle"):
        codebook_from_dict(looped)


def test_broken_yaml_file_names_the_file(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("key: broken\naxes: [\n  - id: experience\n", encoding="utf-8")
    with pytest.raises(CodebookError, match=r"broken\.yaml: is not valid YAML"):
        load_codebook(path)


def test_unknown_shipped_key_lists_the_shipped_ones():
    with pytest.raises(CodebookError, match="use social_prescribing, nhs_experience"):
        load_codebook("nope")

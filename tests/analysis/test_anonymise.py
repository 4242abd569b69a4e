"""Anonymisation of free-text answers: each identifier kind, what must be left alone, positions."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from analysis.themes.anonymise import Anonymised, Anonymiser, Redaction, anonymise


@pytest.fixture(scope="module")
def anonymiser() -> Anonymiser:
    return Anonymiser(nlp=None)


def kinds(result: Anonymised) -> list[tuple[str, str]]:
    return [(r.kind, r.original) for r in result.redactions]


def assert_positions_match(text: str, result: Anonymised) -> None:
    """Every redaction points at its original string in the original text, without overlaps."""
    last_end = 0
    for r in result.redactions:
        assert text[r.start : r.end] == r.original
        assert r.start >= last_end
        last_end = r.end


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Please email me at jenny.smith@nhs.net about it", "Please email me at [email] about it"),
        ("My daughter (j_o'neill+fft@btinternet.com) rang", "My daughter ([email]) rang"),
        ("Contact: PATIENT.ONE@Hotmail.co.uk.", "Contact: [email]."),
    ],
)
def test_emails_are_redacted(anonymiser: Anonymiser, text: str, expected: str) -> None:
    assert anonymiser.anonymise(text).text == expected


@pytest.mark.parametrize(
    "number",
    [
        "07700 900123",
        "07700900123",
        "020 7946 0000",
        "+44 20 7946 0000",
        "+44 (0)20 7946 0000",
        "(01632) 960123",
        "0800 123 4567",
        "0161 496 0000",
        "020-8315-1234",
        "+447912345678",
    ],
)
def test_uk_phone_numbers_are_redacted(anonymiser: Anonymiser, number: str) -> None:
    result = anonymiser.anonymise(f"Please ring my son on {number} after 5pm.")
    assert result.text == "Please ring my son on [phone] after 5pm."
    assert kinds(result) == [("phone", number)]


def test_a_phone_number_run_into_another_number_is_redacted(anonymiser: Anonymiser) -> None:
    result = anonymiser.anonymise("I rang 0113 3708653 3 times before anyone answered")
    assert kinds(result) == [("phone", "0113 3708653")]


@pytest.mark.parametrize(
    "text",
    [
        "I called 111 and they sent an ambulance",
        "Rang 999 twice, waited 2 hours",
        "NHS 111 were brilliant, the 999 call handler too",
        "Appointments only from 0800 to 0830 each morning",
        "Reference 12345678 on my letter",
    ],
)
def test_service_numbers_and_short_numbers_are_kept(anonymiser: Anonymiser, text: str) -> None:
    assert anonymiser.anonymise(text).redactions == ()


@pytest.mark.parametrize(
    "postcode", ["BR1 3UH", "br13uh", "SW1A 1AA", "EC1A 1BB", "W1A 0AX", "M1 1AE", "se6 4rx"]
)
def test_postcodes_are_redacted(anonymiser: Anonymiser, postcode: str) -> None:
    result = anonymiser.anonymise(f"We live at {postcode}, near the PRUH.")
    assert result.text == "We live at [postcode], near the PRUH."
    assert kinds(result) == [("postcode", postcode)]


@pytest.mark.parametrize("number", ["943 476 5919", "943-476-5919", "9434765919", "401 023 2137"])
def test_valid_nhs_numbers_are_redacted(anonymiser: Anonymiser, number: str) -> None:
    result = anonymiser.anonymise(f"My NHS number is {number} if you need it")
    assert result.text == "My NHS number is [NHS number] if you need it"
    assert kinds(result) == [("nhs_number", number)]


def test_an_invalid_ten_digit_number_is_no_nhs_number(anonymiser: Anonymiser) -> None:
    # The check digit is wrong and it has no phone number's shape: it is left.
    assert anonymiser.anonymise("My NHS number is 943 476 5918").redactions == ()
    # Not a valid NHS number, but written as a UK phone number: a phone number.
    result = anonymiser.anonymise("Call 0207 946 0001 please")
    assert kinds(result) == [("phone", "0207 946 0001")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Patient DOB 12/03/1956 was seen", "Patient DOB [date of birth] was seen"),
        ("My mum, born on 3 March 1948, waited", "My mum, born on [date of birth], waited"),
        ("d.o.b. 03.12.56", "d.o.b. [date of birth]"),
        ("Date of birth: 3rd of March 1948", "Date of birth: [date of birth]"),
        ("He was born in 1948 and is frail", "He was born in [date of birth] and is frail"),
        ("It was my birthday on 14 July", "It was my birthday on [date of birth]"),
        ("Jim (12/03/1956 DOB) was seen", "Jim ([date of birth] DOB) was seen"),
    ],
)
def test_dates_of_birth_are_redacted(anonymiser: Anonymiser, text: str, expected: str) -> None:
    assert anonymiser.anonymise(text).text.replace("[name]", "Jim") == expected


def test_other_dates_are_kept(anonymiser: Anonymiser) -> None:
    text = "I was seen on 3 March and again on 12/04/2023 by the ward."
    assert anonymiser.anonymise(text).redactions == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dr Patel was lovely", "Dr [name] was lovely"),
        ("nurse Jenny was so kind to my dad", "nurse [name] was so kind to my dad"),
        ("Mrs O'Brien on reception was rude", "Mrs [name] on reception was rude"),
        ("Dr. Smith-Jones explained everything", "Dr. [name] explained everything"),
        ("Sister Grace and Matron Okonkwo", "Sister [name] and Matron [name]"),
        ("the nurse practitioner Jo listened", "the nurse practitioner [name] listened"),
        ("Seen by Dr John Smith today", "Seen by Dr [name] today"),
        ("Nurse Adaeze stayed late", "Nurse [name] stayed late"),
        ("the paramedic Mike was great", "the paramedic [name] was great"),
    ],
)
def test_names_after_titles_are_redacted_and_titles_kept(
    anonymiser: Anonymiser, text: str, expected: str
) -> None:
    assert anonymiser.anonymise(text).text == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jenny was amazing with my son", "[name] was amazing with my son"),
        ("The driver, Steve, was really kind", "The driver, [name], was really kind"),
        ("Priya Shah took her time with me", "[name] took her time with me"),
        ("Big thanks to Will and Bev", "Big thanks to [name] and [name]"),
        ("I saw Grace Okafor on Monday", "I saw [name] on Monday"),
        ("My name is Chinedu and I am 72", "My name is [name] and I am 72"),
        ("Helped by Rachel and Siobhan", "Helped by [name] and [name]"),
        ("Thank you. Sue", "Thank you. [name]"),
        ("Jenny's team were great", "[name]'s team were great"),
        ("Anjali MacLeod helped", "[name] helped"),
        ("Thanks to Sarah Jane Okafor", "Thanks to [name]"),
    ],
)
def test_first_names_are_redacted(anonymiser: Anonymiser, text: str, expected: str) -> None:
    assert anonymiser.anonymise(text).text == expected


@pytest.mark.parametrize(
    "text",
    [
        "I will be back",
        "Will I need another appointment?",
        "May was the month I was referred",
        "I was seen in May and June",
        "Such grace and kindness",
        "Grace and kindness from everyone",
        "Hope you keep up the good work",
        "the nurse was kind",
        "The Nurse Practitioner was thorough",
        "The Doctor Was Lovely",
        "A&E at the PRUH was busy",
        "ward 5, bed 12",
        "waited 2 hours",
        "I am 72",
        "Mark the date in the diary",
        "Frank and honest conversation",
        "The Hope Centre was welcoming",
        "Taken to Guy's Hospital then St Thomas' Hospital",
        "Queen Elizabeth Hospital in Woolwich",
        "I moved to London last year",
        "I'm grateful, I've been helped",
        "my GP. Eventually I was referred",
        "It was a Joy to be there",
    ],
)
def test_ordinary_words_are_not_redacted(anonymiser: Anonymiser, text: str) -> None:
    assert anonymiser.anonymise(text).redactions == ()


def test_lowercase_words_are_never_names_except_after_a_title(anonymiser: Anonymiser) -> None:
    assert anonymiser.anonymise("jenny was lovely").redactions == ()
    assert kinds(anonymiser.anonymise("dr patel was lovely")) == [("name", "patel")]


def test_staff_names_and_their_parts_are_redacted_in_any_case() -> None:
    staff = Anonymiser(staff_names=["Oluwaseun Adebayo-Smith", "Will Green"], nlp=None)
    result = staff.anonymise("oluwaseun was great, Adebayo-Smith too. OLUWASEUN ADEBAYO-SMITH!")
    assert result.text == "[name] was great, [name] too. [name]!"
    # A part that is an everyday word is a name only when it is used as one.
    assert staff.anonymise("I will go green").redactions == ()
    assert staff.anonymise("Thanks to Will Green").text == "Thanks to [name]"


def test_extra_first_names_are_added() -> None:
    extra = Anonymiser(extra_first_names=["Zebedee"], nlp=None)
    assert extra.anonymise("Zebedee was wonderful").text == "[name] was wonderful"


@pytest.mark.parametrize(
    "text",
    [
        "When [name redacted] left after her final visit I was upset",
        "Did everything possible to help [Name redacted].",
        "XXX was checked everyday, as XXX XXX said",
        "On [Time and date redacted] I came in",
        "Dr [name] was lovely",
    ],
)
def test_existing_markers_are_left_alone(anonymiser: Anonymiser, text: str) -> None:
    result = anonymiser.anonymise(text)
    assert result.text == text
    assert result.redactions == ()


def test_a_title_before_an_existing_marker_stays(anonymiser: Anonymiser) -> None:
    text = "Dr [name redacted] and nurse XXX helped Jenny"
    assert anonymiser.anonymise(text).text == "Dr [name redacted] and nurse XXX helped [name]"


def test_overlapping_candidates_are_resolved_to_the_longest(anonymiser: Anonymiser) -> None:
    # The email holds a name; the NHS number is also a possible phone number.
    text = "Write to Jenny.Smith@nhs.net or quote 943 476 5919."
    result = anonymiser.anonymise(text)
    assert kinds(result) == [("email", "Jenny.Smith@nhs.net"), ("nhs_number", "943 476 5919")]
    assert result.text == "Write to [email] or quote [NHS number]."
    assert_positions_match(text, result)


def test_positions_point_into_the_original_text(anonymiser: Anonymiser) -> None:
    text = (
        "Dr Patel (tel 07700 900123) saw my mum, DOB 12/03/1956, at BR1 3UH; "
        "her NHS number is 943 476 5919 and Jenny Smith emailed me at a.b@nhs.net."
    )
    result = anonymiser.anonymise(text)
    assert [r.kind for r in result.redactions] == [
        "name",
        "phone",
        "date_of_birth",
        "postcode",
        "nhs_number",
        "name",
        "email",
    ]
    assert_positions_match(text, result)
    assert result.text == (
        "Dr [name] (tel [phone]) saw my mum, DOB [date of birth], at [postcode]; "
        "her NHS number is [NHS number] and [name] emailed me at [email]."
    )


def test_anonymising_twice_changes_nothing_more(anonymiser: Anonymiser) -> None:
    once = anonymiser.anonymise("Dr Patel rang me on 07700 900123 about Jenny").text
    assert anonymiser.anonymise(once) == Anonymised(once, ())


def test_anonymise_many_matches_anonymise(anonymiser: Anonymiser) -> None:
    texts = ["Jenny was lovely", "nothing to add", "call 07700 900123", ""]
    assert anonymiser.anonymise_many(texts) == [anonymiser.anonymise(t) for t in texts]


def test_text_without_identifiers_comes_back_unchanged(anonymiser: Anonymiser) -> None:
    text = "Very caring staff, quick response, kept me informed throughout."
    assert anonymiser.anonymise(text) == Anonymised(text, ())


def test_convenience_function_uses_staff_names() -> None:
    assert anonymise("Zoltan was kind", staff_names=["Zoltan Kovacs"]).text == "[name] was kind"
    assert anonymise("Dr Patel was kind").redactions == (Redaction(3, 8, "name", "Patel"),)


def test_a_non_string_is_refused(anonymiser: Anonymiser) -> None:
    with pytest.raises(TypeError):
        anonymiser.anonymise(float("nan"))  # type: ignore[arg-type]


class _StubNlp:
    """Stands in for a trained spaCy pipeline: its "entities" are given per text."""

    pipe_names = ("tok2vec", "ner")

    def __init__(self, people: dict[str, list[str]]) -> None:
        self._people = people

    def __call__(self, text: str) -> SimpleNamespace:
        ents = []
        for person in self._people.get(text, []):
            start = text.index(person)
            ents.append(
                SimpleNamespace(
                    label_="PERSON", start_char=start, end_char=start + len(person), text=person
                )
            )
        ents.append(SimpleNamespace(label_="ORG", start_char=0, end_char=3, text=text[:3]))
        return SimpleNamespace(text=text, ents=ents)

    def pipe(self, texts: list[str]) -> list[SimpleNamespace]:
        return [self(t) for t in texts]


def test_person_entities_of_a_pipeline_are_names_and_titles_kept() -> None:
    text = "Loved Dr Zxqwy and Blorft Quux"
    nlp = _StubNlp({text: ["Dr Zxqwy", "Blorft Quux"]})
    with_ner = Anonymiser(nlp=nlp)
    assert with_ner.anonymise(text).text == "Loved Dr [name] and [name]"
    assert with_ner.anonymise_many([text]) == [with_ner.anonymise(text)]


def test_a_pipeline_without_ner_is_refused() -> None:
    with pytest.raises(ValueError, match="ner"):
        Anonymiser(nlp=SimpleNamespace(pipe_names=("tok2vec",)))

"""Automatic coding: the rules, and a classifier trained on people's codes, combined as the app
does it (``analysis.themes.combine``)."""

from __future__ import annotations

from analysis.themes.classifier import ThemeClassifier
from analysis.themes.combine import auto_code
from analysis.themes.rules import RuleCoder
from tests.analysis.test_classifier import CODEBOOK, TRAIN

#: The training answers' labels as the codebook's theme keys, as the app stores people's codes.
KEYS = {
    "waiting": "experience.waiting",
    "staff": "experience.staff",
    "food": "experience.food",
    "transport": "experience.transport",
    "Parking": "experience.parking",
}
RULES = RuleCoder(CODEBOOK)


def _model() -> ThemeClassifier:
    texts = [text for text, _ in TRAIN]
    labels = [{KEYS[label] for label in labels} for _, labels in TRAIN]
    return ThemeClassifier(CODEBOOK).fit(texts, labels)


def test_rules_alone_give_their_codes_evidence_and_a_sentiment():
    coded = auto_code(["Cold lunch again", "n/a"], "How could it be better?", RULES, CODEBOOK)
    assert coded[0].codes == ("experience.food",) and coded[0].method == "rules"
    assert [e.text for e in coded[0].evidence] == ["lunch"] and coded[0].scores == {}
    assert coded[0].sentiment in ("positive", "mixed", "negative")
    assert coded[1].codes == () and coded[1].not_applicable


def test_a_theme_the_rules_and_the_model_both_find_is_kept():
    model = _model()
    texts = ["Cold lunch again, the food was awful", "We came home in a minicab"]
    assert model.predict(texts) == [("experience.food",), ("experience.transport",)]
    coded = auto_code(texts, "Anything else?", RULES, CODEBOOK, model)
    assert [c.codes for c in coded] == [("experience.food",), ("experience.transport",)]
    assert all(c.method == "combined" for c in coded)
    assert coded[0].scores["experience.food"] >= 0.5


def test_the_model_decides_the_themes_it_learned_and_the_rules_keep_the_others():
    model = _model()
    texts = [
        "I waited three hours for my lunch",
        "The car park was full, no taxi either",
        "Hot drinks and a meal on the ferry",
    ]
    learned = set(model.labels)
    coded = auto_code(texts, "Anything else?", RULES, CODEBOOK, model)
    for rules, predicted, machine in zip(
        RULES.code_many(texts), model.predict(texts), coded, strict=True
    ):
        # Themes outside the codebook (the training set's "waiting") are never given.
        expected = {c for c in rules.codes if c not in learned} | {
            c for c in predicted if CODEBOOK.theme(c) is not None
        }
        assert set(machine.codes) == expected
    assert "experience.parking" in coded[1].codes  # seen once in training: the rules give it

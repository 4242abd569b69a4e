"""The trained theme classifier on small hand-written data sets, alone and with a codebook."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.themes.classifier import TextFeatures, ThemeClassifier, tune_thresholds, words_of
from analysis.themes.codebook import codebook_from_dict

CODEBOOK = codebook_from_dict(
    {
        "key": "test_services",
        "title": "Test codebook",
        "axes": [
            {
                "id": "experience",
                "title": "Experience",
                "themes": [
                    {"id": "transport", "label": "Transport",
                     "phrases": ["taxi", "minicab", "shuttle", "coach", "tram", "ferry"]},
                    {"id": "parking", "label": "Parking", "phrases": ["car park", "parking"],
                     "maps_to": ["Parking"]},
                    {"id": "food", "label": "Food", "phrases": ["lunch", "meal"],
                     "patterns": [[{"LOWER": "hot"}, {"LOWER": "drinks"}]]},
                ],
            }
        ],
    }
)  # fmt: skip

TRAIN = [
    ("I waited three hours to be seen", {"waiting"}),
    ("The wait for an appointment was far too long", {"waiting"}),
    ("Waiting times are terrible", {"waiting"}),
    ("We waited ages in the waiting room", {"waiting"}),
    ("Long wait on the phone before anyone answered", {"waiting"}),
    ("Six weeks waiting for a referral", {"waiting"}),
    ("The waiting list is months long", {"waiting"}),
    ("I had to wait all morning", {"waiting"}),
    ("The nurse was kind and friendly", {"staff"}),
    ("Friendly reception staff", {"staff"}),
    ("The doctor was rude to my mother", {"staff"}),
    ("Staff were kind and caring", {"staff"}),
    ("A very friendly and kind team", {"staff"}),
    ("The staff were rude and dismissive", {"staff"}),
    ("Lovely kind staff on the ward", {"staff"}),
    ("The receptionist was rude", {"staff"}),
    ("The food was cold and bland", {"food"}),
    ("Hot food and plenty of it", {"food"}),
    ("Better food choices please", {"food"}),
    ("The food on the ward was awful", {"food"}),
    ("More vegetarian food", {"food"}),
    ("Food arrived cold every day", {"food"}),
    ("Kind staff but I waited hours", {"staff", "waiting"}),
    ("Friendly staff, good food", {"staff", "food"}),
    # transport: every answer in other words, so no word is the sign; the rule is
    ("The taxi never came", {"transport"}),
    ("The shuttle from the station was full", {"transport"}),
    ("The coach driver got lost", {"transport"}),
    ("No tram stop anywhere near", {"transport"}),
    ("The ferry over was cancelled", {"transport"}),
    # a label seen once: too few to learn, left to the rules
    ("Nowhere to park, the parking was full", {"Parking"}),
]


def _fit(**options) -> ThemeClassifier:
    texts, labels = zip(*TRAIN, strict=True)
    return ThemeClassifier(**options).fit(list(texts), list(labels))


def test_trained_classifier_learns_separable_labels_and_predicts_new_answers():
    model = _fit(codebook=None)
    assert model.mode == "trained"
    assert set(model.labels) == {"waiting", "staff", "food", "transport", "Parking"}
    assert "Parking" not in model.learned  # seen once
    predicted = model.predict(
        ["We waited two hours for the doctor", "The nurses were so kind", "Cold food again"]
    )
    assert predicted == [("waiting",), ("staff",), ("food",)]
    assert model.predict([]) == []


def test_scores_rank_every_label_and_match_the_predictions():
    model = _fit(codebook=None)
    texts = ["Kind staff, but the wait was long", "The food was cold"]
    for scores, predicted in zip(model.scores(texts), model.predict(texts), strict=True):
        assert set(scores) == set(model.labels)
        assert all(0.0 <= s <= 1.0 for s in scores.values())
        assert {label for label, s in scores.items() if s >= 0.5} == set(predicted)
        assert list(predicted) == sorted(predicted, key=lambda label: -scores[label])
    assert model.scores(["anything"])[0]["Parking"] == 0.0  # never learned, no rules


def test_combined_mode_uses_the_rule_hits():
    trained, combined = _fit(codebook=None), _fit(codebook=CODEBOOK)
    assert combined.mode == "combined"
    # "minicab" is in no training answer: only the rule tells the model it is transport
    answer = ["We came home in a minicab"]
    assert "transport" in combined.predict(answer)[0]
    assert "transport" not in trained.predict(answer)[0]
    assert combined.scores(answer)[0]["transport"] > trained.scores(answer)[0]["transport"]


def test_labels_too_rare_to_learn_are_given_by_the_rules_in_combined_mode():
    trained, combined = _fit(codebook=None), _fit(codebook=CODEBOOK)
    answer = ["The car park was full again"]
    assert "Parking" in combined.predict(answer)[0]
    assert combined.scores(answer)[0]["Parking"] == 1.0
    assert "Parking" not in trained.predict(answer)[0]
    assert "Parking" not in combined.predict(["The nurse was kind"])[0]


def test_rules_can_be_turned_off():
    model = ThemeClassifier(CODEBOOK, use_rules=False)
    assert model.mode == "trained"


def test_round_trip_through_bytes_keeps_the_predictions():
    texts = ["We came home in a minicab", "The car park was full", "Kind nurse, long wait"]
    for model in (_fit(codebook=None), _fit(codebook=CODEBOOK)):
        kept = ThemeClassifier.from_bytes(model.to_bytes())
        assert kept.labels == model.labels and kept.mode == model.mode
        assert kept.predict(texts) == model.predict(texts)
        assert kept.scores(texts) == model.scores(texts)
    with pytest.raises(ValueError, match="not hold a theme classifier"):
        ThemeClassifier.from_bytes(b"\x80\x05K\x01.")  # a pickled 1


def test_training_is_deterministic_for_a_seed():
    texts = ["Kind nurse, long wait", "Cold lunch", "Rude doctor", "The ferry was late"]
    first, again = _fit(codebook=CODEBOOK, seed=7), _fit(codebook=CODEBOOK, seed=7)
    assert first.scores(texts) == again.scores(texts)
    assert (first.thresholds == again.thresholds).all()


def test_question_kinds_are_one_for_all_or_one_per_answer():
    texts, labels = zip(*TRAIN, strict=True)
    model = ThemeClassifier().fit(list(texts), list(labels), "improve")
    assert model.predict(["More food"], "improve") == model.predict(["More food"], ["improve"])
    with pytest.raises(ValueError, match="1 question kinds for 2 answers"):
        model.predict(["a", "b"], ["improve"])
    with pytest.raises(ValueError, match="label sets"):
        ThemeClassifier().fit(["a", "b"], [{"x"}])


def test_thresholds_maximise_micro_f1_on_held_out_scores():
    scores = np.array([[2.0, -1.0], [1.0, 0.5], [-0.5, 0.4], [-2.0, -0.2]])
    truth = np.array([[True, False], [True, True], [False, True], [False, False]])
    thresholds = tune_thresholds(scores, truth)
    assert ((scores >= thresholds) == truth).all()


def test_character_features_match_scikit_learns_char_wb_counts():
    from sklearn.feature_extraction.text import TfidfVectorizer

    answers = ["waited ages", "the wait was long", "ages and ages", "long long wait"]
    tokens = [words_of(a) for a in answers]
    features = TextFeatures(chars=(2, 3), min_df=1)
    ours = features.fit_transform(tokens)[:, -features.per_word.shape[1] :].toarray()
    reference = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 3), sublinear_tf=True)
    theirs = reference.fit_transform(answers)
    order = [reference.vocabulary_[g] for g in features.grams.get_feature_names_out()]
    assert np.allclose(ours, theirs.toarray()[:, order])

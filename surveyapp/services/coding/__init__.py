"""Free-text coding of a study: which codebook each written-answer question uses, automatic
theming (rules and a model trained on people's codes), people reviewing the codes one answer at
a time and a second coder blind, emerging themes, quotes, and the theme tables reports print.
People's codes always win over the machine's."""

from surveyapp.services.coding.codebooks import codebook_keys, study_codebook
from surveyapp.services.coding.emerging import add_theme, emerging_page
from surveyapp.services.coding.questions import (
    FreeTextQuestion,
    free_text_question,
    free_text_questions,
)
from surveyapp.services.coding.quotes import decide_quote, quote_page, set_names_to_hide
from surveyapp.services.coding.results import report_quotes, theme_appendices, theme_tables
from surveyapp.services.coding.review import (
    coding_overview,
    in_second_sample,
    question_page,
    review_item,
    save_coding,
)
from surveyapp.services.coding.theming import choose_codebook, coded_frame, run_theming
from surveyapp.services.coding.training import CodedExample, read_coded_file, train_models

__all__ = [
    "CodedExample",
    "FreeTextQuestion",
    "add_theme",
    "choose_codebook",
    "codebook_keys",
    "coded_frame",
    "coding_overview",
    "decide_quote",
    "emerging_page",
    "free_text_question",
    "free_text_questions",
    "in_second_sample",
    "question_page",
    "quote_page",
    "read_coded_file",
    "report_quotes",
    "review_item",
    "run_theming",
    "save_coding",
    "set_names_to_hide",
    "study_codebook",
    "theme_appendices",
    "theme_tables",
    "train_models",
]

"""The words coding speaks, kept apart from the models that use them so that the database (which
checks every stored sentiment against them) can name them without loading spaCy or scikit-learn.
"""

from __future__ import annotations

from typing import Final, Literal, get_args

Sentiment = Literal["positive", "mixed", "negative"]
#: The three classes of sentiment a written answer is given, by people and by the machine.
SENTIMENTS: Final[tuple[Sentiment, ...]] = get_args(Sentiment)
#: What a question asks for, which changes what an answer's words mean (see ``question_kind``).
KINDS: Final = ("improve", "good", "general")

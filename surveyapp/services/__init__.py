"""The service layer: the only code that opens transactions on the database session.

Views and CLI commands parse input, call one function here, and render what it returns. Services
load, call ``analysis`` for every decision a notebook user would want, and store; they never
import Flask. Configuration reaches them as arguments (the small-base threshold, the
organisation's name, the bank holidays deadlines skip), except the two folders of files a
deployment reads, definitions and codebooks, which travel with the session in ``Session.info``
like the engine's URL (see ``surveyapp.services.definitions``).

One package per aggregate (``responses``, ``paper``, ``coding``, ``findings``, ``tracker``,
``demo``), whose ``__init__`` names what the rest of the app calls; small aggregates are one
module (``studies``, ``definitions``, ``accounts``, ``audit``, ``imports``).
"""

#: Keys of ``Session.info``: the folder of definition files and of the organisation's codebooks.
QUESTIONNAIRES_DIR = "questionnaires_dir"
CODEBOOKS_DIR = "codebooks_dir"


class ServiceError(Exception):
    """A request that cannot be carried out; the message says what to do about it."""


class NotFoundError(ServiceError):
    """The study, questionnaire or response asked for does not exist (or is not open)."""

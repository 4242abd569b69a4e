"""Paper returns: printing serial-numbered forms, keying them (first, blind second, the keyer's
own correction), settling the disagreements of two keyings, and what the entry and staff pages
show of them."""

from surveyapp.services.paper.entry import (
    EntryRefusedError,
    EntryTarget,
    key_entry,
    open_correction,
    open_entry,
    screen_for,
)
from surveyapp.services.paper.overview import (
    entry_home,
    open_issues,
    paper_page,
    saved_summary_for,
    set_double_entry,
)
from surveyapp.services.paper.printing import PrintJob, get_batch, print_batch, print_job
from surveyapp.services.paper.reconcile import (
    agreement_report,
    open_discrepancies,
    resolve_discrepancy,
)

__all__ = [
    "EntryRefusedError",
    "EntryTarget",
    "PrintJob",
    "agreement_report",
    "entry_home",
    "get_batch",
    "key_entry",
    "open_correction",
    "open_discrepancies",
    "open_entry",
    "open_issues",
    "paper_page",
    "print_batch",
    "print_job",
    "resolve_discrepancy",
    "saved_summary_for",
    "screen_for",
    "set_double_entry",
]

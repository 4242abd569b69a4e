"""A service's own records (one row per referral) turned into what an evaluation reports:
referrals, waits, caseloads against capacity, length of support, needs and support offered.

Pure: a records frame (``records``) in, tables and summaries out, each carrying its n and its
period. The importer (``surveyapp``) checks and stores the rows; the report lays them out.
"""

from analysis.service.caseloads import caseloads
from analysis.service.needs import needs_together, people_with_needs, support_per_need
from analysis.service.outcomes import outcomes_by, outcomes_of_everyone
from analysis.service.reach import who_is_reached
from analysis.service.records import RECORD_COLUMNS, Period, check_records, records_frame
from analysis.service.referrals import referrals_by
from analysis.service.support import SupportLength, length_of_support
from analysis.service.waits import (
    WaitingList,
    Waits,
    wait_bands,
    waiting_list,
    waits_to_first_contact,
)

__all__ = [
    "RECORD_COLUMNS",
    "Period",
    "SupportLength",
    "WaitingList",
    "Waits",
    "caseloads",
    "check_records",
    "length_of_support",
    "needs_together",
    "outcomes_by",
    "outcomes_of_everyone",
    "people_with_needs",
    "records_frame",
    "referrals_by",
    "support_per_need",
    "wait_bands",
    "waiting_list",
    "waits_to_first_contact",
    "who_is_reached",
]

"""Staff's pages (``/staff``): studies and their returns, interviews keyed by staff, the Findings
page and its downloads, paper forms and double entry, responses and data quality, free-text
themes, and imports. The whole URL map is here; the views are in the modules beside it."""

from flask import Blueprint

from surveyapp.web.staff import (
    coding,
    findings,
    imports,
    jobs,
    paper,
    questionnaires,
    report,
    responses,
    responses_sources,
    setup,
    studies,
    written,
)
from surveyapp.web.staff.evaluation import case_studies, overview, records

bp = Blueprint("staff", __name__, url_prefix="/staff")

# Studies and their returns
bp.add_url_rule("/", "studies", studies.studies_list)
bp.add_url_rule("/studies/<slug>", "study", studies.study)
bp.add_url_rule(
    "/studies/<slug>/<key>/v<int:version>/key",
    "key_response",
    studies.key_response,
    methods=["GET", "POST"],
)
bp.add_url_rule("/studies/<slug>/answers.csv", "answers_csv", studies.answers_csv)
bp.add_url_rule("/studies/<slug>/contacts", "contacts", studies.contacts)

# Setting a study up: create, attach and detach versions, open and close
bp.add_url_rule("/new-study", "new_study", setup.new_study, methods=["GET", "POST"])
bp.add_url_rule("/studies/<slug>/setup", "study_setup", setup.study_setup_page)
bp.add_url_rule(
    "/studies/<slug>/setup/attach", "attach_version", setup.attach_version, methods=["POST"]
)
bp.add_url_rule(
    "/studies/<slug>/setup/<int:version_id>/detach",
    "detach_version",
    setup.detach_version,
    methods=["POST"],
)
bp.add_url_rule(
    "/studies/<slug>/setup/<int:version_id>/online",
    "set_online",
    setup.set_online,
    methods=["POST"],
)
bp.add_url_rule("/studies/<slug>/setup/closing", "set_closing", setup.set_closing, methods=["POST"])

# Questionnaires designed in the app: upload, check, preview, publish, download
bp.add_url_rule(
    "/questionnaires", "questionnaires", questionnaires.questionnaires, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/questionnaires/uploads/<upload>", "questionnaire_upload", questionnaires.questionnaire_upload
)
bp.add_url_rule(
    "/questionnaires/uploads/<upload>/form", "preview_form", questionnaires.preview_form
)
bp.add_url_rule(
    "/questionnaires/uploads/<upload>/paper", "preview_paper", questionnaires.preview_paper
)
bp.add_url_rule(
    "/questionnaires/uploads/<upload>/paper.pdf",
    "preview_paper_pdf",
    questionnaires.preview_paper_pdf,
)
bp.add_url_rule(
    "/questionnaires/uploads/<upload>/publish",
    "publish_questionnaire",
    questionnaires.publish_questionnaire,
    methods=["POST"],
)
bp.add_url_rule(
    "/questionnaires/<key>/v<int:version>.yaml",
    "questionnaire_yaml",
    questionnaires.questionnaire_yaml,
)
bp.add_url_rule(
    "/questionnaires/<key>/v<int:version>.xlsx",
    "questionnaire_xlsform",
    questionnaires.questionnaire_xlsform,
)

# Findings, the written answers grouped, and the report
bp.add_url_rule("/studies/<slug>/findings", "findings", findings.findings)
bp.add_url_rule(
    "/studies/<slug>/findings/headlines",
    "save_headlines",
    findings.save_headlines,
    methods=["POST"],
)
bp.add_url_rule(
    "/studies/<slug>/findings/appendix.xlsx", "appendix_download", findings.appendix_download
)
# ... a questionnaire's data for researchers, one row per response: one endpoint, a URL per
# file, so that each URL ends as its file does
for _format in ("csv", "sav", "dta"):
    bp.add_url_rule(
        f"/studies/<slug>/data/<key>.{_format}",
        "research_data",
        findings.research_data,
        defaults={"format": _format},
    )
bp.add_url_rule("/studies/<slug>/written", "written_answers", written.written_answers)
bp.add_url_rule(
    "/studies/<slug>/written/<key>/<question_id>", "written_question", written.written_question
)
bp.add_url_rule(
    "/studies/<slug>/written/<key>/<question_id>",
    "save_written_question",
    written.save_written_question,
    methods=["POST"],
)
bp.add_url_rule("/studies/<slug>/report", "report", report.report)
bp.add_url_rule("/studies/<slug>/report", "save_report", report.save_report, methods=["POST"])
bp.add_url_rule("/studies/<slug>/report.html", "report_html", report.report_html)
bp.add_url_rule("/studies/<slug>/report.docx", "report_docx", report.report_docx)

# Paper forms and double entry
bp.add_url_rule("/studies/<slug>/paper", "paper", paper.paper)
bp.add_url_rule("/studies/<slug>/paper/print", "print_forms", paper.print_forms, methods=["POST"])
bp.add_url_rule(
    "/studies/<slug>/paper/batches/<int:batch_id>.pdf", "batch_download", paper.batch_download
)
bp.add_url_rule(
    "/studies/<slug>/paper/double-entry", "double_entry", paper.double_entry, methods=["POST"]
)
bp.add_url_rule("/studies/<slug>/paper/discrepancies", "discrepancies", paper.discrepancies)
bp.add_url_rule(
    "/studies/<slug>/paper/discrepancies/<int:discrepancy_id>",
    "resolve",
    paper.resolve,
    methods=["POST"],
)
bp.add_url_rule("/studies/<slug>/responses", "find_response", paper.find_response)

# A service evaluation: the service's records for a period, their workbook, their imports
bp.add_url_rule("/studies/<slug>/evaluation", "evaluation", overview.evaluation)
bp.add_url_rule(
    "/studies/<slug>/evaluation.xlsx", "evaluation_workbook", overview.evaluation_workbook
)
bp.add_url_rule(
    "/studies/<slug>/evaluation/import",
    "evaluation_import",
    records.evaluation_import,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/studies/<slug>/evaluation/reference",
    "evaluation_reference",
    records.evaluation_reference,
    methods=["POST"],
)
bp.add_url_rule(
    "/studies/<slug>/evaluation/sources",
    "evaluation_sources",
    records.evaluation_sources,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/studies/<slug>/evaluation/sources/<int:source_id>/delete",
    "evaluation_source_delete",
    records.evaluation_source_delete,
    methods=["POST"],
)

# ... the evaluation's report, and the case studies it prints
bp.add_url_rule(
    "/studies/<slug>/evaluation-report.<any(html, docx):format>",
    "evaluation_report",
    overview.evaluation_report,
)
bp.add_url_rule(
    "/studies/<slug>/evaluation/case-studies", "case_studies", case_studies.case_studies
)
bp.add_url_rule(
    "/studies/<slug>/evaluation/case-studies/new",
    "new_case_study",
    case_studies.new_case_study,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/studies/<slug>/evaluation/case-studies/<int:case_study_id>",
    "case_study",
    case_studies.case_study,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/studies/<slug>/evaluation/case-studies/<int:case_study_id>/decision",
    "decide_case_study",
    case_studies.decide_case_study,
    methods=["POST"],
)

# Responses and data quality
bp.add_url_rule("/studies/<slug>/quality", "quality", responses.quality)
bp.add_url_rule(
    "/studies/<slug>/quality/<int:issue_id>", "confirm", responses.confirm, methods=["POST"]
)
bp.add_url_rule("/studies/<slug>/responses/<reference>", "response", responses.response)
bp.add_url_rule(
    "/studies/<slug>/responses/<reference>/correct",
    "correct",
    responses.correct,
    methods=["POST"],
)
bp.add_url_rule(
    "/studies/<slug>/responses/<reference>/void", "void", responses.void, methods=["POST"]
)

# Free-text themes
bp.add_url_rule("/studies/<slug>/themes", "themes", coding.themes)
bp.add_url_rule("/studies/<slug>/themes/run", "themes_run", coding.themes_run, methods=["POST"])
bp.add_url_rule(
    "/studies/<slug>/themes/train", "themes_train", coding.themes_train, methods=["POST"]
)
bp.add_url_rule(
    "/studies/<slug>/themes/<key>/<question_id>/codebook",
    "themes_codebook",
    coding.themes_codebook,
    methods=["POST"],
)
bp.add_url_rule(
    "/studies/<slug>/themes/names", "themes_names", coding.themes_names, methods=["POST"]
)
bp.add_url_rule(
    "/studies/<slug>/themes/<key>/<question_id>", "themes_question", coding.themes_question
)
bp.add_url_rule(
    "/studies/<slug>/themes/<key>/<question_id>/review",
    "themes_review",
    coding.themes_review,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/studies/<slug>/themes/<key>/<question_id>/emerging",
    "themes_emerging",
    coding.themes_emerging,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/studies/<slug>/themes/<key>/<question_id>/quotes",
    "themes_quotes",
    coding.themes_quotes,
    methods=["GET", "POST"],
)

# Slow work done as jobs: progress, file, retry
bp.add_url_rule("/studies/<slug>/jobs", "study_jobs", jobs.study_jobs)
bp.add_url_rule("/jobs/<job_id>", "job", jobs.job)
bp.add_url_rule("/jobs/<job_id>/status", "job_status", jobs.job_status)
bp.add_url_rule("/jobs/<job_id>/file", "job_file", jobs.job_file)
bp.add_url_rule("/jobs/<job_id>/retry", "retry_job", jobs.retry_job, methods=["POST"])

# Imports
bp.add_url_rule(
    "/studies/<slug>/import", "import_returns", imports.import_page, methods=["GET", "POST"]
)
bp.add_url_rule(
    "/studies/<slug>/import/sources",
    "import_sources",
    responses_sources.import_sources,
    methods=["GET", "POST"],
)
bp.add_url_rule(
    "/studies/<slug>/import/sources/<int:source_id>/delete",
    "import_source_delete",
    responses_sources.import_source_delete,
    methods=["POST"],
)

__all__ = ["bp"]

"""Form classes: questionnaire sections built from definitions, and the staff/admin forms."""

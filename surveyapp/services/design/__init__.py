"""Designing a study in the app: questionnaires uploaded, checked, previewed and published as
versions (``questionnaires``), and studies set up with them (``setup``)."""

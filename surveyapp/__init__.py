"""surveyapp: collect and keep. The Flask app (``surveyapp.app.create_app``), its command line
(``surveyapp.cli``, run as ``surveyapp``), the database models and the services.

Inside, the layers run one way: ``models`` and the pure helpers (``paper``, ``importing``,
``forms``) at the bottom, then ``services`` (the only code that touches the database session),
then ``web`` (a package per audience) and ``cli`` (a module per command group) on top.
"""

"""The web app: a package per audience (``public``, ``auth``, ``entry``, ``staff``, ``tracker``,
``admin``), each with its blueprint and the whole of its URL map in its ``__init__``; views parse
the request, call one service, and render a template (``templates/<audience>/``) or send a file
that ``exports`` wrote (``downloads.attachment``)."""

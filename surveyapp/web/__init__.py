"""The web app: a package per audience (``public``, ``auth``, ``entry``, ``staff``, ``tracker``,
``admin``), each with its blueprint and the whole of its URL map in its ``__init__``; views parse
the request, call one service, and render a template (``templates/<audience>/``) or send a file
that ``exports`` wrote (``downloads.attachment``)."""

from werkzeug.wrappers import Response

#: What a view returns: a page, a page with its status (400 for a form with mistakes), or a
#: redirect or file.
Page = str | Response | tuple[str, int]

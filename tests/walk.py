"""Walking the app's pages the way a person clicks through them, with Flask's test client: the
links of each page, and for each form that posts, what a browser would send. Tests that must
reach every page (hostile input, reflow) start from here, so a page added later is covered."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from flask.testing import FlaskClient
from werkzeug.exceptions import HTTPException

#: Files to download, not pages to read.
DOWNLOADS = re.compile(r"\.(csv|xlsx|docx|pdf|zip|sav|dta)$|/report\.html$|download")
#: Not walked or answered: signing out, and the forms that end what the walk relies on.
LEFT_ALONE = re.compile(r"/logout$|/access$|/password$|/restart$")
NOT_SENT = ("password", "file", "submit")  # (a password box would lock the walker out)
TEXT_TYPES = {"text", "email", "search", "tel", "url", "number", "date", None}


class Page(HTMLParser):
    """The links of a page and, for each form posting back, what a browser sends."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._area: list | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form" and (a.get("method") or "get").lower() == "post":
            self._form = {"action": a.get("action") or "", "fields": [], "text": []}
        elif self._form is None or not a.get("name"):
            return
        elif tag == "input":
            kind = a.get("type")
            if kind in TEXT_TYPES:
                self._form["text"].append(a["name"])
            elif kind in NOT_SENT or (kind in ("checkbox", "radio") and "checked" not in a):
                return
            self._form["fields"].append([a["name"], a.get("value") or ""])
        elif tag == "textarea":
            self._area = [a["name"], ""]
            self._form["text"].append(a["name"])
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self._form["fields"].append([self._select, a.get("value") or ""])

    def handle_data(self, data):
        if self._area is not None:
            self._area[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._area is not None and self._form is not None:
            self._form["fields"].append(self._area)
            self._area = None
        elif tag == "select":
            self._select = None
        elif tag == "form" and self._form is not None:
            if self._form["text"]:
                self.forms.append(self._form)
            self._form = None


def route(client: FlaskClient, url: str, method: str = "GET") -> str | None:
    """The route a URL reaches (None outside the app)."""
    adapter = client.application.url_map.bind("localhost")
    try:
        return adapter.match(urlsplit(url).path, method=method)[0]
    except HTTPException:
        return None


def walk(
    client: FlaskClient,
    starts: list[str],
    per_route: int = 2,
    read: Callable[[str, str], None] | None = None,
) -> dict[str, Page]:
    """The pages of the app reachable from ``starts`` by links: up to ``per_route`` of each
    route (a page per question or per record is the same code with other data); ``read`` is
    given each page's URL and HTML."""
    pages: dict[str, Page] = {}
    visits: Counter[str | None] = Counter()
    seen: set[str] = set()
    queue = list(starts)
    while queue:
        url = queue.pop(0)
        path = urlsplit(url).path
        reached = route(client, url)
        if url in seen or visits[reached] >= per_route or reached is None:
            continue
        if DOWNLOADS.search(path) or LEFT_ALONE.search(path):
            continue
        seen.add(url)
        visits[reached] += 1
        got = client.get(url)
        assert got.status_code < 500, url
        if got.status_code != 200 or got.mimetype != "text/html":
            continue
        html = got.get_data(as_text=True)
        if read is not None:
            read(url, html)
        page = Page()
        page.feed(html)
        pages[url] = page
        for href in page.links:
            target = urljoin(url, href)
            if target.startswith("/") and not target.startswith("/static/"):
                queue.append(target.split("#")[0])
    return pages

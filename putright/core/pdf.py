"""HTML to PDF (letters, report files) with WeasyPrint, fetching nothing but PutRight's own static files.

WeasyPrint would otherwise follow any address in the HTML: `file:///proc/self/environ` in a
`<link rel="attachment">` embeds the worker's environment in the PDF, and an `<img src="http://…">` makes the
worker call any server. Here every address goes through `StaticOnlyFetcher`, which serves files found by the
static files finders under `STATIC_URL` and refuses everything else (other files, the network, `data:`).
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders

# Relative addresses in the HTML are resolved against this made-up origin (`.invalid` never resolves), so that
# "/static/app/logo.png" reaches the fetcher as an address it can recognise.
BASE_URL = "https://putright.invalid/"


def _static_file(url: str) -> Path | None:
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}/" != BASE_URL:
        return None
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if not parts.path.startswith(prefix):
        return None
    relative = unquote(parts.path.removeprefix(prefix))
    if not relative or ".." in Path(relative).parts or relative.startswith("/"):
        return None
    found = finders.find(relative)
    if not isinstance(found, str):
        return None
    return Path(found)


def _fetcher() -> Any:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            path = _static_file(url)
            if path is None:
                raise ValueError(f"PDFs load only PutRight's own static files, not {url[:80]}")
            mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime_type})

    return StaticOnlyFetcher(allowed_protocols=["https"], allow_redirects=False)


def html_to_pdf(html: str) -> bytes:
    import weasyprint  # imported here: it loads Pango, which only PDFs need

    return bytes(weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=_fetcher()).write_pdf())

"""PDFs (letters, report files) fetch nothing but PutRight's own static files."""

from __future__ import annotations

import contextlib
import threading
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from uuid import uuid4

import pytest

from putright.core.pdf import html_to_pdf
from putright.notifications.choices import MessageChannel, MessageLanguage
from putright.notifications.models import MessageTemplate, OutboundMessage
from putright.notifications.outbound.contexts import sample_context
from putright.notifications.outbound.rendering import render_message
from putright.notifications.outbound.transports import render_letter


@pytest.fixture
def recorder() -> Iterator[tuple[str, list[str]]]:
    """A local web server that records every request made to it."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


def pdf_text(pdf: bytes) -> bytes:
    """The PDF's bytes with every compressed stream inflated, so an embedded file's content can be looked for."""
    out = [pdf]
    for chunk in pdf.split(b"stream")[1:]:
        body = chunk.split(b"endstream")[0].strip(b"\r\n")
        with contextlib.suppress(zlib.error):
            out.append(zlib.decompress(body))
    return b"".join(out)


HOSTILE = (
    '<link rel="attachment" href="file:///proc/self/environ">'
    '<link rel="attachment" href="file:///etc/passwd">'
    '<img src="{server}/tracker.png"><img src="data:image/png;base64,iVBORw0KGgo=">'
    '<link rel="stylesheet" href="{server}/style.css">'
    "<p>Dear Ann</p>"
)


def test_a_pdf_does_not_read_the_servers_files_or_call_any_address(recorder):
    server, hits = recorder
    pdf = pdf_text(html_to_pdf(HOSTILE.format(server=server)))
    assert hits == []
    assert b"/EmbeddedFile" not in pdf
    assert b"PATH=" not in pdf and b"root:x:0:0" not in pdf


def test_a_pdf_may_use_putrights_own_static_files():
    with_image = html_to_pdf('<img src="/static/vendor/moj/assets/images/icon-document.png">')
    without = html_to_pdf("<p></p>")
    assert b"/Subtype /Image" in pdf_text(with_image)
    assert b"/Subtype /Image" not in pdf_text(without)
    # A path that climbs out of the static folder is refused.
    assert b"/Subtype /Image" not in pdf_text(html_to_pdf('<img src="/static/../../../etc/passwd">'))


def test_an_administrators_letter_wording_cannot_fetch_files_or_addresses(db, recorder):
    server, hits = recorder
    MessageTemplate.objects.create(
        name="stage_response",
        language=MessageLanguage.ENGLISH,
        subject="Our response",
        body_text="Dear {{ customer_name }}",
        body_html=HOSTILE.format(server=server) + "<p>Dear <strong>{{ customer_name }}</strong></p>",
    )
    parts = render_message(
        "stage_response", MessageLanguage.ENGLISH, MessageChannel.LETTER, sample_context("stage_response")
    )
    # The wording is cut down to text markup before it reaches the PDF (and emails).
    assert "<img" not in parts.body_html and "attachment" not in parts.body_html
    assert "<strong>" in parts.body_html
    message = OutboundMessage(token=uuid4(), body_html=parts.body_html)
    render_letter(message)
    pdf = pdf_text(message.document.read())
    assert hits == []
    assert b"/EmbeddedFile" not in pdf and b"PATH=" not in pdf

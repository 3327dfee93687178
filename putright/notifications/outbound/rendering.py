"""Turn a message's context into its subject, text and HTML, from an administrator's override or the files.

Built-in wording lives in `notifications/templates/notifications/<name>/{subject.txt, body.txt, body.html}`, with
Welsh beside it in `<name>/cy/`. Text parts render without HTML escaping; the HTML part escapes as usual. A message
that may go by text message also has `sms.txt`: one short paragraph (a text of up to 918 characters), from the files
only, as administrators' overrides hold the full wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.template import Context, Template, TemplateDoesNotExist, engines
from django.template.defaultfilters import linebreaks_filter
from django.template.loader import render_to_string
from django.utils import translation

from putright.core.prepared import PreparedRead
from putright.notifications.choices import MessageChannel, MessageLanguage
from putright.notifications.models import MessageTemplate


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    body_text: str
    body_html: str


def _engine() -> Any:
    return engines["django"].engine  # type: ignore[attr-defined]


def _file(name: str, language: str, part: str) -> str:
    folder = f"notifications/{name}/" if language == MessageLanguage.ENGLISH else f"notifications/{name}/{language}/"
    return folder + part


def _render(template: Template, context: dict[str, Any], *, autoescape: bool) -> str:
    return template.render(Context(context, autoescape=autoescape))


# What an administrator's HTML may use: text markup for letters and emails. No images, styles, scripts, forms,
# frames or links to files: a letter's PDF is made on the server, which must fetch nothing on the wording's say-so.
TEMPLATE_HTML_TAGS = frozenset(
    {"p", "br", "strong", "b", "em", "i", "u", "h1", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "hr", "a"}
    | {"table", "thead", "tbody", "tr", "th", "td", "span", "div"}
)
TEMPLATE_HTML_ATTRIBUTES = {"a": {"href"}, "th": {"scope", "colspan"}, "td": {"colspan"}}
TEMPLATE_URL_SCHEMES = frozenset({"https", "mailto", "tel"})


def clean_template_html(html: str) -> str:
    """An administrator's HTML cut down to `TEMPLATE_HTML_TAGS`; anything else is dropped, its text kept."""
    import nh3  # here, not at the top: only overridden wording needs it, and web workers need not load it to start

    return nh3.clean(
        html,
        tags=set(TEMPLATE_HTML_TAGS),
        attributes={tag: set(names) for tag, names in TEMPLATE_HTML_ATTRIBUTES.items()},
        url_schemes=set(TEMPLATE_URL_SCHEMES),
        link_rel="noopener noreferrer",
    )


# The administrators' active override of a message in a language, if any (one at most: name and language are unique).
_active_override = PreparedRead(
    lambda name, language: MessageTemplate.objects.filter(name=name, language=language, is_active=True)[:1], str, str
)


def render_parts(
    name: str, language: str, context: dict[str, Any], *, template: MessageTemplate | None = None
) -> RenderedMessage:
    """The message's three parts, in its language (dates and numbers are formatted for it too).

    `template` previews given wording; otherwise the administrators' active override is used, or the files.
    """
    engine = _engine()
    override = template or next(iter(_active_override(name, language)), None)
    with translation.override(language):
        if override is not None:
            subject = _render(engine.from_string(override.subject), context, autoescape=False)
            text = _render(engine.from_string(override.body_text), context, autoescape=False)
            html = (
                clean_template_html(_render(engine.from_string(override.body_html), context, autoescape=True))
                if override.body_html.strip()
                else linebreaks_filter(text, autoescape=True)
            )
        else:
            subject = _render(engine.get_template(_file(name, language, "subject.txt")), context, autoescape=False)
            text = _render(engine.get_template(_file(name, language, "body.txt")), context, autoescape=False)
            try:
                html_template = engine.get_template(_file(name, language, "body.html"))
            except TemplateDoesNotExist:  # staff emails are plain text, shown as paragraphs in the layout
                html = linebreaks_filter(text, autoescape=True)
            else:
                html = _render(html_template, context, autoescape=True)
    # Conditional blocks leave runs of blank lines in plain text; one blank line separates paragraphs.
    text = re.sub(r"\n[ \t]*(\n[ \t]*)+\n", "\n\n", text).strip() + "\n"
    return RenderedMessage(subject=" ".join(subject.split()), body_text=text, body_html=html.strip())


def has_text_message_wording(name: str) -> bool:
    """Whether the message has short wording for a text message (`<name>/sms.txt`)."""
    try:
        _engine().get_template(_file(name, MessageLanguage.ENGLISH, "sms.txt"))
    except TemplateDoesNotExist:
        return False
    return True


def render_text_message(name: str, language: str, context: dict[str, Any]) -> RenderedMessage:
    """A text message: the subject (for staff lists) and the short `sms.txt` wording; there is no HTML."""
    engine = _engine()
    with translation.override(language):
        subject = _render(engine.get_template(_file(name, language, "subject.txt")), context, autoescape=False)
        text = _render(engine.get_template(_file(name, language, "sms.txt")), context, autoescape=False)
    return RenderedMessage(subject=" ".join(subject.split()), body_text=" ".join(text.split()), body_html="")


def render_message(
    name: str, language: str, channel: MessageChannel, context: dict[str, Any], *, address: str = ""
) -> RenderedMessage:
    """The parts as they go out: an email's HTML in the email layout, a letter's in the letter layout."""
    if channel == MessageChannel.SMS:
        return render_text_message(name, language, context)
    parts = render_parts(name, language, context)
    layout = "notifications/_letter.html" if channel == MessageChannel.LETTER else "notifications/_email.html"
    with translation.override(language):
        html = render_to_string(
            layout,
            {**context, "subject": parts.subject, "body": parts.body_html, "address": address, "language": language},
        )
    return RenderedMessage(subject=parts.subject, body_text=parts.body_text, body_html=html)


# --- checking administrators' overrides -----------------------------------------------------------------------

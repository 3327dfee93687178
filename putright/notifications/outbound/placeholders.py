"""Which placeholders a message's wording uses, and the check that each is one the message provides.

Administrators' wording (`MessageTemplate`) is checked with these before it is saved (`MessageTemplate.clean`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.template import TemplateSyntaxError, engines
from django.template.base import FilterExpression, Node, Variable, VariableNode
from django.template.defaulttags import ForNode, IfNode, WithNode
from django.utils.html import escape
from django.utils.translation import gettext as _

from putright.notifications.outbound.contexts import MESSAGE_KINDS

if TYPE_CHECKING:
    from putright.notifications.models import MessageTemplate


def _names_in(expression: object) -> set[str]:
    names: set[str] = set()
    if not isinstance(expression, FilterExpression):
        return names
    if isinstance(expression.var, Variable) and expression.var.lookups:
        names.add(expression.var.lookups[0])
    for _filter, arguments in expression.filters:
        for is_lookup, argument in arguments:
            if is_lookup and isinstance(argument, Variable) and argument.lookups:
                names.add(argument.lookups[0])
    return names


def _names_in_condition(condition: Any) -> set[str]:
    if condition is None:
        return set()
    if isinstance(getattr(condition, "value", None), FilterExpression):
        return _names_in(condition.value)
    return _names_in_condition(getattr(condition, "first", None)) | _names_in_condition(
        getattr(condition, "second", None)
    )


def placeholders_used(source: str) -> set[str]:
    """The top-level names a template reads, less those it binds itself ({% for %}, {% with %})."""
    template = engines["django"].engine.from_string(source)  # type: ignore[attr-defined]
    used: set[str] = set()
    bound = {"forloop", "True", "False", "None"}  # the last three are the Context's built-ins
    for node in template.nodelist.get_nodes_by_type(Node):
        if isinstance(node, VariableNode):
            used |= _names_in(node.filter_expression)
        elif isinstance(node, ForNode):
            bound |= set(node.loopvars)
            used |= _names_in(node.sequence)
        elif isinstance(node, IfNode):
            for condition, _nodelist in node.conditions_nodelists:
                used |= _names_in_condition(condition)
        elif isinstance(node, WithNode):
            bound |= set(node.extra_context)
            for expression in node.extra_context.values():
                used |= _names_in(expression)
    return used - bound


def check_placeholders(template: MessageTemplate) -> None:
    """Refuse wording that will not render: bad syntax, or a placeholder this message does not provide."""
    kind = MESSAGE_KINDS.get(template.name)
    if kind is None:
        choices = ", ".join(sorted(MESSAGE_KINDS))
        raise ValidationError(
            {
                "name": _("There is no message called “%(name)s”. Choose one of: %(choices)s.")
                % {"name": template.name, "choices": choices}
            }
        )
    errors: dict[str, list[str]] = {}
    for field in ("subject", "body_text", "body_html"):
        source = getattr(template, field)
        try:
            unknown = sorted(placeholders_used(source) - kind.placeholders)
        except TemplateSyntaxError as error:
            errors[field] = [_("This cannot be read as a template: %(error)s") % {"error": escape(str(error))}]
            continue
        if unknown:
            errors[field] = [
                _("Unknown placeholder {{ %(name)s }}. This message can use: %(known)s.")
                % {"name": name, "known": ", ".join(sorted(kind.placeholders))}
                for name in unknown
            ]
    if errors:
        raise ValidationError(errors)

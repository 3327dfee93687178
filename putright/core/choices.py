"""Every model's `get_FOO_display()`, by one look-up instead of building every label on each call.

Django's own `get_FOO_display()` builds a dictionary of all the field's choices on every call, translating each
label to hash it: a case page listing thirty timeline events did that thirty times over fifty labels. `speed_up_labels`
(run once, from CoreConfig.ready()) gives each model field with a fixed list of choices a `get_FOO_display()` that
keeps the labels in each language it has been asked for, and gives exactly what Django's does: the label of the
stored value in the active language, or the value itself when it is not one of the choices.

A model that defines its own `get_FOO_display()` keeps it; a field whose choices are worked out when asked (a
callable) keeps Django's.
"""

from __future__ import annotations

from functools import partialmethod
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language

_KEPT = "_putright_labels"


def _labels(field: models.Field[Any, Any]) -> dict[Any, Any]:
    """The field's {stored value: label} in the active language, built the first time it is asked for."""
    choices = field.choices
    kept: tuple[object, dict[str | None, dict[Any, Any]]] | None = field.__dict__.get(_KEPT)
    if kept is None or kept[0] is not choices:  # choices replaced since: start again
        kept = (choices, {})
        field.__dict__[_KEPT] = kept
    language = get_language()
    labels = kept[1].get(language)
    if labels is None:
        labels = {make_hashable(value): label for value, label in field.flatchoices}
        kept[1][language] = labels
    return labels


def field_label(field: models.Field[Any, Any], value: Any) -> Any:
    """What `get_FOO_display()` says for `value` of this field, without an instance (a row read as values)."""
    # As Model._get_FIELD_display: force_str() turns a lazy label into text in the active language.
    return force_str(_labels(field).get(make_hashable(value), value), strings_only=True)


def _display(self: models.Model, *, field: models.Field[Any, Any]) -> Any:
    return field_label(field, getattr(self, field.attname))


def speed_up_labels() -> None:
    """Give every installed model's fixed-choice fields the quick `get_FOO_display()` (see the module's note)."""
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.local_fields:
            name = f"get_{field.name}_display"
            current = model.__dict__.get(name)
            own = isinstance(current, partialmethod) and current.func is models.Model._get_FIELD_display  # type: ignore[attr-defined]
            if own and isinstance(field.choices, list | tuple):
                setattr(model, name, partialmethod(_display, field=field))

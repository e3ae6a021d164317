"""Words that Python makes for readers (export-control reasons, how a figure was read), in any language.

A `Message` is a string, its English text, so it prints, compares and goes into JSON downloads as
English. It also keeps the English template and the values it was made from, so a page in another
language translates it where it is shown (`chipbrief.i18n.Catalogue.message`): the template through
that language's catalogue, each value that is itself a Message likewise, the rest (numbers, ids,
names from content) as they are.
"""

from __future__ import annotations

from collections.abc import Iterable


class Message(str):
    """English text made from a template (`%(name)s` placeholders) and values, translatable where shown."""

    template: str
    values: dict[str, object]

    def __new__(cls, template: str, **values: object) -> Message:
        text = template % {name: str(value) for name, value in values.items()} if values else template
        message = super().__new__(cls, text)
        message.template = template
        message.values = values
        return message

    def __reduce__(self) -> tuple:
        return (_rebuild, (self.template, self.values))

    @classmethod
    def join(cls, separator: str, items: Iterable[object]) -> Message:
        """Items one after another with a separator between them (translated too: '; ', ' and ')."""
        values: dict[str, object] = {"separator": Message(separator)}
        parts: list[str] = []
        for index, item in enumerate(items):
            if index:
                parts.append("%(separator)s")
            parts.append(f"%(item{index})s")
            values[f"item{index}"] = item
        return cls("".join(parts), **values)

    def then(self, other: object) -> Message:
        """This message followed by another ('Caught by ...', then ' This rests on ...')."""
        return Message("%(first)s%(second)s", first=self, second=other)


def _rebuild(template: str, values: dict[str, object]) -> Message:
    return Message(template, **values)

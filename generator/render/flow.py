"""Any block of the document model as HTML, at any depth: nothing is left out.

Booklet rows and the poster's message place the top-level blocks; whatever sits
inside them (a list inside a list, a quote, a table, code, a heading inside a list
item, a picture cue inside a quote) is rendered here, recursively, so that no
words are lost on the way to the page. What easy read advises against (code,
tables, raw HTML, footnote marks) is still printed, as plain text, and reported by
the checker (``check/kinds/constructs.py``); the policy is in docs/content-format.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..model import Block, Cue
from .html import Picture

WordsHTML = Callable[[Block], Markup]  # a paragraph's, heading's or cell's words (bold hard words, draft marks)
PictureFor = Callable[[Cue], "Picture | None"]


def img(picture: Picture | None, cls: str) -> Markup:
    """The same ``<img>`` as the templates' ``img`` macro, for pictures placed from Python."""
    if picture is None:
        return Markup("")
    role = ' role="presentation"' if picture.decorative else ""
    return Markup('<img class="{}" src="{}" alt="{}"{}>').format(cls, picture.src, picture.alt, Markup(role))


@dataclass(frozen=True)
class Flow:
    """Renders blocks with the product's words renderer and picture resolver."""

    text: WordsHTML
    picture: PictureFor

    def blocks(self, blocks: Iterable[Block]) -> Markup:
        return Markup("").join(self.block(block) for block in blocks)

    def paragraph(self, block: Block) -> Markup:
        """A paragraph; a picture cue inside a list or quote is drawn small, left of its words."""
        picture = img(self.picture(block.cue), "flow-picture") if block.cue is not None else Markup("")
        return Markup("<p>") + picture + self.text(block) + Markup("</p>")

    def block(self, block: Block) -> Markup:
        kind = block.kind
        if kind == "paragraph":
            return self.paragraph(block)
        if kind == "heading":
            # A heading inside a list or quote: bold words, not a new section.
            return Markup("<p><strong>") + self.text(block) + Markup("</strong></p>")
        if kind == "list":
            tag = "ol" if block.ordered else "ul"
            start = Markup(' start="{}"').format(block.start) if block.ordered and block.start != 1 else Markup("")
            items = Markup("").join(Markup("<li>") + self._item(item) + Markup("</li>") for item in block.children)
            return Markup("<{}{}>").format(Markup(tag), start) + items + Markup("</{}>").format(Markup(tag))
        if kind == "quote":
            return Markup('<blockquote class="quote-box">') + self.blocks(block.children) + Markup("</blockquote>")
        if kind in ("code", "unsupported"):
            # Printed as written, in the body font, line by line (the checker reports it).
            lines = "\n".join(run.text for run in block.inlines).split("\n")
            return Markup('<p class="code-text">') + Markup("<br>").join(escape(line) for line in lines) + Markup("</p>")
        if kind == "table":
            return self.table(block)
        return Markup("")  # a thematic break ('---') carries no words

    def _item(self, item: Block) -> Markup:
        """A list item; a lone paragraph is written straight into the ``<li>`` (no extra tag)."""
        only = item.children[0] if len(item.children) == 1 else None
        if only is not None and only.kind == "paragraph" and only.cue is None:
            return self.text(only)
        return self.blocks(item.children)

    def table(self, block: Block) -> Markup:
        """A table with its header row marked as column headers (true table tags in the PDF)."""
        head = [row for row in block.children if row.level == 1]
        body = [row for row in block.children if row.level != 1]
        html = Markup('<table class="content-table">')
        if head:
            html += Markup("<thead>") + self._rows(head, "th") + Markup("</thead>")
        if body:
            html += Markup("<tbody>") + self._rows(body, "td") + Markup("</tbody>")
        return html + Markup("</table>")

    def _rows(self, rows: list[Block], cell: str) -> Markup:
        scope = Markup(' scope="col"') if cell == "th" else Markup("")
        out = Markup("")
        for row in rows:
            cells = Markup("").join(
                Markup("<{}{}>").format(Markup(cell), scope) + self.text(c) + Markup("</{}>").format(Markup(cell))
                for c in row.children
            )
            out += Markup("<tr>") + cells + Markup("</tr>")
        return out

"""Turn markdown-it tokens into our frozen ``Block`` model with file positions.

This is the only module that knows token shapes. Inline tokens carry no line
numbers, so each text run is found again in the block's source lines to give the
checker the exact line and column of every word.
"""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it.token import Token

from ..model import Block, Cue, Directive, Inline, Span
from .paste import plain_punctuation

DECORATIVE = "decorative"


class _Locator:
    """Map offsets in an inline token's content back to file line and column."""

    def __init__(self, content: str, lines: Sequence[str], first_line: int, path: str) -> None:
        self.content = content
        self.path = path
        self.starts: list[tuple[int, int, int]] = []  # (content offset, file line, column)
        offset = 0
        for index, piece in enumerate(content.split("\n")):
            file_line = first_line + index
            source = lines[file_line - 1] if 0 < file_line <= len(lines) else ""
            found = source.find(piece) if piece else -1
            self.starts.append((offset, file_line, (found if found >= 0 else 0) + 1))
            offset += len(piece) + 1
        self.cursor = 0

    def span_at(self, offset: int) -> Span:
        line, column, base = self.starts[0][1], self.starts[0][2], 0
        for start, file_line, col in self.starts:
            if start <= offset:
                base, line, column = start, file_line, col
        return Span(self.path, line, column + offset - base)

    def find(self, text: str) -> Span:
        found = self.content.find(text, self.cursor) if text else -1
        if found == -1:
            return self.span_at(self.cursor)
        self.cursor = found + len(text)
        return self.span_at(found)

    def find_marker(self, marker: str) -> Span:
        found = self.content.find(marker, self.cursor)
        if found == -1:
            return self.span_at(self.cursor)
        self.cursor = found
        return self.span_at(found)


class TreeBuilder:
    """Walks the flat token list once, building nested blocks."""

    def __init__(self, tokens: list[Token], path: str, file_lines: Sequence[str], body_line: int) -> None:
        self.tokens = tokens
        self.path = path
        self.lines = file_lines
        self.offset = body_line - 1
        self.pos = 0
        self.directives: list[Directive] = []

    def span(self, token: Token) -> Span:
        line = (token.map[0] if token.map else 0) + self.offset + 1
        source = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        return Span(self.path, line, len(source) - len(source.lstrip()) + 1)

    def build(self) -> tuple[tuple[Block, ...], tuple[Directive, ...]]:
        blocks = self._blocks(until=None)
        return blocks, tuple(self.directives)

    def _blocks(self, until: str | None) -> tuple[Block, ...]:
        out: list[Block] = []
        while self.pos < len(self.tokens):
            token = self.tokens[self.pos]
            if until is not None and token.type == until:
                self.pos += 1
                break
            block = self._block(token)
            if block is not None:
                out.append(block)
        return tuple(out)

    def _block(self, token: Token) -> Block | None:
        kind = token.type
        self.pos += 1
        if kind == "heading_open":
            inline = self.tokens[self.pos]
            self.pos += 2  # inline, heading_close
            cue, runs = self._inlines(inline)
            return Block("heading", self.span(token), runs, cue=cue, level=int(token.tag[1]))
        if kind == "paragraph_open":
            inline = self.tokens[self.pos]
            self.pos += 2
            cue, runs = self._inlines(inline)
            return Block("paragraph", self.span(token), runs, cue=cue)
        if kind in ("bullet_list_open", "ordered_list_open"):
            items = self._blocks(until=kind.replace("_open", "_close"))
            start = int(token.attrGet("start") or 1)
            return Block("list", self.span(token), children=items, ordered=kind.startswith("ordered"), start=start)
        if kind == "list_item_open":
            children = self._blocks(until="list_item_close")
            return Block("item", self.span(token), children=children)
        if kind == "blockquote_open":
            return Block("quote", self.span(token), children=self._blocks(until="blockquote_close"))
        if kind == "easyread_directive":
            self.directives.append(Directive(token.meta["action"], token.meta["rules"], self.span(token)))
            return None
        if kind in ("fence", "code_block"):
            return Block("code", self.span(token), (Inline("code", token.content.rstrip("\n"), self.span(token)),))
        if kind == "hr":
            return Block("rule", self.span(token))
        if kind == "table_open":
            return Block("table", self.span(token), children=self._table_rows())
        if kind == "easyread_comment" or token.nesting != 0 or not token.content:
            # Comments are notes for co-authors. An unknown container's opening and
            # closing tokens carry no words; what they hold is read as blocks here.
            return None
        # Anything else with words in it is kept, to be printed as written and reported.
        return Block("unsupported", self.span(token), (Inline("text", token.content.rstrip("\n"), self.span(token)),))

    def _table_rows(self) -> tuple[Block, ...]:
        """Rows of a table (``level=1`` for the header row), each holding its cells."""
        rows: list[Block] = []
        cells: list[Block] = []
        header = False
        row_span: Span | None = None
        while self.pos < len(self.tokens):
            token = self.tokens[self.pos]
            self.pos += 1
            if token.type == "table_close":
                break
            if token.type in ("thead_open", "thead_close"):
                header = token.type == "thead_open"
            elif token.type == "tr_open":
                cells, row_span = [], self.span(token)
            elif token.type == "tr_close" and row_span is not None:
                rows.append(Block("row", row_span, children=tuple(cells), level=1 if header else 0))
            elif token.type == "inline":
                _, runs = self._inlines(token)
                cells.append(Block("cell", self.span(token), runs, level=1 if header else 0))
        return tuple(rows)

    def _inlines(self, inline: Token) -> tuple[Cue | None, tuple[Inline, ...]]:
        first = (inline.map[0] if inline.map else 0) + self.offset + 1
        locate = _Locator(inline.content, self.lines, first, self.path)
        runs: list[Inline] = []
        cue: Cue | None = None
        styles: list[str] = []
        href: str | None = None
        for child in inline.children or []:
            t = child.type
            if t == "image":
                span = locate.find_marker("![")
                alt = child.content.strip()
                title = str(child.attrGet("title") or "")
                found = Cue(str(child.attrGet("src") or ""), alt, title.lower() == DECORATIVE, span)
                locate.find(")")
                if cue is None and not "".join(r.text for r in runs).strip():
                    cue = found
                    runs.clear()
                else:
                    runs.append(Inline("picture", alt, span, href=found.target))
            elif t in ("strong_open", "em_open", "s_open"):
                styles.append(t.split("_")[0])
            elif t in ("strong_close", "em_close", "s_close") and styles:
                styles.pop()
            elif t == "link_open":
                href = str(child.attrGet("href") or "")
            elif t == "link_close":
                href = None
            elif t in ("softbreak", "hardbreak"):
                runs.append(Inline("break", " ", locate.span_at(locate.cursor)))
            elif t in ("text", "code_inline"):
                text = child.content
                if cue is not None and not runs:
                    text = text.lstrip()
                    if not text:
                        continue
                span = locate.find(text)
                kind = "code" if t == "code_inline" else (styles[-1] if styles else ("link" if href else "text"))
                if href and kind == "text":
                    kind = "link"
                runs.append(Inline(kind, text if kind == "code" else plain_punctuation(text), span, href=href))
        while runs and runs[-1].kind == "break":
            runs.pop()
        return cue, tuple(runs)

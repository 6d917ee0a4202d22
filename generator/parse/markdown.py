"""The single MarkdownIt factory, and our one syntax plugin (source comments).

Raw HTML is off: content is untrusted and easy-read output must be plain. Because
that also turns ``<!-- ... -->`` into visible text, a small block rule recognises
whole-line HTML comments first: ``<!-- easyread: ignore rule-id -->`` (and
``off``/``on``) become ``easyread_directive`` tokens; any other comment is a note
for co-authors and is dropped from the output.
"""

from __future__ import annotations

import re
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.common.html_re import HTML_TAG_RE as HTML_TAG_RE  # re-exported: the checker's raw-HTML rule finds what the parser would see
from markdown_it.rules_block import StateBlock

DIRECTIVE = re.compile(r"^\s*easyread\s*:\s*(?P<action>[\w-]+)\s*(?P<rules>.*?)\s*$", re.S)


def _comment_rule(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    pos = state.bMarks[start_line] + state.tShift[start_line]
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False
    if not state.src.startswith("<!--", pos):
        return False
    line = start_line
    text_end = -1
    while line < end_line:
        line_start = state.bMarks[line] + state.tShift[line]
        line_end = state.eMarks[line]
        found = state.src.find("-->", line_start if line > start_line else pos + 4, line_end)
        if found != -1:
            text_end = found
            break
        line += 1
    if text_end == -1:
        return False
    if state.src[text_end + 3 : state.eMarks[line]].strip():
        return False  # text after the comment: leave the line to the paragraph rule
    if silent:
        return True
    inner = state.src[pos + 4 : text_end]
    token = state.push("easyread_comment", "", 0)
    token.map = [start_line, line + 1]
    token.content = inner
    match = DIRECTIVE.match(inner)
    if match:
        token.type = "easyread_directive"
        token.meta = {"action": match["action"].lower(), "rules": tuple(match["rules"].replace(",", " ").split())}
    state.line = line + 1
    return True


def comments_plugin(md: MarkdownIt) -> None:
    """Register the whole-line comment rule ahead of paragraphs."""
    md.block.ruler.before("paragraph", "easyread_comment", _comment_rule, {"alt": ["paragraph"]})


@cache
def make_markdown() -> MarkdownIt:
    """CommonMark with raw HTML off, tables on, and our comment plugin.

    Tables are parsed so that they can be printed as real tables (and reported in
    easy read) rather than as lines of '|' characters.
    """
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.use(comments_plugin)
    # Keep every link and picture target as written: the checker and the renderer
    # judge them (a refused 'file:' picture must be reported, not left as text).
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md

"""Static checks on an HTML twin: what can be seen without a browser.

Language, title, alt text, landmarks, heading order, fixed widths that would
break reflow at 320 CSS px, fonts shipped with the page, and nothing loaded from
outside it. The browser test (tests/test_browser.py, axe-core in Chromium) does
the rest: contrast, real layout widths, focus.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser

import tinycss2

from .findings import Finding

REFLOW_PX = 320
LANDMARKS = frozenset({"main", "header", "footer", "nav", "aside"})
LANDMARK_ROLES = frozenset({"main", "banner", "contentinfo", "navigation", "complementary", "region", "search", "form"})
VOID = frozenset({"img", "meta", "link", "br", "hr", "input", "source", "wbr", "area", "base", "col", "embed", "track"})
PX = {"px": 1.0, "pt": 4 / 3, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4, "q": 96 / 101.6}
GENERIC = frozenset({"serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui", "inherit", "initial", "unset"})
OUTSIDE = re.compile(r"^\s*(?:https?:|file:|//|ftp:)", re.I)


class _Page(HTMLParser):
    """One pass over the page, keeping what the checks need."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang: str | None = None
        self.title = ""
        self.viewport = False
        self.images: list[tuple[int, dict[str, str | None]]] = []
        self.headings: list[tuple[int, int, str]] = []  # (line, level, text)
        self.outside: list[tuple[int, str]] = []  # content outside landmarks: (line, what)
        self.styles: list[str] = []
        self.inline_styles: list[tuple[int, str]] = []
        self.resources: list[tuple[int, str]] = []
        self.mains = 0
        self._stack: list[tuple[str, bool]] = []  # (tag, is a landmark)
        self._in: str = ""
        self._heading: list[object] | None = None

    def _landmarked(self) -> bool:
        return any(mark for _, mark in self._stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        line = self.getpos()[0]
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "meta" and (a.get("name") or "").lower() == "viewport":
            self.viewport = True
        elif tag == "img":
            self.images.append((line, a))
            if not self._landmarked() and self._in_body():
                self.outside.append((line, f'picture "{a.get("alt") or (a.get("src") or "")[:30]}"'))
        elif tag in ("title", "style", "script", "template"):
            self._in = tag  # script and template content is not shown: not text outside a landmark
        elif re.fullmatch(r"h[1-6]", tag):
            self._heading = [line, int(tag[1]), ""]
        if tag == "main" or a.get("role") == "main":
            self.mains += 1
        for name in ("src", "href", "poster", "data"):
            value = a.get(name)
            if value and OUTSIDE.match(value) and not (tag == "a" and name == "href"):
                self.resources.append((line, f"<{tag} {name}=\"{value[:60]}\">"))
        if a.get("style"):
            self.inline_styles.append((line, a["style"] or ""))
        if tag not in VOID:
            role = (a.get("role") or "").lower()
            named_region = tag == "section" and bool(a.get("aria-label") or a.get("aria-labelledby"))
            self._stack.append((tag, tag in LANDMARKS or role in LANDMARK_ROLES or named_region))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("title", "style", "script", "template"):
            self._in = ""
        if self._heading is not None and re.fullmatch(r"h[1-6]", tag):
            line, level, text = self._heading
            self.headings.append((int(line), int(level), " ".join(str(text).split())))  # type: ignore[call-overload]
            self._heading = None
        for depth in range(len(self._stack) - 1, -1, -1):
            if self._stack[depth][0] == tag:
                del self._stack[depth:]
                break

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self.title += data
        elif self._in == "style":
            self.styles.append(data)
        elif self._in in ("script", "template"):
            return
        elif data.strip():
            if self._heading is not None:
                self._heading[2] = str(self._heading[2]) + data
            if not self._landmarked() and self._in_body():
                self.outside.append((self.getpos()[0], f'text "{" ".join(data.split())[:40]}"'))

    def _in_body(self) -> bool:
        return any(tag == "body" for tag, _ in self._stack)


def check_html(text: str, name: str) -> list[Finding]:
    page = _Page()
    page.feed(text)
    page.close()
    return list(_findings(page, name))


def _findings(page: _Page, name: str) -> Iterator[Finding]:
    if not (page.lang or "").strip():
        yield Finding(name, None, "<html>", "html-lang", "the page has no lang attribute; set lang in the front matter")
    if not page.title.strip():
        yield Finding(name, None, "<title>", "html-title", "the page has no title")
    for line, attrs in page.images:
        if attrs.get("alt") is None:
            yield Finding(name, None, f"line {line}: <img src=\"{(attrs.get('src') or '')[:40]}\">", "html-alt",
                          "a picture with no alt attribute: say what it shows, or alt=\"\" when the words beside it say the same")
    if page.mains != 1:
        yield Finding(name, None, "<main>", "html-landmarks", f"the page has {page.mains} main landmarks; it needs exactly one")
    if page.outside:
        line, what = page.outside[0]
        more = f" and {len(page.outside) - 1} more" if len(page.outside) > 1 else ""
        yield Finding(name, None, f"line {line}: {what}{more}", "html-landmarks",
                      "content outside any landmark; put it in <main>, <header>, <footer> or <nav>")
    previous = 0
    for line, level, words in page.headings:
        if previous == 0 and level != 1:
            yield Finding(name, None, f'line {line}: <h{level}> "{words[:40]}"', "html-heading-order", f"the first heading is h{level}; it must be h1")
        elif level > previous + 1:
            yield Finding(name, None, f'line {line}: <h{level}> "{words[:40]}"', "html-heading-order", f"h{previous} is followed by h{level}; a level is skipped")
        previous = level
    if not page.viewport:
        yield Finding(name, None, "<meta name=viewport>", "html-reflow", "no viewport meta tag, so phones show the page zoomed out")
    css = "\n".join(page.styles)
    for selector, prop, px in _fixed_widths(css):
        yield Finding(name, None, f"CSS {selector}", "html-reflow",
                      f"{prop} is fixed at {px:.0f} CSS px, wider than a 320 px screen; use max-width: 100% or a relative size")
    for line, style in page.inline_styles:
        for prop, px in _widths(tinycss2.parse_blocks_contents(style)):
            yield Finding(name, None, f"line {line}: style=\"{style[:40]}\"", "html-reflow", f"{prop} is fixed at {px:.0f} CSS px, wider than a 320 px screen")
    yield from _fonts(css, name)
    for line, what in page.resources:
        yield Finding(name, None, f"line {line}: {what}", "html-resources", "the page loads something from outside itself; embed it")
    for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css):
        if OUTSIDE.match(url):
            yield Finding(name, None, f"CSS url({url[:60]})", "html-resources", "the stylesheet loads something from outside the page; embed it")


def _screen_rules(nodes: list[object]) -> Iterator[tuple[str, list[object]]]:
    """(selector, declarations) of every rule a screen can apply; @page and print-only rules are skipped."""
    for node in nodes:
        if node.type == "qualified-rule":  # type: ignore[attr-defined]
            yield tinycss2.serialize(node.prelude).strip(), tinycss2.parse_blocks_contents(node.content)  # type: ignore[attr-defined]
        elif node.type == "at-rule" and node.lower_at_keyword == "media" and node.content is not None:  # type: ignore[attr-defined]
            query = tinycss2.serialize(node.prelude).lower()  # type: ignore[attr-defined]
            if "print" in query and "screen" not in query and "not print" not in query:
                continue
            yield from _screen_rules(tinycss2.parse_rule_list(node.content, skip_whitespace=True, skip_comments=True))  # type: ignore[attr-defined]


def _widths(declarations: list[object]) -> Iterator[tuple[str, float]]:
    for node in declarations:
        if getattr(node, "type", "") != "declaration" or node.lower_name not in ("width", "min-width"):  # type: ignore[attr-defined]
            continue
        values = [v for v in node.value if v.type not in ("whitespace", "comment")]  # type: ignore[attr-defined]
        if len(values) == 1 and values[0].type == "dimension" and values[0].lower_unit in PX:
            px = values[0].value * PX[values[0].lower_unit]
            if px > REFLOW_PX:
                yield node.lower_name, px  # type: ignore[attr-defined]


def _fixed_widths(css: str) -> Iterator[tuple[str, str, float]]:
    rules = list(_screen_rules(tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True)))
    for position, (selector, declarations) in enumerate(rules):
        for prop, px in _widths(declarations):
            # capped by max-width in the same rule, or overridden by a later rule for the same selector
            later = [d for s, ds in rules[position + 1:] if _same_target(s, selector) for d in ds if getattr(d, "type", "") == "declaration"]
            same = [d for d in declarations if getattr(d, "type", "") == "declaration"]
            capped = any(d.lower_name == "max-width" for d in same + later) or any(d.lower_name == prop for d in later)  # type: ignore[attr-defined]
            if not capped:
                yield selector, prop, px


def _same_target(later: str, selector: str) -> bool:
    """A later rule reaches the same elements: the same selector, or one ending in it (``.screen .x`` for ``.x``)."""
    last = re.split(r"[\s>+~]+", selector.strip())[-1]
    return any(re.split(r"[\s>+~]+", part.strip())[-1] == last for part in later.split(","))


def _fonts(css: str, name: str) -> Iterator[Finding]:
    """The first family each font-family (or --font) names must have an @font-face in the page."""
    shipped = {f.strip("'\" ").lower() for f in re.findall(r"@font-face\s*{[^}]*font-family:\s*([^;}]+)", css)}
    wanted = set()
    for value in re.findall(r"(?:font-family|--font)\s*:\s*([^;}]+)", css):
        if "var(" in value:
            continue
        first = value.split(",")[0].strip().strip("'\"")
        if first and first.lower() not in GENERIC and first.lower() not in shipped:
            wanted.add(first)
    for family in sorted(wanted):
        yield Finding(name, None, f"font \"{family}\"", "html-fonts",
                      "the page asks for this font but does not ship it (no @font-face), so readers get another font")

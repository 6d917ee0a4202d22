"""Untrusted content: links, paths outside the project and raw HTML never get in."""

from __future__ import annotations

import pytest

from generator.cli import main
from generator.pipeline import BuildOptions, build_file
from generator.render.fetcher import sanitise_svg

from conftest import pdf_text

HEAD = "---\ntitle: Test poster\n---\n\n"


@pytest.mark.parametrize("target", ["../../etc/passwd", "file:///etc/passwd", "http://example.com/x.png", "/etc/passwd"])
def test_cues_outside_the_project_are_refused(project, target):
    path = project / "content/posters/bad.md"
    path.write_text(HEAD + f"![a secret]({target}) Words here\n")
    result = build_file(path, BuildOptions(out_dir=project / "output"))
    assert not result.ok and result.stopped_by_checker
    errors = [f for f in result.report.active if f.level == "error"]
    assert [(f.rule, f.span.line) for f in errors] == [("missing-picture", 5)]
    assert not (project / "output").exists()


def test_refused_cue_never_reaches_the_pdf_even_with_no_check(project):
    path = project / "content/posters/bad.md"
    path.write_text(HEAD + "![a secret](../../../etc/passwd) Words here\n")
    result = build_file(path, BuildOptions(out_dir=project / "output", check=False))
    assert not result.ok
    assert result.problems[0].rule == "picture-outside" and result.problems[0].line == 5
    assert not list((project / "output").rglob("*.pdf"))


def test_missing_icon_and_missing_alt_fail_with_file_and_line(project, capsys):
    path = project / "content/posters/oops.md"
    path.write_text(HEAD + "![a pill](pil) Take it\n\n![](pill) Keep it\n")
    code = main(["build", str(path), "--out", str(project / "output")])
    err = capsys.readouterr().err
    assert code == 1
    assert f"{path}:5:1: error unknown-icon: no icon called 'pil'; did you mean 'pill'?" in err.replace(str(path.resolve()), str(path)) or ":5:1: error unknown-icon" in err
    assert ":7:1: error alt-text: The picture 'pill' has no alt text." in err
    assert "Traceback" not in err


def test_raw_html_is_text_not_markup(project):
    path = project / "content/posters/html.md"
    path.write_text(HEAD + "![a pill](pill) <script>alert(1)</script> Take <b>it</b>\n")
    result = build_file(path, BuildOptions(out_dir=project / "output", check=False))
    html = next(p for p in result.outputs if p.suffix == ".html").read_text()
    assert "<script>" not in html and "&lt;script&gt;" in html
    text = "".join(pdf_text(next(p for p in result.outputs if p.suffix == ".pdf").read_bytes()).split())
    assert "<script>alert(1)</script>Take<b>it</b>" in text


def test_svg_sanitiser_strips_scripts_events_and_external_links():
    dirty = b'<svg onload="x()"><script>evil()</script><image href="http://x/y.png"/><use href="#ok"/></svg>'
    clean = sanitise_svg(dirty)
    assert b"script" not in clean and b"onload" not in clean and b"http://" not in clean and b'href="#ok"' in clean


def test_huge_pictures_are_refused(project):
    from PIL import Image

    Image.new("1", (12000, 9000)).save(project / "content/posters/huge.png")
    path = project / "content/posters/huge.md"
    path.write_text(HEAD + "![a big picture](huge.png) Words\n")
    result = build_file(path, BuildOptions(out_dir=project / "output"))
    assert [f.rule for f in result.report.active if f.level == "error"] == ["missing-picture"]
    assert result.report.active[0].message == (
        "'huge.png' is too big: 108 megapixels (12000x9000); the limit is 100 megapixels. "
        "Resize it: 3000 pixels on the long side is plenty for print."
    )


# -- the renderer's own sandbox: what reaches WeasyPrint is refused there too ------------

REFUSED = [
    '<img src="https://example.org/pill.png" alt="a pill">',
    '<img src="http://127.0.0.1:9/pill.svg" alt="a pill">',
    '<img src="file:///etc/hostname" alt="a pill">',
    '<img src="../outside.svg" alt="a pill">',
    '<p style="background: url(file:///etc/hostname)">Hi</p>',
    '<link rel="stylesheet" href="https://example.org/evil.css">',
]


@pytest.mark.parametrize("markup", REFUSED)
def test_the_renderer_refuses_anything_outside_the_project(tmp_path, markup):
    from generator.errors import RenderError
    from generator.render import pdf as pdf_writer

    root = tmp_path / "project"
    root.mkdir()
    (tmp_path / "outside.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', encoding="utf-8")
    html = f'<!doctype html><html lang="en"><head><title>t</title></head><body><p>Take 1 tablet.</p>{markup}</body></html>'
    with pytest.raises(RenderError) as stopped:
        pdf_writer.layout(html, "content/page.md", [root], root)
    text = " ".join(problem.message for problem in stopped.value.problems)
    assert "refused to load" in text, text
    assert all(problem.path == "content/page.md" for problem in stopped.value.problems)

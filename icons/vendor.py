"""Copy the pictures listed in ``catalogue.yaml`` from their source sets, optimised.

Maintainers run this when they add pictures; builds never do (everything it writes is
committed, so easyread works offline). Each entry names its set and the original file;
this script fetches that original, strips what a printed picture does not need
(metadata, comments, ids, editor data), rounds numbers to 4 significant digits, and
writes it where ``file:`` says. Pictures drawn for easyread are the originals and are
left alone.

    pip install scour   # the SVG optimiser, only needed here
    npm pack @iconify-json/fluent-emoji-flat healthicons   # in a scratch folder
    python icons/vendor.py --mulberry /path/to/mulberry-symbols.git \\
        --fluent /scratch/fluent/package/icons.json \\
        --healthicons /scratch/healthicons/package/public/icons [--only NAME ...]

Then run ``python -m generator.pictures.index`` to refresh the search index.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from generator.render.fetcher import sanitise_svg  # noqa: E402


def optimise(svg: str) -> str:
    """The same picture, smaller: scour with 4 significant digits and no metadata."""
    from scour import scour

    options = scour.sanitizeOptions()
    options.digits = 4
    options.strip_xml_prolog = True
    options.remove_descriptive_elements = True
    options.remove_metadata = True
    options.strip_comments = True
    options.strip_ids = True
    options.shorten_ids = True
    options.enable_viewboxing = True
    options.indent_type = "none"
    options.newlines = False
    options.quiet = True
    return scour.scourString(svg, options)


class Sources:
    """Where each set's originals come from on this machine."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.mulberry = args.mulberry
        self.fluent = json.loads(Path(args.fluent).read_text())["icons"] if args.fluent else None
        self.healthicons = Path(args.healthicons) if args.healthicons else None

    def original(self, entry: dict) -> str | None:
        name, original = entry["set"], entry["original"]
        if name == "mulberry" and self.mulberry:
            return subprocess.run(["git", "-C", self.mulberry, "show", f"HEAD:{original}"], check=True, capture_output=True, text=True).stdout
        if name == "fluent" and self.fluent is not None:
            icon = self.fluent[original]
            width, height = icon.get("width", 32), icon.get("height", 32)
            return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}">{icon["body"]}</svg>'
        if name == "healthicons" and self.healthicons is not None:
            return (self.healthicons / original).read_text()
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mulberry", help="a clone (or bare mirror) of mulberrysymbols/mulberry-symbols")
    parser.add_argument("--fluent", help="icons.json from the npm package @iconify-json/fluent-emoji-flat")
    parser.add_argument("--healthicons", help="public/icons from the npm package healthicons")
    parser.add_argument("--only", nargs="*", help="only these picture names")
    args = parser.parse_args(argv)
    catalogue = yaml.safe_load((HERE / "catalogue.yaml").read_text(encoding="utf-8"))
    sources = Sources(args)
    written = skipped = 0
    for entry in catalogue["pictures"]:
        if args.only and entry["name"] not in args.only:
            continue
        svg = sources.original(entry)
        if svg is None:
            skipped += 1
            continue
        data = optimise(svg).encode("utf-8")
        if sanitise_svg(data) != data:
            print(f"{entry['name']}: the sanitiser would change this picture; check it by hand", file=sys.stderr)
            return 1
        target = HERE / entry["file"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written += 1
    print(f"wrote {written} pictures; {skipped} left as they are (their set's source was not given, or drawn for easyread)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

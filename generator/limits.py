"""Every input limit in one place, so the docs (``docs/limits.md``) and the code agree.

Content is untrusted and people paste in odd things. Each limit is checked before
the expensive work starts (reading, parsing, decoding, layout), so a hostile or
broken file is refused in milliseconds with a message that says the size found,
the limit and what to do, instead of running for minutes and then failing.
The numbers are far above anything a real easy-read booklet, poster or picture
needs: an easy-read booklet is usually under 10 KB of Markdown.
"""

from __future__ import annotations

# Content files (generator/load.py)
MARKDOWN_BYTES = 200_000  # one .md file, front matter included (about 35,000 words)
FRONT_MATTER_BYTES = 64_000  # the YAML between the '---' lines
FIELD_CHARS = 1_000  # any one text value in the front matter (a title, a hard word's explanation)
WORD_CHARS = 500  # one run of characters with no space, anywhere in the file (long links fit)

# Any YAML file: front matter, easyread.yaml, label files, rule files (generator/yamltext.py)
YAML_BYTES = 1_000_000
YAML_DEPTH = 50
YAML_NODES = 100_000

# Picture files (generator/pictures/files.py)
PICTURE_BYTES = 50_000_000  # a raster picture file (JPEG, PNG, GIF, WebP, HEIC)
PICTURE_PIXELS = 100_000_000  # width x height of a raster picture; a 108 MP phone photo is over
SVG_BYTES = 1_000_000
SVG_ELEMENTS = 10_000
SVG_DEPTH = 50

# Time (generator/budget.py)
SECONDS_PER_DOCUMENT = 120.0  # load, check and render of one content file; --time-limit changes it

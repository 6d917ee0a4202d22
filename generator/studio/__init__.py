"""The co-design studio: a live preview with findings, picture picking, a review sheet and a wording diff.

``session`` keeps what the preview shows and re-renders it fast when the file is
saved; ``layout`` lays the PDF out in the background; ``server`` is the local web
server; ``picking`` suggests pictures and rewrites a cue in the source; ``review``
and ``diff`` make the review sheet and the "what changed" page.
"""

"""Medication labels: rows from a pharmacy export to checked, printed label sheets.

This package runs the same stages as a booklet (load -> parse -> check -> render
-> verify -> write), so its modules sit at different stages; the import-order
table in docs/architecture.md lists each one. The shared label data
(``model.py``, ``stock.py``, ``columns.py``, ``limits.py``, ``settings.py``) comes
first, so the render stage (``render/labels.py``) can draw a ``Label`` without
importing the label pipeline (``batch.py``, ``draw.py``, ``sheets.py``), which
runs last.
"""

"""The coded rule kinds. Importing this package registers every kind."""

from . import constructs, document, labels, numbers, pictures, sentences, words  # noqa: F401

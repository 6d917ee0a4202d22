"""The coded rule kinds. Importing this package registers every kind."""

from . import constructs, document, pictures, sentences, words  # noqa: F401

"""easyread: Markdown to accessible print (easy-read booklets, large-print posters, label mockups)."""

__version__ = "0.1.0"

"""Quote-and-claim annotator for news articles."""

__version__ = "0.1.0"

"""repair: detect and repair machine-made damage in translated news articles."""

__version__ = "0.1.0"

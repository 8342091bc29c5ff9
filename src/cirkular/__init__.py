"""cirkular: circular public procurement, the Swedish model, end to end."""

__version__ = "0.1.0"

"""HISOps: operations and maintenance of hospital information systems."""

__version__ = "0.1.0"

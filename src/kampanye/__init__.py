"""kampanye: run and measure an Indonesian election campaign."""

__version__ = "0.1.0"

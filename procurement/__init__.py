"""Optimizer for consolidated public purchases (compra consolidada) of medicines and supplies."""

__version__ = "0.1.0"

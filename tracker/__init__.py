"""tracker: records of international cooperation for a ministry's cooperation division."""

__version__ = "0.1.0"

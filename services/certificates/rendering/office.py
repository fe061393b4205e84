"""The issuing office's default name, without importing the PDF libraries (settings read it in
the service process, which does not render: process.py)."""
DEFAULT_OFFICE = "甘肃省科学技术厅"

"""PDF and Excel output. No widgets; reportlab/openpyxl are imported only here, never on the start path."""

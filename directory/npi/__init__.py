"""The US national provider registry (NPPES): its file formats, codes and text conventions.

Pure functions and readers, no database: ``services/npi_import.py`` turns what these read
into listings through the practitioner import (``services/imports.py``).
"""

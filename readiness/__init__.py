"""readiness: is a smart-factory pilot ready to scale, and what must be fixed if it is not?

The public API is a pipeline of plain functions: load a project file, validate it, assess it
against the rubric packs, render the assessment.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]

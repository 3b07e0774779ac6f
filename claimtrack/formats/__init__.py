"""Claims in the formats other tools read: ClaimReview for fact-checkers and search engines,
W3C Web Annotation for annotation tools, a flat CSV for spreadsheets, and an HTML report.

``claimtrack.export`` streams claims and hands each one to the writer of the format asked
for; a writer turns one stored claim into zero or more lines of output (a ClaimReview only
for a reviewed claim, an annotation per grounded span, a CSV row per claim), reading the
documents it needs through a small bounded cache, so memory stays constant at any ledger size
and each worker of a parallel export writes its share alone. Every format here is a module of
its own: ``claimreview``, ``annotation``, ``flat_csv``; ``report`` draws documents with their
claims as one self-contained HTML file.
"""

from __future__ import annotations

from claimtrack.formats.writer import (
    WRITERS,
    ExportOptions,
    check_format,
    header,
    write_claims,
)

__all__ = ["WRITERS", "ExportOptions", "check_format", "header", "write_claims"]

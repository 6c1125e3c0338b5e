"""Evidence of a failed or not-assessable rule: where its cells were printed, shown.

``cells.py`` reads a result and its report's cells from a warehouse; ``page_crop.py`` draws a PNG crop of the
page (pypdfium2 + Pillow) with the cells outlined, for PDFs and scans; ``table_html.py`` the template table
as an HTML fragment with those cells marked, for HTML, DOCX and text reports; ``write.py`` writes the files
a warehouse's ``fct_rule_results.evidence_path`` names (the ``rule_evidence`` asset, ``ogi check --evidence``).
"""

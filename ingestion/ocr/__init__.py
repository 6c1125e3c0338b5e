"""Reading scanned pages: rasterise (``render``), straighten and find the ruled grid (``grid``), recognise
text (``engine``, RapidOCR's PP-OCR models shipped in the wheel), and lay the page out as rows (``page``).
"""

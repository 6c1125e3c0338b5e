"""Pages -> rows, whatever read them: the page model (model.py) and the stitcher (stitch.py).

Shared by the PDF text-layer reader (ingestion/readers/pdf/) and OCR (ingestion/readers/scan.py); it
imports neither of them.
"""

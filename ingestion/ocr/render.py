"""Pages as pixels: a PDF page rendered with pypdfium2, or an image file decoded with OpenCV (grayscale)."""

from __future__ import annotations

import cv2
import numpy as np
import pypdfium2

DEFAULT_DPI = 300  # scans are read at this resolution when the PDF does not say better


def render_page(data: bytes | pypdfium2.PdfDocument, index: int, dpi: int = DEFAULT_DPI) -> np.ndarray:
    """Page ``index`` (0-based) of a PDF as a grayscale image at ``dpi``."""
    pdf = data if isinstance(data, pypdfium2.PdfDocument) else pypdfium2.PdfDocument(data)
    try:
        bitmap = pdf[index].render(scale=dpi / 72, grayscale=True)
        image = bitmap.to_numpy()
        return np.ascontiguousarray(image[:, :, 0] if image.ndim == 3 else image)
    finally:
        if pdf is not data:
            pdf.close()


def decode_image(data: bytes) -> np.ndarray | None:
    """A PNG/JPEG (any format OpenCV reads) as a grayscale image; None when the bytes are not an image."""
    return cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_GRAYSCALE)

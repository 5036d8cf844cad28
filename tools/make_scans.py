"""Image-only PDFs ("scans") made from PDFs with a text layer, for the OCR measurement.

Each page is rendered with pypdfium2 at 300 dpi (grayscale) and written back
as an image-only PDF with Pillow (no text layer left):

- ``clean``: the rendering as is (a perfect flatbed scan);
- ``noisy``: rotated by 1° (white fill), a little blur, Gaussian sensor noise
  (sigma 18 of 255), sparse dark specks, and a grey, slightly uneven paper
  background — deterministic (seeded per page).

Usage: ``python tools/make_scans.py OUT_DIR [PDF ...]`` (default: corpora/drafts/*.pdf).
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

DPI = 300
SKEW_DEG = 1.0
NOISE_SIGMA = 18.0
SPECKS_PER_MPX = 40


def render_pages(pdf_bytes: bytes, dpi: int = DPI, pages: list[int] | None = None) -> list:
    """Grayscale PIL images of the given 0-based pages (all pages by default)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(pdf_bytes)
    try:
        idx = range(len(pdf)) if pages is None else pages
        out = []
        for i in idx:
            page = pdf[i]
            try:
                out.append(page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L"))
            finally:
                page.close()
        return out
    finally:
        pdf.close()


def degrade(img, seed: int, skew: float = SKEW_DEG):
    """A noisy, skewed copy of a grayscale page image."""
    import numpy as np
    from PIL import Image, ImageFilter

    rng = np.random.default_rng(seed)
    img = img.rotate(skew, resample=Image.BICUBIC, expand=False, fillcolor=255)
    img = img.filter(ImageFilter.GaussianBlur(0.7))
    a = np.asarray(img, dtype=np.float32)
    h, w = a.shape
    # paper: slightly grey with a gentle left-to-right gradient
    paper = 235 + 10 * np.linspace(0, 1, w, dtype=np.float32)[None, :]
    a = a / 255.0 * paper
    a += rng.normal(0.0, NOISE_SIGMA, size=a.shape).astype(np.float32)
    n = int(SPECKS_PER_MPX * h * w / 1e6)
    ys, xs = rng.integers(0, h - 3, n), rng.integers(0, w - 3, n)
    for y, x in zip(ys, xs):
        a[y:y + 1 + rng.integers(0, 3), x:x + 1 + rng.integers(0, 3)] = rng.uniform(0, 90)
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), mode="L")


def to_pdf(images: list, dpi: int = DPI) -> bytes:
    """An image-only PDF, one page per image, page size from the image and dpi."""
    buf = io.BytesIO()
    images[0].save(buf, format="PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return buf.getvalue()


def make_scans(pdf_bytes: bytes, pages: list[int] | None = None, seed: int = 0) -> tuple[bytes, bytes]:
    """(clean, noisy) image-only PDFs of a PDF's pages."""
    imgs = render_pages(pdf_bytes, DPI, pages)
    noisy = [degrade(im, seed * 1000 + k) for k, im in enumerate(imgs)]
    return to_pdf(imgs), to_pdf(noisy)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("pdfs", nargs="*", type=Path)
    args = ap.parse_args(argv)
    pdfs = args.pdfs or sorted(Path("corpora/drafts").glob("*.pdf"))
    args.out.mkdir(parents=True, exist_ok=True)
    for k, p in enumerate(pdfs):
        clean, noisy = make_scans(p.read_bytes(), seed=k)
        (args.out / f"{p.stem}.clean.pdf").write_bytes(clean)
        (args.out / f"{p.stem}.noisy.pdf").write_bytes(noisy)
        print(f"{p.name}: clean {len(clean) // 1024} KB, noisy {len(noisy) // 1024} KB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Scans made from text PDFs: render, rasterise, add noise and skew, wrap back.

`make_scan(pdf)` runs pdftoppm (poppler) at `dpi`, rotates each page by `skew`
degrees, adds Gaussian noise and JPEG artefacts with Pillow, and saves the pages as an
image-only PDF, like a report printed, signed and scanned before publication.
"""

from __future__ import annotations

import io
import random
import subprocess
import tempfile
from pathlib import Path


def make_scan(
    pdf: bytes, *, dpi: int = 200, skew: float = 0.6, noise: float = 10.0, seed: int = 0,
    quality: int = 75, pages: str | None = None,
) -> bytes:
    """An image-only PDF of `pdf`'s pages (all, or `pages` as "FIRST-LAST")."""
    import numpy as np
    from PIL import Image, ImageFilter

    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="nianbao-scan-") as tmp:
        src = Path(tmp) / "in.pdf"
        src.write_bytes(pdf)
        cmd = ["pdftoppm", "-r", str(dpi), "-gray", "-png"]
        if pages:
            first, last = pages.split("-")
            cmd += ["-f", first, "-l", last]
        subprocess.run([*cmd, str(src), str(Path(tmp) / "p")], check=True, timeout=120)
        images = []
        for path in sorted(Path(tmp).glob("p-*.png")):
            page = Image.open(path).convert("L")
            angle = skew * (1 if rng.random() < 0.5 else -1)
            page = page.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False,
                               fillcolor=255)
            if noise:
                # Seeded grain (PIL's effect_noise draws from C's rand(): not rerun-stable).
                gen = np.random.default_rng(rng.randrange(2**32))
                pixels = np.asarray(page, dtype=np.float32)
                pixels += gen.normal(0.0, noise, pixels.shape).astype(np.float32)
                page = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
            page = page.filter(ImageFilter.GaussianBlur(0.4))
            buf = io.BytesIO()
            page.save(buf, "JPEG", quality=quality)
            images.append(Image.open(io.BytesIO(buf.getvalue())))
    out = io.BytesIO()
    images[0].save(out, "PDF", resolution=float(dpi), save_all=True, append_images=images[1:])
    return out.getvalue()

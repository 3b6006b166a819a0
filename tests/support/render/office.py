"""PDF and DOC through LibreOffice headless, and making the PDFs rerun-stable.

`soffice_convert` converts DOCX bytes in one soffice run (raising `ConversionError`);
`stabilize_pdf` fixes a PDF's dates and /ID without moving any offsets.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

_PDF_DATE = re.compile(rb"\(D:(\d{14})")
_PDF_CHECKSUM = re.compile(rb"/DocChecksum /([0-9A-Fa-f]+)")
_PDF_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")


def stabilize_pdf(data: bytes, seed: str, when: date, *, keep_first_id: bool = False) -> bytes:
    """Fix a PDF's dates and /ID (same lengths, offsets stay valid) so reruns match.

    keep_first_id: leave /ID[0] alone (an encrypted PDF's key is derived from it).
    """
    stamp = f"{when.year:04d}{when.month:02d}{when.day:02d}090000".encode()
    data = _PDF_DATE.sub(b"(D:" + stamp, data)
    digest = hashlib.md5(seed.encode("utf-8")).hexdigest().upper().encode() * 4

    def fixed(m: re.Match[bytes]) -> bytes:
        whole, start = m.group(0), m.start()
        a_start, a_end = m.start(1) - start, m.end(1) - start
        b_start, b_end = m.start(2) - start, m.end(2) - start
        first = m.group(1) if keep_first_id else digest[: a_end - a_start]
        second = (m.group(1) if keep_first_id else digest)[: b_end - b_start]
        second = second.ljust(b_end - b_start, b"0")
        return whole[:a_start] + first + whole[a_end:b_start] + second + whole[b_end:]

    data = _PDF_ID.sub(fixed, data)
    return _PDF_CHECKSUM.sub(lambda m: b"/DocChecksum /" + digest[: len(m.group(1))], data)


class ConversionError(RuntimeError):
    """LibreOffice did not produce the converted file."""


def soffice_convert(
    docx_files: dict[str, bytes], target: str, *, timeout: float = 180.0
) -> dict[str, bytes]:
    """Convert DOCX bytes to `target` ("pdf" or "doc") with LibreOffice headless.

    One soffice run for all files, with a private profile directory; raises
    ConversionError if soffice is missing, times out, or leaves a file unconverted.
    """
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise ConversionError("soffice not found")
    filt = {"pdf": "pdf:writer_pdf_Export", "doc": 'doc:MS Word 97'}[target]
    with tempfile.TemporaryDirectory(prefix="nianbao_lo_") as tmp:
        tmpdir = Path(tmp)
        src = tmpdir / "src"
        out = tmpdir / "out"
        src.mkdir()
        out.mkdir()
        for name, data in docx_files.items():
            (src / f"{name}.docx").write_bytes(data)
        cmd = [
            soffice,
            f"-env:UserInstallation=file://{tmpdir / 'profile'}",
            "--headless",
            "--norestore",
            "--convert-to",
            filt,
            "--outdir",
            str(out),
            *sorted(str(p) for p in src.iterdir()),
        ]
        try:
            subprocess.run(cmd, check=True, timeout=timeout, capture_output=True)
        except (subprocess.SubprocessError, OSError) as exc:
            raise ConversionError(f"soffice failed: {exc}") from exc
        result = {}
        for name in docx_files:
            path = out / f"{name}.{target}"
            if not path.exists():
                raise ConversionError(f"soffice left {name} unconverted")
            result[name] = path.read_bytes()
        return result

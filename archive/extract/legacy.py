"""Legacy Word and WPS files (OLE2 compound files) and RTF, through LibreOffice.

The file is converted to DOCX by ``soffice --headless`` in a private, temporary
user profile (``-env:UserInstallation=…``) so that conversions never share or
damage a user's profile, then read by the DOCX reader.  The conversion runs in
its own process group under a time limit; on timeout the whole group is killed.
The limit comes from the caller, else ``NIANBAO_CONVERT_TIMEOUT`` (seconds),
else :data:`DEFAULT_TIMEOUT`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from .document import Document
from .docx import read_docx
from .errors import ConversionFailed, CorruptDocument, ExtractError

DEFAULT_TIMEOUT = 60.0


def soffice_binary() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def conversion_timeout(timeout: float | None = None) -> float:
    if timeout is not None:
        return float(timeout)
    env = os.environ.get("NIANBAO_CONVERT_TIMEOUT")
    try:
        return float(env) if env else DEFAULT_TIMEOUT
    except ValueError:
        return DEFAULT_TIMEOUT


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def convert_to_docx(data: bytes, suffix: str, timeout: float | None = None) -> bytes:
    """DOCX bytes of a legacy document, or ConversionFailed."""
    binary = soffice_binary()
    if binary is None:
        raise ConversionFailed("LibreOffice (soffice) is not installed")
    limit = conversion_timeout(timeout)
    with tempfile.TemporaryDirectory(prefix="nianbao-lo-") as tmp:
        work = Path(tmp)
        source = work / f"document{suffix}"
        source.write_bytes(data)
        outdir = work / "out"
        profile = (work / "profile").as_uri()
        cmd = [
            binary,
            f"-env:UserInstallation={profile}",
            "--headless", "--invisible", "--nologo", "--norestore", "--nolockcheck",
            "--nodefault",
            "--convert-to", "docx:MS Word 2007 XML",
            "--outdir", str(outdir),
            str(source),
        ]
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env={**os.environ, "HOME": tmp},
        )
        try:
            output, _ = proc.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            raise ConversionFailed(f"LibreOffice did not finish within {limit:g} s") from None
        finally:
            if proc.poll() is None:  # pragma: no cover - defensive
                _kill_group(proc)
        # soffice may leave helper processes in its group; end them.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
        result = outdir / "document.docx"
        if not result.exists() or result.stat().st_size == 0:
            detail = (output or b"").decode("utf-8", errors="replace").strip().splitlines()
            last = detail[-1] if detail else f"exit status {proc.returncode}"
            raise ConversionFailed(f"LibreOffice could not convert the document: {last}")
        return result.read_bytes()


def check_ole_header(data: bytes) -> None:
    """Refuse a compound file whose header is damaged before LibreOffice sees it
    (LibreOffice would otherwise import the junk as text)."""
    if len(data) < 512:
        raise CorruptDocument("truncated OLE2 compound file (shorter than its header)")
    major = int.from_bytes(data[26:28], "little")
    byte_order = data[28:30]
    sector_shift = int.from_bytes(data[30:32], "little")
    if byte_order != b"\xfe\xff" or (major, sector_shift) not in ((3, 9), (4, 12)):
        raise CorruptDocument("damaged OLE2 compound file header (not a Word/WPS document)")


def read_legacy(data: bytes, suffix: str = ".doc", timeout: float | None = None) -> Document:
    if suffix == ".doc":
        check_ole_header(data)
    converted = convert_to_docx(data, suffix, timeout)
    try:
        doc = read_docx(converted)
    except ExtractError as exc:
        raise ConversionFailed(f"LibreOffice produced an unreadable DOCX: {exc}") from exc
    doc.format = "doc"
    return doc

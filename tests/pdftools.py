"""Helpers for tests that look at real PDFs: pages as PNGs, the QR codes on them, the fonts inside."""

import re
import subprocess

from tests.conftest import ARTIFACTS, require_tool


def save_pdf(pdf: bytes, name: str):
    """Keep the PDF under tests/artifacts/ so a person can look at it after the run."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.pdf"
    path.write_bytes(pdf)
    return path


def pdf_to_pngs(pdf: bytes, name: str, dpi: int = 150) -> list:
    require_tool("pdftoppm")
    path = save_pdf(pdf, name)
    for old in _pages(name):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(path), str(ARTIFACTS / name)], check=True)
    return _pages(name)


def _pages(name: str) -> list:
    """`name`'s page images only (name-1.png, name-01.png …), never those of a longer name such as
    name-long-1.png that a test running in parallel is writing."""
    page = re.compile(re.escape(name) + r"-\d+\.png")
    return sorted(p for p in ARTIFACTS.glob(f"{name}-*.png") if page.fullmatch(p.name))


def pdf_text(pdf: bytes, name: str) -> str:
    require_tool("pdftotext")
    path = save_pdf(pdf, name)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def decode_qr(png) -> list[str]:
    zbarimg = require_tool("zbarimg")
    out = subprocess.run([zbarimg, "--raw", "-q", str(png)], capture_output=True, text=True)
    return [line for line in out.stdout.splitlines() if line]


def pdf_fonts(pdf: bytes, name: str) -> list[str]:
    """Names of the fonts embedded in the PDF, one line of pdffonts each."""
    require_tool("pdffonts")
    path = save_pdf(pdf, name)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return out.splitlines()[2:]

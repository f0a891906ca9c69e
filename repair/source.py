"""Reading files into text and writing text back exactly as it was encoded.

The decoded text keeps every line ending as it was (CRLF stays in the string), so encoding
it again gives back the same bytes; only the BOM and the codec are remembered beside it.
"""

from __future__ import annotations

import codecs
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class InputError(Exception):
    """A file that cannot be checked: the message names the problem for the user."""


@dataclass(frozen=True, slots=True)
class Source:
    """Decoded text plus the facts needed to encode it back byte for byte."""

    text: str
    encoding: str = "utf-8"
    bom: bytes = b""

    def encode(self, text: str | None = None) -> bytes:
        return self.bom + (self.text if text is None else text).encode(self.encoding)


def decode(data: bytes) -> Source:
    """Decode UTF-8 (or UTF-16 with a BOM); refuse binary and undecodable bytes."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data[len(bom):]
            break
    else:
        bom, encoding, body = b"", "utf-8", data
    if encoding == "utf-8" and b"\x00" in body[:8192]:
        raise InputError("binary file (contains NUL bytes); skipped")
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        line = body[: exc.start].count(b"\n") + 1
        raise InputError(
            f"not valid {encoding.upper()}: undecodable byte at offset {exc.start + len(bom)}"
            f" (line {line}); skipped"
        ) from None
    return Source(text=text, encoding=encoding, bom=bom)


def read(path: Path) -> tuple[Source, bytes]:
    """Read and decode a file, returning the raw bytes too (to detect later changes)."""
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError("is a directory") from None
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from None
    return decode(data), data


def write_atomic(path: Path, data: bytes, expected: bytes | None = None, durable: bool = True) -> None:
    """Replace `path` with `data` through a temporary file and a rename, keeping its mode.

    With `expected`, refuse when the file no longer holds those bytes: someone changed it
    since it was read, and their change must win. `durable` flushes the data to the disk
    before the rename; a cache entry, safe to lose, skips that wait.
    """
    if expected is not None and path.read_bytes() != expected:
        raise InputError("changed on disk since it was read; not overwritten")
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".repair-tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise

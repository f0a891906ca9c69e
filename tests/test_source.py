"""Reading and writing files: decode/encode round-trips byte for byte; atomic, careful writes."""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

import pytest

from repair import source
from repair.source import InputError, decode, read, write_atomic

TEXT = "Kyiv — “quoted” naïve café\n\nSecond paragraph.\n"


@pytest.mark.parametrize(
    ("data", "text", "encoding", "bom"),
    [
        (TEXT.encode("utf-8"), TEXT, "utf-8", b""),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), TEXT, "utf-8", codecs.BOM_UTF8),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), TEXT, "utf-16-le", codecs.BOM_UTF16_LE),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), TEXT, "utf-16-be", codecs.BOM_UTF16_BE),
        (b"one\r\ntwo\r\n", "one\r\ntwo\r\n", "utf-8", b""),
        (b"one\r\ntwo\nthree\rfour\r\n", "one\r\ntwo\nthree\rfour\r\n", "utf-8", b""),
        (b"no final newline", "no final newline", "utf-8", b""),
        (b"", "", "utf-8", b""),
        (codecs.BOM_UTF8, "", "utf-8", codecs.BOM_UTF8),
        (codecs.BOM_UTF8 + "a\r\nb".encode(), "a\r\nb", "utf-8", codecs.BOM_UTF8),
        (codecs.BOM_UTF16_LE + "a\r\nb".encode("utf-16-le"), "a\r\nb", "utf-16-le", codecs.BOM_UTF16_LE),
        ("emoji 🇺🇦 and \u00a0nbsp\n".encode(), "emoji 🇺🇦 and \u00a0nbsp\n", "utf-8", b""),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "crlf", "mixed-eol", "no-final-newline", "empty",
         "bom-only", "bom-crlf-nonl", "utf16-crlf", "astral"],
)
def test_decode_encode_round_trip(data: bytes, text: str, encoding: str, bom: bytes) -> None:
    src = decode(data)
    assert src.text == text  # BOM removed, line endings untouched
    assert src.encoding == encoding
    assert src.bom == bom
    assert src.encode() == data
    assert src.encode(src.text) == data


def test_encode_new_text_keeps_bom_and_codec() -> None:
    data = codecs.BOM_UTF16_BE + "once morest\r\n".encode("utf-16-be")
    src = decode(data)
    assert src.encode("against\r\n") == codecs.BOM_UTF16_BE + "against\r\n".encode("utf-16-be")


def test_offsets_are_into_bom_stripped_text() -> None:
    src = decode(codecs.BOM_UTF8 + b"abc")
    assert src.text[0] == "a"
    assert "\ufeff" not in src.text


@pytest.mark.parametrize(
    "data",
    [b"GIF89a\x00\x01\x00\x00", b"text then \x00 a NUL", codecs.BOM_UTF8 + b"x\x00y", b"a\nb\x00"],
)
def test_binary_raises_input_error(data: bytes) -> None:
    with pytest.raises(InputError, match="binary"):
        decode(data)


def test_utf16_without_bom_is_binary_not_garbage() -> None:
    with pytest.raises(InputError):
        decode("hello".encode("utf-16-le"))


def test_undecodable_bytes_name_offset_and_line() -> None:
    with pytest.raises(InputError) as info:
        decode(b"first line\ncaf\xe9 au lait\n")
    message = str(info.value)
    assert "UTF-8" in message
    assert "offset 14" in message
    assert "line 2" in message


def test_undecodable_offset_counts_the_bom() -> None:
    with pytest.raises(InputError, match="offset 4"):
        decode(codecs.BOM_UTF8 + b"a\xff")


def test_truncated_utf16_is_an_input_error() -> None:
    with pytest.raises(InputError, match="UTF-16"):
        decode(codecs.BOM_UTF16_LE + "ab".encode("utf-16-le") + b"\x00")


def test_read_returns_the_raw_bytes(tmp_path: Path) -> None:
    data = codecs.BOM_UTF8 + b"a\r\nb"
    path = tmp_path / "f.txt"
    path.write_bytes(data)
    src, raw = read(path)
    assert raw == data and src.text == "a\r\nb" and src.encode() == data


def test_read_errors_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        read(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="directory"):
        read(tmp_path)


# ---------------------------------------------------------------- write_atomic


def _leftovers(folder: Path, *keep: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


def test_write_atomic_replaces_and_keeps_mode(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(b"old\n")
    os.chmod(path, 0o640)
    write_atomic(path, b"new\r\n", expected=b"old\n")
    assert path.read_bytes() == b"new\r\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert _leftovers(tmp_path, "article.txt") == []


def test_write_atomic_keeps_an_unusual_mode(tmp_path: Path) -> None:
    path = tmp_path / "script.txt"
    path.write_bytes(b"x")
    os.chmod(path, 0o751)
    write_atomic(path, b"y")
    assert stat.S_IMODE(path.stat().st_mode) == 0o751


def test_write_atomic_refuses_a_file_changed_since_read(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(b"edited by someone else\n")
    with pytest.raises(InputError, match="changed on disk"):
        write_atomic(path, b"our fix\n", expected=b"what we read\n")
    assert path.read_bytes() == b"edited by someone else\n"
    assert _leftovers(tmp_path, "article.txt") == []


def test_write_atomic_cleans_up_when_the_rename_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(b"old\n")

    def boom(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(source.os, "replace", boom)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(path, b"new\n", expected=b"old\n")
    assert path.read_bytes() == b"old\n"
    assert _leftovers(tmp_path, "article.txt") == []


"""Build a smaller libicudata for the Linux build (PySide6's Qt links ICU 73: 31 MB of data).

QtCore calls ICU only for collation (ucol), time-zone names (ucal), case mapping and text
codecs (ucnv); it never uses ICU's break iterators, number/currency/unit formatting,
language and region names or transliterators. chibo runs in Vietnamese and English, so the
data of every other locale, those unused services and the large CJK codecs are left out. The kept data is linked into a
library with the same SONAME and data symbol, so Qt loads it unchanged.

Needs icupkg (Debian/Ubuntu: icu-devtools) and a C compiler; without them the build keeps
the full library. Usage (the spec calls trim()): python trim_icu.py LIBICUDATA OUTDIR
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

KEEP_LOCALES = {"root", "res_index", "pool", "vi", "vi_VN", "en", "en_US", "en_US_POSIX",
                "en_001"}
LOCALE = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]+)*$")
DROP_DIRS = ("translit/", "brkitr/", "rbnf/", "curr/", "lang/", "region/", "unit/")
DROP_FILES = ("unames.icu",)        # character names (u_charName)
DROP_SUFFIXES = (".dict", ".spp")   # word-break dictionaries; StringPrep profiles (unused)
BIG_CODEC = 100_000                 # CJK codecs; Vietnamese and Western ones are far smaller


def _data_symbol(lib: Path) -> tuple[str, int, int]:
    """(name, file offset, size) of the icudtNN_dat symbol."""
    syms = subprocess.run(["readelf", "-sW", str(lib)], check=True, capture_output=True,
                          text=True).stdout
    m = re.search(r":\s+([0-9a-f]+)\s+(0x[0-9a-f]+|\d+)\s+OBJECT\s+GLOBAL\s+\S+\s+\S+\s+(icudt\d+_dat)", syms)
    if not m:
        raise RuntimeError("no icudt*_dat symbol")
    vaddr, size, name = int(m.group(1), 16), int(m.group(2), 0), m.group(3)
    sections = subprocess.run(["readelf", "-SW", str(lib)], check=True, capture_output=True,
                              text=True).stdout
    for line in sections.splitlines():
        s = re.search(r"\]\s+(\S+)\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)", line)
        if s:
            addr, off, sz = (int(s.group(i), 16) for i in (2, 3, 4))
            if addr <= vaddr < addr + sz:
                return name, vaddr - addr + off, size
    raise RuntimeError("data symbol outside every section")


def _dropped(item: str, size: int) -> bool:
    path = item.split("/", 1)[1] if item.startswith("icudt") else item  # "coll/vi.res"
    if path.startswith(DROP_DIRS) or path.endswith(DROP_SUFFIXES) or path in DROP_FILES:
        return True
    if path.endswith(".cnv") and size > BIG_CODEC:
        return True
    stem = path.rsplit("/", 1)[-1]
    if stem.endswith(".res"):
        stem = stem[:-4]
        return bool(LOCALE.match(stem)) and stem not in KEEP_LOCALES
    return False


def trim(lib: Path, outdir: Path) -> Path | None:
    """Write outdir/<lib.name> with the kept data; None when the tools are missing."""
    if not (shutil.which("icupkg") and shutil.which("cc") and shutil.which("readelf")):
        return None
    name, offset, size = _data_symbol(lib)
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        # icupkg takes the item prefix from the file name: icudt73l (l: little-endian).
        pkg = name.removesuffix("_dat") + "l.dat"
        full, kept = tmp / "full" / pkg, tmp / "kept" / pkg
        full.parent.mkdir()
        kept.parent.mkdir()
        with open(lib, "rb") as f:
            f.seek(offset)
            full.write_bytes(f.read(size))
        items = subprocess.run(["icupkg", "-l", str(full)], check=True,
                               capture_output=True, text=True).stdout.split()
        extracted = tmp / "x"
        extracted.mkdir()
        subprocess.run(["icupkg", "-x", "*", "-d", str(extracted), str(full)],
                       check=True, capture_output=True)
        drop = [i for i in items if _dropped(i, (extracted / i).stat().st_size)]
        (tmp / "drop.txt").write_text("\n".join(drop) + "\n")
        # A few CJK codecs extend dropped ones: ICU opens codecs lazily, so only those
        # encodings would fail to open.
        subprocess.run(["icupkg", "--ignore-deps", "-r", str(tmp / "drop.txt"), str(full),
                        str(kept)], check=True, capture_output=True)
        (tmp / "data.s").write_text(
            f'.section .rodata\n.globl {name}\n.type {name}, @object\n.balign 16\n{name}:\n'
            f'.incbin "{kept}"\n.size {name}, .-{name}\n'
            '.section .note.GNU-stack,"",@progbits\n')
        out = outdir / lib.name
        subprocess.run(["cc", "-shared", "-nostdlib", f"-Wl,-soname,{lib.name}", "-o", str(out),
                        str(tmp / "data.s")], check=True, capture_output=True)
    return out


if __name__ == "__main__":
    result = trim(Path(sys.argv[1]), Path(sys.argv[2]))
    print(result or "icupkg or a C compiler is missing: the full ICU data is kept")

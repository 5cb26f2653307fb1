#!/usr/bin/env python3
"""Mark one symbol-version requirement of an ELF shared library as weak (VER_FLG_WEAK), in place.

TorchSharp's libLibTorchSharp.so asks for GLIBCXX_3.4.32, which Debian 12's libstdc++ lacks, so the loader refuses
it (and TorchSharp misreports that as "doesn't contain a reference to libtorch"). No symbol the library binds carries
that version, so a weak requirement is safe: the loader then only warns in debug mode. Run only on the copy in a build
output, never on the NuGet cache. Idempotent; exits non-zero with a message when the file is not laid out as expected.

usage: patch-glibcxx-weak.py LIBRARY.so [VERSION]   (VERSION defaults to GLIBCXX_3.4.32)
"""
import os
import shutil
import struct
import sys

VER_FLG_WEAK = 0x2
SHT_GNU_VERNEED = 0x6FFFFFFE
SHT_GNU_VERSYM = 0x6FFFFFFF
SHT_RELA = 4


def fail(message):
    sys.exit(f"patch-glibcxx-weak: {message}")


def main():
    if len(sys.argv) not in (2, 3):
        fail(__doc__.strip().splitlines()[-1])
    path = sys.argv[1]
    wanted = (sys.argv[2] if len(sys.argv) == 3 else "GLIBCXX_3.4.32").encode()
    if os.stat(path).st_nlink > 1:
        # A hard link may share its data with the NuGet cache: patch a private copy instead.
        private = path + ".private"
        shutil.copyfile(path, private)
        shutil.copystat(path, private)
        os.replace(private, path)
    with open(path, "r+b") as f:
        data = bytearray(f.read())
        if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
            fail(f"{path} is not a 64-bit little-endian ELF file")
        shoff, = struct.unpack_from("<Q", data, 0x28)
        shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
        sections = []
        for i in range(shnum):
            name, kind, _flags, _addr, offset, size, link, info = struct.unpack_from("<IIQQQQII", data, shoff + i * shentsize)
            sections.append((kind, offset, size, link, info))
        verneed = [s for s in sections if s[0] == SHT_GNU_VERNEED]
        if len(verneed) != 1:
            fail(f"{path}: expected one .gnu.version_r section, found {len(verneed)}")
        _, offset, _, strtab_index, count = verneed[0]
        strtab = sections[strtab_index][1]

        def string(at):
            end = data.index(b"\0", strtab + at)
            return bytes(data[strtab + at:end])

        found = None
        entry = offset
        for _ in range(count):
            _version, aux_count, _file, aux, next_entry = struct.unpack_from("<HHIII", data, entry)
            at = entry + aux
            for _ in range(aux_count):
                _hash, flags, other, name, next_aux = struct.unpack_from("<IHHII", data, at)
                if string(name) == wanted:
                    found = (at, flags, other)
                at += next_aux
            entry += next_entry
        if found is None:
            fail(f"{path}: no requirement of {wanted.decode()} (layout changed? check the TorchSharp version)")
        at, flags, version_index = found
        # A symbol of that version that a relocation binds would stay unresolved once the requirement is weak: refuse.
        users = set()
        for kind, sym_offset, size, _, _ in sections:
            if kind == SHT_GNU_VERSYM:
                users |= {i for i in range(size // 2) if struct.unpack_from("<H", data, sym_offset + 2 * i)[0] & 0x7FFF == version_index}
        for kind, rel_offset, size, _, _ in sections:
            if kind == SHT_RELA:
                for i in range(size // 24):
                    symbol = struct.unpack_from("<Q", data, rel_offset + 24 * i + 8)[0] >> 32
                    if symbol in users:
                        fail(f"{path}: a relocation uses symbol {symbol} of {wanted.decode()}; marking it weak is not safe")
        if flags & VER_FLG_WEAK:
            print(f"patch-glibcxx-weak: {path}: {wanted.decode()} already weak")
            return
        struct.pack_into("<H", data, at + 4, flags | VER_FLG_WEAK)
        f.seek(at + 4)
        f.write(data[at + 4:at + 6])
        print(f"patch-glibcxx-weak: {path}: {wanted.decode()} marked weak")


if __name__ == "__main__":
    main()

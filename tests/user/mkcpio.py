#!/usr/bin/env python3
# SPDX-License-Identifier: MIT OR Apache-2.0
"""Packs files into a cpio "newc" archive (magic 070701, as Linux's
initramfs) for the rvmmu firmware's initrd:

    ./mkcpio.py OUT.cpio out/spawn out/hello

Each file is stored under its base name (mode 0100755), in the order
given, then the TRAILER!!! entry. Reproducible: mtime, uid, gid are 0.
"""
import os
import sys


def entry(name, data, ino, mode):
    name_b = name.encode() + b"\0"
    fields = [ino, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0, len(name_b), 0]
    hdr = b"070701" + b"".join(b"%08x" % f for f in fields)
    out = hdr + name_b
    out += b"\0" * (-len(out) % 4)
    out += data
    out += b"\0" * (-len(out) % 4)
    return out


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    blob = b""
    for i, path in enumerate(sys.argv[2:], 1):
        with open(path, "rb") as f:
            blob += entry(os.path.basename(path), f.read(), i, 0o100755)
    blob += entry("TRAILER!!!", b"", 0, 0)
    with open(sys.argv[1], "wb") as f:
        f.write(blob)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Copies the CMS files MedPayIQ packages from the shared data folder into the repository.

Run by a maintainer when a new CMS release is added (never at build or test time), naming the folder of CMS files
(the workplace's shared data folder, laid out as its SOURCES.md describes):

    python3 eng/prepare-data.py <shared-data-folder>

CPT descriptors (AMA copyright) and CDT descriptors (ADA copyright) are blanked; codes, numbers and HCPCS Level II
descriptors are kept byte for byte. Everything else in each file is unchanged. The sha256 of the original and of the
copy are printed for PROVENANCE.md.
"""
import hashlib
import os
import sys

if len(sys.argv) != 2:
    sys.exit("usage: prepare-data.py <shared-data-folder>")
SRC = sys.argv[1]
HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "src", "MedPayIQ.Pricing.Data", "cms")
TESTS = os.path.join(HERE, "..", "tests", "MedPayIQ.Pricing.Tests", "data")


def copyrighted(code: bytes) -> bool:
    """CPT (starts with a digit) and CDT (Dxxxx) descriptors are copyrighted; other HCPCS Level II are public."""
    return len(code) > 0 and (code[:1].isdigit() or code[:1] == b"D")


def blank_csv(data: bytes) -> bytes:
    out = []
    in_data = False
    for line in data.split(b"\n"):
        if not in_data:
            out.append(line)
            if line.startswith(b"HCPCS,MOD,"):
                in_data = True
            continue
        first = line.find(b",")
        second = line.find(b",", first + 1) if first >= 0 else -1
        if second < 0 or not copyrighted(line[:first].strip()):
            out.append(line)
            continue
        start = second + 1
        if line[start:start + 1] == b'"':
            i = start + 1
            while True:
                q = line.find(b'"', i)
                if line[q + 1:q + 2] == b'"':
                    i = q + 2
                    continue
                end = q + 1
                break
        else:
            end = line.find(b",", start)
        out.append(line[:start] + line[end:])
    return b"\n".join(out)


def blank_txt(data: bytes) -> bytes:
    out = []
    for line in data.split(b"\n"):
        if not line.startswith(b"HDR") and len(line) >= 57 and copyrighted(line[:5].strip()):
            line = line[:7] + b" " * 50 + line[57:]
        out.append(line)
    return b"\n".join(out)


def sha(b: bytes) -> str:
    return hashlib.sha256(b).hexdigest()


def copy(src_rel: str, dest_dir: str, name: str, transform=None):
    with open(os.path.join(SRC, src_rel), "rb") as f:
        original = f.read()
    copy_bytes = transform(original) if transform else original
    os.makedirs(dest_dir, exist_ok=True)
    with open(os.path.join(dest_dir, name), "wb") as f:
        f.write(copy_bytes)
    print(f"{os.path.relpath(os.path.join(dest_dir, name), os.path.join(HERE, '..'))}\n  original {src_rel} sha256 {sha(original)} ({len(original)} bytes)\n  copy sha256 {sha(copy_bytes)} ({len(copy_bytes)} bytes)")


copy("mpfs/2025/rvu25a/PPRRVU25_JAN1.excel-resaved.csv", os.path.join(DATA, "RVU25A"), "PPRRVU25_JAN1.excel-resaved.csv", blank_csv)
copy("mpfs/2025/rvu25d/PPRRVU2025_Oct.csv", os.path.join(DATA, "RVU25D"), "PPRRVU2025_Oct.csv", blank_csv)
copy("mpfs/2026/rvu26c/PPRRVU2026_Jul_nonQPP.csv", os.path.join(DATA, "RVU26C"), "PPRRVU2026_Jul_nonQPP.csv", blank_csv)
copy("mpfs/2026/rvu26c/GPCI2026.csv", os.path.join(DATA, "RVU26C"), "GPCI2026.csv")
# RVU26A complete (both schedules), and RVU26B's one file; the 2026 GPCI, LOCCO, ANES and OPPSCAP_Jan files of RVU26A
# serve both (RVU26B's own were not found: its provenance says so).
copy("mpfs/2026/rvu26a/PPRRVU2026_Jan_nonQPP.csv", os.path.join(DATA, "RVU26A"), "PPRRVU2026_Jan_nonQPP.csv", blank_csv)
copy("mpfs/2026/rvu26a/PPRRVU2026_Jan_QPP.csv", os.path.join(DATA, "RVU26A"), "PPRRVU2026_Jan_QPP.csv", blank_csv)
copy("mpfs/2026/rvu26b/PPRRVU2026_Apr_nonQPP.txt", os.path.join(DATA, "RVU26B"), "PPRRVU2026_Apr_nonQPP.txt", blank_txt)
for f in ["GPCI2026.csv", "26LOCCO.csv", "ANES2026.csv", "OPPSCAP_Jan.csv"]:
    copy("mpfs/2026/rvu26a/" + f, os.path.join(DATA, "2026"), f)
for f in ["GPCI2025.csv", "25LOCCO.csv", "ANES2025.csv", "OPPSCAP_Oct.csv"]:
    copy("mpfs/2025/rvu25d/" + f, os.path.join(DATA, "2025"), f)
copy("mpfs/2025/zip_locality/ZIP5_OCT2025.txt", os.path.join(DATA, "zip"), "ZIP5_OCT2025.txt")
# Test-only copies: the fixed-width RVU file and CMS's own payment amounts (the calculator's oracle).
copy("mpfs/2025/rvu25d/PPRRVU2025_Oct.txt", TESTS, "PPRRVU2025_Oct.txt", blank_txt)
copy("mpfs/2025/pfrev/PFREV25C.txt", TESTS, "PFREV25C.txt")
copy("mpfs/2025/pfall-sample/PFCA25A.sample.txt", TESTS, "PFCA25A.sample.txt")


# ---- The other Part B fee schedules (issue 21): CLFS, DMEPOS and, for loader tests only, the unverified ASP file ----

def blank_clfs_csv(data: bytes) -> bytes:
    """CLFS CSV: YEAR,HCPCS,MOD,EFF_DATE,INDICATOR,RATE,SHORTDESC,LONGDESC,EXTENDEDLONGDESC. The six first fields hold
    no comma or quote; a CPT code's three descriptors are emptied (the commas kept)."""
    out, in_data = [], False
    for line in data.split(b"\n"):
        cr = line.endswith(b"\r")
        body = line[:-1] if cr else line
        if in_data:
            fields = body.split(b",", 6)
            if len(fields) == 7 and copyrighted(fields[1].strip()):
                body = b",".join(fields[:6]) + b",,,"
        elif body.startswith(b"YEAR,HCPCS,"):
            in_data = True
        out.append(body + (b"\r" if cr else b""))
    return b"\n".join(out)


def blank_clfs_txt(data: bytes) -> bytes:
    """CLFS tilde-delimited text: YEAR~HCPCS~MOD~EFF_DATE~INDICATOR~RATE~SHORTDESC; a CPT code's SHORTDESC is emptied."""
    out, in_data = [], False
    for line in data.split(b"\n"):
        cr = line.endswith(b"\r")
        body = line[:-1] if cr else line
        if in_data:
            fields = body.split(b"~", 6)
            if len(fields) == 7 and copyrighted(fields[1].strip()):
                body = b"~".join(fields[:6]) + b"~"
        elif body.startswith(b"YEAR~HCPCS~"):
            in_data = True
        out.append(body + (b"\r" if cr else b""))
    return b"\n".join(out)


def blank_asp_csv(data: bytes) -> bytes:
    """ASP CSV: HCPCS Code,Short Description,...; a CPT code's short description (field 2, maybe quoted) is emptied."""
    out, in_data = [], False
    for line in data.split(b"\n"):
        if in_data:
            first = line.find(b",")
            if first > 0 and copyrighted(line[:first].strip()):
                start = first + 1
                if line[start:start + 1] == b'"':
                    i = start + 1
                    while True:
                        q = line.find(b'"', i)
                        if line[q + 1:q + 2] == b'"':
                            i = q + 2
                            continue
                        end = q + 1
                        break
                else:
                    end = line.find(b",", start)
                line = line[:start] + line[end:]
        elif line.startswith(b"HCPCS Code,"):
            in_data = True
        out.append(line)
    return b"\n".join(out)


def unzip_member(zip_rel: str, member: str) -> str:
    import tempfile
    import zipfile
    tmp = tempfile.mkdtemp()
    with zipfile.ZipFile(os.path.join(SRC, zip_rel)) as z:
        z.extract(member, tmp)
    return os.path.join(tmp, member)


copy("clfs/2025/CLFS 2025 Q2V1.csv", os.path.join(DATA, "CLFS"), "CLFS 2025 Q2V1.csv", blank_clfs_csv)
for member, blank in [("PUF_CLFS_CY2026_Q2V1.csv", blank_clfs_csv), ("PUF_CLFS_CY2026_Q2V1.txt", blank_clfs_txt)]:
    SRC_SAVED = SRC
    extracted = unzip_member("clfs/2026/clfs-cy2026-q2v1.zip", member)
    SRC = os.path.dirname(extracted)
    copy(member, os.path.join(DATA, "CLFS") if member.endswith(".csv") else TESTS, member, blank)
    SRC = SRC_SAVED
copy("dmepos/2025/DMEPOS25_APR.csv", os.path.join(DATA, "DMEPOS"), "DMEPOS25_APR.csv")
copy("dmepos/2025/DMEZIPCodeQuarter2-2025.csv", os.path.join(DATA, "DMEPOS"), "DMEZIPCodeQuarter2-2025.csv")
copy("dmepos/2026/DME Rural ZIP Code Quarter 1 2026.csv", TESTS, "DME Rural ZIP Code Quarter 1 2026.csv")
copy("asp-unverified/July 2026 ASP Pricing File.RECONSTRUCTED.csv", os.path.join(TESTS, "asp-unverified"), "July 2026 ASP Pricing File.RECONSTRUCTED.csv", blank_asp_csv)
copy("dmepos/2025/formerCBA_APR2025.csv", os.path.join(DATA, "DMEPOS"), "formerCBA_APR2025.csv")

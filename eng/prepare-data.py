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


def field_end(line: bytes, start: int) -> int:
    """Where the CSV field that starts at start ends (its closing quote's next byte when quoted, "" inside it), or -1."""
    if line[start:start + 1] != b'"':
        return line.find(b",", start)
    i = start + 1
    while True:
        q = line.find(b'"', i)
        if line[q + 1:q + 2] != b'"':
            return q + 1
        i = q + 2


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
        out.append(line[:start] + line[field_end(line, start):])
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


def read_source(src_rel: str) -> bytes:
    with open(os.path.join(SRC, src_rel), "rb") as f:
        return f.read()


def report(out_path: str, src_rel: str, original: bytes, copy_bytes: bytes, what: str = "copy", note: str = ""):
    """The lines PROVENANCE.md takes: the file written, the original's and the copy's sha256 and sizes."""
    print(f"{os.path.relpath(out_path, os.path.join(HERE, '..'))}\n  original {src_rel} sha256 {sha(original)} ({len(original)} bytes)\n  {what} sha256 {sha(copy_bytes)} ({len(copy_bytes)} bytes){note}")


def write(src_rel: str, original: bytes, dest_dir: str, name: str, data: bytes, what: str = "copy"):
    os.makedirs(dest_dir, exist_ok=True)
    with open(os.path.join(dest_dir, name), "wb") as f:
        f.write(data)
    report(os.path.join(dest_dir, name), src_rel, original, data, what)


def copy(src_rel: str, dest_dir: str, name: str, transform=None):
    original = read_source(src_rel)
    write(src_rel, original, dest_dir, name, transform(original) if transform else original)


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

def blank_clfs(separator: bytes, descriptors: int):
    """A CLFS file's blanking: after its header (YEAR, HCPCS...), rows of YEAR, HCPCS, MOD, EFF_DATE, INDICATOR, RATE
    (six fields that hold no separator or quote) and then descriptors; a CPT code's descriptors are emptied (their
    separators kept). CMS's CSV has three descriptors, its tilde-delimited text one (SHORTDESC)."""
    header = b"YEAR" + separator + b"HCPCS" + separator

    def blank(data: bytes) -> bytes:
        out, in_data = [], False
        for line in data.split(b"\n"):
            cr = line.endswith(b"\r")
            body = line[:-1] if cr else line
            if in_data:
                fields = body.split(separator, 6)
                if len(fields) == 7 and copyrighted(fields[1].strip()):
                    body = separator.join(fields[:6]) + separator * descriptors
            elif body.startswith(header):
                in_data = True
            out.append(body + (b"\r" if cr else b""))
        return b"\n".join(out)
    return blank


blank_clfs_csv = blank_clfs(b",", 3)  # YEAR,HCPCS,MOD,EFF_DATE,INDICATOR,RATE,SHORTDESC,LONGDESC,EXTENDEDLONGDESC
blank_clfs_txt = blank_clfs(b"~", 1)  # YEAR~HCPCS~MOD~EFF_DATE~INDICATOR~RATE~SHORTDESC


def blank_asp_csv(data: bytes) -> bytes:
    """ASP CSV: HCPCS Code,Short Description,...; a CPT code's short description (field 2, maybe quoted) is emptied."""
    out, in_data = [], False
    for line in data.split(b"\n"):
        if in_data:
            first = line.find(b",")
            if first > 0 and copyrighted(line[:first].strip()):
                start = first + 1
                line = line[:start] + line[field_end(line, start):]
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


# ---- Workbooks (issue 21): CLFS 2026 Q1 (only its workbook was found), DMEPOS January 2026, PEN January 2026 ----
# Packaged as CSV (CMS's CSV layout: title rows, header, rows; row N of the sheet on line N) so the packaged data is
# read by the CSV loaders; numbers as Excel shows them (15 significant digits: the workbook stores 10.56 as
# 10.5600000000000005). The loaders' own workbook reader gives the same rows (PackagedDataTests checks it).

def xlsx_cells(path: str):
    """The first sheet's rows: {row number: {0-based column: text}}, shared strings resolved, numbers as Excel shows them."""
    import re
    import zipfile
    from decimal import Decimal
    from xml.etree import ElementTree as ET
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(path) as z:
        strings = []
        if "xl/sharedStrings.xml" in z.namelist():
            for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", ns):
                runs = si.findall("m:t", ns) + [t for r in si.findall("m:r", ns) for t in r.findall("m:t", ns)]
                strings.append("".join(t.text or "" for t in runs))  # phonetic runs (rPh) left out
        sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
    rows = {}
    for row in sheet.find("m:sheetData", ns).findall("m:row", ns):
        cells = {}
        for c in row.findall("m:c", ns):
            ref = c.get("r")
            letters = re.match(r"[A-Z]+", ref).group(0)
            col = 0
            for ch in letters:
                col = col * 26 + ord(ch) - 64
            v = c.find("m:v", ns)
            text = "" if v is None else v.text or ""
            if c.get("t") == "s" and text:
                text = strings[int(text)]
            elif c.get("t") in (None, "n") and text:
                g = format(float(text), ".15g")
                text = format(Decimal(g), "f") if "e" in g else g
            cells[col - 1] = text.replace("\r", " ").replace("\n", " ")
        rows[int(row.get("r"))] = cells
    return rows


def csv_field(text: str) -> str:
    return '"' + text.replace('"', '""') + '"' if any(ch in text for ch in ',"') else text


def xlsx_to_csv(rows, blank_columns=(), code_column=None, header_first=None) -> bytes:
    """CSV of the sheet's rows (CRLF, as CMS's CSVs); after the header row (its first cell header_first), the columns
    named in blank_columns are emptied on rows whose code (code_column) is a CPT or CDT code."""
    out, header, blank = [], False, set()
    last = max(rows)
    width = max((max(c) + 1 for c in rows.values() if c), default=0)
    for n in range(1, last + 1):
        cells = rows.get(n, {})
        values = [cells.get(i, "") for i in range(width)]
        if header and code_column is not None and copyrighted(values[code_column].strip().encode()):
            values = ["" if i in blank else v for i, v in enumerate(values)]
        if not header and values and values[0] == header_first:
            header = True
            blank = {i for i, v in enumerate(values) if v in blank_columns}
        out.append(",".join(csv_field(v) for v in values).rstrip(",") if not header or not any(values) else ",".join(csv_field(v) for v in values))
    return ("\r\n".join(out) + "\r\n").encode("utf-8")


def copy_workbook_as_csv(src_rel: str, dest_dir: str, name: str, **kw):
    write(src_rel, read_source(src_rel), dest_dir, name, xlsx_to_csv(xlsx_cells(os.path.join(SRC, src_rel)), **kw), "CSV of its sheet")


def blank_workbook(src_rel: str, dest_dir: str, name: str, descriptor_headers, header_first: str, code_header: str):
    """A copy of a workbook whose shared strings used only as a CPT code's descriptors are emptied (for tests of the
    workbook reader on CMS's own file; every other byte of every other part is unchanged)."""
    import re
    import zipfile
    path = os.path.join(SRC, src_rel)
    original = read_source(src_rel)
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: (i, z.read(i.filename)) for i in z.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"][1].decode("utf-8")
    strings_xml = parts["xl/sharedStrings.xml"][1].decode("utf-8")
    items = re.findall(r"<si>.*?</si>", strings_xml, re.S)
    texts = [re.sub(r"<[^>]+>", "", s) for s in items]
    header_cols, code_col, cpt, kept = {}, None, set(), set()
    for rnum, body in re.findall(r'<row r="(\d+)"[^>]*>(.*?)</row>', sheet, re.S):
        cells = {}
        for ref, attrs, v in re.findall(r'<c r="([A-Z]+)\d+"([^>]*?)(?:/>|>(?:<v>([^<]*)</v>)?</c>)', body):
            if v:
                cells[ref] = (int(v), True) if 't="s"' in attrs else (v, False)
        if not header_cols:
            if any(s and texts[v] == header_first for v, s in cells.values()) and cells.get("A", (None, False))[1] and texts[cells["A"][0]] == header_first:
                header_cols = {ref: texts[v] for ref, (v, s) in cells.items() if s}
                code_col = next(ref for ref, h in header_cols.items() if h == code_header)
            continue
        code = cells.get(code_col)
        code_text = (texts[code[0]] if code[1] else code[0]) if code else ""
        for ref, (v, s) in cells.items():
            if s and header_cols.get(ref) in descriptor_headers:
                (cpt if copyrighted(code_text.strip().encode()) else kept).add(v)
            elif s:
                kept.add(v)
    blank = cpt - kept
    new_items = ["<si><t></t></si>" if i in blank else s for i, s in enumerate(items)]
    start = strings_xml.index("<si>")
    end = strings_xml.rindex("</si>") + len("</si>")
    strings_new = (strings_xml[:start] + "".join(new_items) + strings_xml[end:]).encode("utf-8")
    os.makedirs(dest_dir, exist_ok=True)
    out_path = os.path.join(dest_dir, name)
    with zipfile.ZipFile(out_path, "w", zipfile.ZIP_DEFLATED) as out:
        for fname, (info, data) in parts.items():
            out.writestr(info, strings_new if fname == "xl/sharedStrings.xml" else data)
    with open(out_path, "rb") as f:
        copy_bytes = f.read()
    report(out_path, src_rel, original, copy_bytes, note=f"; {len(blank)} CPT descriptor strings emptied")


CLFS_DESCRIPTORS = ("SHORTDESC", "LONGDESC", "EXTENDEDLONGDESC")
copy_workbook_as_csv("clfs/2026/CLFS 2026 Q1V1.xlsx", os.path.join(DATA, "CLFS"), "CLFS 2026 Q1V1.csv",
                     blank_columns=CLFS_DESCRIPTORS, code_column=1, header_first="YEAR")
copy_workbook_as_csv("dmepos/2026/DMEPOS26_JAN.xlsx", os.path.join(DATA, "DMEPOS"), "DMEPOS26_JAN.csv", header_first="HCPCS")
copy_workbook_as_csv("dmepos/2026/DMEPEN26_JAN.xlsx", os.path.join(DATA, "DMEPOS"), "DMEPEN26_JAN.csv", header_first="HCPCS")
copy("dmepos/2026/DME Rural ZIP Code Quarter 1 2026.csv", os.path.join(DATA, "DMEPOS"), "DME Rural ZIP Code Quarter 1 2026.csv")
# Test copies of the workbooks themselves (the workbook reader's golden tests): HCPCS Level II descriptors are public;
# the CLFS workbook's CPT descriptors are emptied in its shared strings.
blank_workbook("clfs/2026/CLFS 2026 Q1V1.xlsx", TESTS, "CLFS 2026 Q1V1.xlsx", CLFS_DESCRIPTORS, "YEAR", "HCPCS")
copy("dmepos/2026/DMEPOS26_JAN.xlsx", TESTS, "DMEPOS26_JAN.xlsx")
copy("dmepos/2026/DMEPEN26_JAN.xlsx", TESTS, "DMEPEN26_JAN.xlsx")

#!/usr/bin/python3
"""Hostile and maximal roster files for the reader-memory test, written as raw XLSX
parts with zipfile so every byte is under control:
  xfd.xlsx         one cell in column XFD on each of 20,000 rows (~100 KB)
  bomb.xlsx        one 300 MB shared string used by 45 cells (~300 KB compressed)
  string.xlsx      one 1 MB shared string used by 45 cells (under the part limit, over a cell's)
  parts-bomb.xlsx  a 330 MB sheet part of empty cells (compressed ~1 MB)
  max.xlsx         a valid roster at the limits: 100,000 rows, 10 columns, ~30 MB of text
  max.csv          its first five columns as CSV, ~5 MB
  dense.csv        119,999 short valid rows, the most a roster may have (~5 MB)
usage: make_hostile_rosters.py OUTDIR"""
import os
import sys
import zipfile

W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def id_number(seventeen):
    return seventeen + "10X98765432"[sum(int(d) * w for d, w in zip(seventeen, W)) % 11]


CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="xml" ContentType="application/xml"/></Types>')
WORKBOOK = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
SHEET_TAIL = '</sheetData></worksheet>'


def xlsx(path, sheet_chunks, shared_chunks=None):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", RELS)
        if shared_chunks is not None:
            with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
                for c in shared_chunks:
                    f.write(c.encode())
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            for c in sheet_chunks:
                f.write(c.encode())


def xfd():
    yield SHEET_HEAD
    for r in range(1, 20001):
        yield '<row r="%d"><c r="XFD%d" t="inlineStr"><is><t>x</t></is></c></row>' % (r, r)
    yield SHEET_TAIL


def bomb_shared(megabytes=300):
    yield '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
    block = "A" * (1 << 20)
    for _ in range(megabytes):
        yield block
    yield "</t></si></sst>"


def bomb_sheet():
    yield SHEET_HEAD
    for r in range(1, 46):
        yield '<row r="%d"><c r="A%d" t="s"><v>0</v></c></row>' % (r, r)
    yield SHEET_TAIL


def parts_bomb():
    yield SHEET_HEAD + '<row r="1">'
    block = '<c r="A1" s="0"/>' * 65536
    for _ in range(300):  # 330 MB of cells without values
        yield block
    yield '</row>' + SHEET_TAIL


HEAD = ["学号", "姓名", "性别", "身份证号", "学历层次", "班级", "专业", "电话", "地址", "备注"]


def max_rows():
    for i in range(99999):
        idn = id_number("3703031990%07d" % i)
        yield ["S%07d" % i, "张伟", "男" if int(idn[16]) % 2 else "女", idn, "高起专", "成教2021级%03d班" % (i % 1000),
               "计算机科学与技术", "1380000%04d" % (i % 10000), "山东省淄博市张店区新村西路%d号" % i, "备注%010d" % i]


def max_sheet():
    yield SHEET_HEAD
    rows = [HEAD] + list(max_rows())
    for r, row in enumerate(rows, 1):
        cells = "".join('<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>' % (chr(65 + c), r, v) for c, v in enumerate(row))
        yield '<row r="%d">%s</row>' % (r, cells)
    yield SHEET_TAIL


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    xlsx(os.path.join(out, "xfd.xlsx"), xfd())
    xlsx(os.path.join(out, "bomb.xlsx"), bomb_sheet(), bomb_shared())
    xlsx(os.path.join(out, "string.xlsx"), bomb_sheet(), bomb_shared(1))
    xlsx(os.path.join(out, "parts-bomb.xlsx"), parts_bomb())
    xlsx(os.path.join(out, "max.xlsx"), max_sheet())
    with open(os.path.join(out, "dense.csv"), "w", encoding="utf-8") as f:
        f.write("学号,姓名,性别,身份证号,学历层次\n")
        for i in range(119999):
            f.write("D%06d,李娜,,%s,高起专\n" % (i, id_number("4401061985%07d" % i)))
    with open(os.path.join(out, "max.csv"), "w", encoding="utf-8") as f:
        f.write(",".join(HEAD[:5]) + "\n")
        for row in max_rows():
            f.write(",".join(row[:5]) + "\n")


if __name__ == "__main__":
    main()

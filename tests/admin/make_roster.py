#!/usr/bin/env python3
"""Writes a roster CSV of N students with valid 18-digit ID numbers (GB 11643 check digit), for
tests that need a large roster: make_roster.py N OUT.csv [FIRST_STUDENT_NUMBER]."""
import sys

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"


def id_number(i: int) -> str:
    # Sequence digits 15–17 and the birth date together differ per student.
    body = "370303" + f"{1990 + (i // 1000) % 30}" + f"{1 + (i // 28) % 12:02d}" + f"{1 + i % 28:02d}" + f"{i % 1000:03d}"
    return body + CHECK[sum(int(d) * w for d, w in zip(body, WEIGHTS)) % 11]


def main() -> None:
    n, out = int(sys.argv[1]), sys.argv[2]
    first = int(sys.argv[3]) if len(sys.argv) > 3 else 202500001
    seen = set()
    with open(out, "w", encoding="utf-8") as f:
        f.write("学号,姓名,性别,身份证号,学历层次\n")
        for i in range(n):
            ident = id_number(i)
            assert ident not in seen
            seen.add(ident)
            gender = "男" if int(ident[16]) % 2 else "女"
            # Names are letters only (digits are refused): spell i with 10 characters.
            name = "学生" + "".join("零一二三四五六七八九"[int(d)] for d in f"{i:05d}")
            f.write(f"{first + i},{name},{gender},{ident},高起专\n")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""A generated roster for the soak test: make_roster.py COUNT OUT.csv

COUNT students with distinct student numbers, names and GB 11643 ID numbers (valid birth dates,
the 17th digit's parity matching the gender column, the right check digit), in the columns of
config/roster-example.csv. The card emulator plays the same file (--roster), so every card read
matches its roster row. Deterministic: the same COUNT gives the same file."""
import datetime
import random
import sys

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国晨宇浩然欣怡子涵梓轩思雨嘉琪博文"
LEVELS = ("高起专", "专升本", "高起本")
REGIONS = ("370303", "370302", "370305", "370102", "110105", "320106")


def check_digit(first17: str) -> str:
    return CHECK[sum(int(d) * w for d, w in zip(first17, WEIGHTS)) % 11]


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    count, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(20261201)
    seen_ids, seen_names = set(), set()
    rows = []
    for i in range(count):
        male = i % 2 == 0
        while True:
            born = datetime.date(1985, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 21))
            seq = rng.randrange(0, 100) * 10 + rng.randrange(0, 10, 2) + (1 if male else 0)
            first17 = f"{rng.choice(REGIONS)}{born:%Y%m%d}{seq:03d}"
            idn = first17 + check_digit(first17)
            if idn not in seen_ids:
                break
        seen_ids.add(idn)
        while True:  # distinct names: a soak that reads the wrong row should not pass by accident
            name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
            if name not in seen_names or len(seen_names) > 50000:
                break
        seen_names.add(name)
        rows.append(f"{202600001 + i},{name},{'男' if male else '女'},{idn},{LEVELS[i % 3]}")
    with open(out, "w", encoding="utf-8") as f:
        f.write("学号,姓名,性别,身份证号,学历层次\n")
        f.write("\n".join(rows) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

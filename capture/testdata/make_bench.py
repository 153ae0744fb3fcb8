#!/usr/bin/env python3
# Usage: python3 make_bench.py MESSAGES MEETINGS (writes bench.mbox, bench.ics here;
# not committed). The persons are those of `contactgraph seed synthetic`
# with its defaults (2000 employees e000000…, 50000 customers c0000000…).
# Generates a benchmark mailbox and calendar over the synthetic network:
# N messages between random employees and customers (1-3 recipients, one
# in ten unknown), M single meetings of three. Plain text, written directly.
import random, sys
from email.utils import format_datetime
from datetime import datetime, timezone, timedelta
n, m = int(sys.argv[1]), int(sys.argv[2])
rnd = random.Random(1)
emp = lambda: "e%06d@corp.example" % rnd.randrange(2000)
cus = lambda: "c%07d@customer.example" % rnd.randrange(50000)
base = datetime(2025, 1, 1, tzinfo=timezone.utc)
with open("bench.mbox", "w") as f:
    for i in range(n):
        a, b = (emp(), cus()) if rnd.random() < 0.5 else (cus(), emp())
        to = [b] + [cus() for _ in range(rnd.randrange(3))]
        if rnd.random() < 0.1: to.append("x%d@unknown.example" % rnd.randrange(10**6))
        d = base + timedelta(minutes=rnd.randrange(600000))
        f.write("From MAILER-DAEMON Mon Jan  1 00:00:00 2026\nFrom: %s\nTo: %s\nSubject: Subject %d\nDate: %s\nMessage-ID: <bench%d@corp.example>\nContent-Type: text/plain\n\nBody line of message %d.\nSecond line.\n\n" % (a, ", ".join(to), i, format_datetime(d), i, i))
with open("bench.ics", "w") as f:
    f.write("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//bench//EN\r\n")
    for i in range(m):
        d = base + timedelta(hours=rnd.randrange(9000))
        f.write("BEGIN:VEVENT\r\nUID:meet%d@corp.example\r\nDTSTAMP:20250101T000000Z\r\nDTSTART:%s\r\nSUMMARY:Meeting %d\r\nORGANIZER:mailto:%s\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:%s\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:%s\r\nEND:VEVENT\r\n" % (i, d.strftime("%Y%m%dT%H%M%SZ"), i, emp(), cus(), cus()))
    f.write("END:VCALENDAR\r\n")

#!/usr/bin/env python3
"""Generate the mail test data of package capture with Python's standard
library only (mailbox, email), so that the Go parsers are checked against
another implementation. Run from this directory: python3 make_mail.py
It writes mail.mbox and single.eml; capture_test.go holds the ground truth.

The subjects and bodies contain the markers SECRET-SUBJECT and
SECRET-BODY-LINE: docs/capture.md promises that neither ever reaches a
store, and the tests search the stores for them.
"""
import mailbox
import os
from email.message import EmailMessage
from email.utils import format_datetime
from datetime import datetime, timezone, timedelta

CET = timezone(timedelta(hours=1))
n = 0


def msg(frm, to, when, cc=None, bcc=None, msgid=True, headers=None, attach=False):
    global n
    n += 1
    m = EmailMessage()
    m["From"] = frm
    m["To"] = to
    if cc:
        m["Cc"] = cc
    if bcc:
        m["Bcc"] = bcc
    m["Subject"] = "SECRET-SUBJECT-%d Angebot Glasfaser" % n
    if isinstance(when, datetime):
        m["Date"] = format_datetime(when)
    elif when is not None:
        m.set_raw("Date", when)  # unparsed: the header registry would drop it
    if msgid:
        m["Message-ID"] = msgid if isinstance(msgid, str) else "<msg%d@nordwerk.example>" % n
    for k, v in (headers or {}).items():
        m[k] = v
    m.set_content("Guten Tag,\nSECRET-BODY-LINE-%d bitte finden Sie anbei das Angebot.\nFrom here on it is a body line.\n" % n)
    if attach:
        m.add_attachment(b"%PDF-1.4 SECRET-ATTACHMENT", maintype="application", subtype="pdf", filename="angebot.pdf")
        m.set_boundary("==boundary-%d==" % n)
    return m


def many(k):
    return ", ".join("person%02d@elsewhere.example" % i for i in range(k))


messages = [
    # 1: Anna writes to Carla (display names, mixed case): email_sent
    msg('"Anna Berg" <Anna.Berg@Nordwerk.example>', "Carla Kunde <carla@KUNDE.example>",
        datetime(2026, 3, 2, 9, 15, tzinfo=CET), attach=True),
    # 2: Carla answers Anna, Cc Ben and an unknown address
    msg("carla@kunde.example", "anna.berg@nordwerk.example",
        datetime(2026, 3, 3, 14, 0, tzinfo=timezone.utc), cc="ben.hof@nordwerk.example, stranger@elsewhere.example"),
    # 3: a newsletter (List-Id): bulk
    msg("anna.berg@nordwerk.example", "carla@kunde.example", datetime(2026, 3, 4, 8, 0, tzinfo=timezone.utc),
        headers={"List-Id": "Nordwerk News <news.nordwerk.example>"}),
    # 4: Precedence: bulk
    msg("anna.berg@nordwerk.example", "dieter@kunde.example", datetime(2026, 3, 4, 9, 0, tzinfo=timezone.utc),
        headers={"Precedence": "bulk"}),
    # 5: 30 recipients: bulk by count
    msg("dieter@kunde.example", "anna.berg@nordwerk.example, " + many(29),
        datetime(2026, 3, 5, 10, 0, tzinfo=timezone.utc)),
    # 6: the same message as 1 in another folder (same Message-ID)
    msg("anna.berg@nordwerk.example", "carla@kunde.example",
        datetime(2026, 3, 2, 9, 15, tzinfo=CET), msgid="<msg1@nordwerk.example>"),
    # 7: no Message-ID: skipped
    msg("anna.berg@nordwerk.example", "carla@kunde.example", datetime(2026, 3, 6, 10, 0, tzinfo=timezone.utc), msgid=False),
    # 8: a malformed Date: skipped
    msg("anna.berg@nordwerk.example", "carla@kunde.example", "yesterday at noon"),
    # 9: Ben to Anna: two employees
    msg("ben.hof@nordwerk.example", "anna.berg@nordwerk.example", datetime(2026, 3, 7, 16, 30, tzinfo=timezone.utc)),
    # 10: Carla to Dieter (two customers), Bcc Anna
    msg("carla@kunde.example", "dieter@kunde.example", datetime(2026, 3, 8, 11, 0, tzinfo=timezone.utc),
        bcc="anna.berg@nordwerk.example"),
    # 11: Ben to Dieter
    msg("ben.hof@nordwerk.example", "dieter@kunde.example", datetime(2026, 3, 9, 12, 0, tzinfo=timezone.utc)),
]

path = "mail.mbox"
if os.path.exists(path):
    os.remove(path)
box = mailbox.mbox(path, create=True)
for m in messages:
    mm = mailbox.mboxMessage(m)
    mm.set_from("MAILER-DAEMON", (2026, 3, 10, 0, 0, 0, 0, 1, 0))
    box.add(mm)
box.flush()
box.close()

# 12: a single message as .eml, with an HTML alternative and an attachment
m = EmailMessage()
m["From"] = "Dieter Kunde <dieter@kunde.example>"
m["To"] = "ben.hof@nordwerk.example"
m["Subject"] = "SECRET-SUBJECT-EML Rückfrage"
m["Date"] = format_datetime(datetime(2026, 3, 11, 7, 45, tzinfo=timezone.utc))
m["Message-ID"] = "<eml12@kunde.example>"
m.set_content("SECRET-BODY-LINE-EML Können Sie mich zurückrufen?\n")
m.add_alternative("<p>SECRET-BODY-LINE-EML Können Sie mich zurückrufen?</p>", subtype="html")
m.set_boundary("==alt-boundary==")
with open("single.eml", "wb") as f:
    f.write(bytes(m))

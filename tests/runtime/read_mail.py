"""Reads the messages smtp_server.py wrote, as a person's mail program would: one block per
message, in arrival order, with the envelope recipients, the headers decoded (RFC 2047) and the
body decoded from its transfer encoding and charset.

    python3 read_mail.py FOLDER
"""

import email
import email.policy
import os
import sys


def main():
    folder = sys.argv[1]
    out = []
    for name in sorted(f for f in os.listdir(folder) if f.endswith(".eml")):
        with open(os.path.join(folder, name), "rb") as f:
            msg = email.message_from_binary_file(f, policy=email.policy.default)
        out.append("envelope: " + ", ".join(msg.get_all("X-Envelope-To", [])))
        for h in ("From", "To", "Date", "Subject", "Message-ID", "X-Dondoc-Escalation", "Content-Type", "Content-Transfer-Encoding"):
            out.append("%s: %s" % (h, msg[h]))
        out.append(msg.get_content().replace("\r\n", "\n").rstrip("\n"))  # CRLF is the line end on the wire
        out.append("")
    sys.stdout.buffer.write("\n".join(out).encode("utf-8"))


if __name__ == "__main__":
    main()

"""A mail server for the mail tests: aiosmtpd on 127.0.0.1, every message accepted is written to
a folder as NNNNNN.eml, its envelope recipients first as `X-Envelope-To:` lines.

    python3 smtp_server.py FOLDER PORT_FILE [PORT]

Listens on PORT (0 or absent: a port the kernel picks), writes the port to PORT_FILE once it
listens, and serves until killed. `--refuse ADDRESS` answers 550 for that recipient;
`--auth USER:PASSWORD` requires that login (AUTH PLAIN or LOGIN, without TLS: loopback only).
"""

import asyncio
import logging
import os
import sys
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Folder:
    def __init__(self, folder, refused):
        self.folder = folder
        self.refused = refused

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        n = len([f for f in os.listdir(self.folder) if f.endswith(".eml")])
        path = os.path.join(self.folder, "%06d.eml" % n)
        head = "".join("X-Envelope-To: %s\r\n" % a for a in envelope.rcpt_tos)
        with open(path + ".tmp", "wb") as f:
            f.write(head.encode("ascii") + envelope.original_content)
        os.rename(path + ".tmp", path)  # a reader never sees half a message
        return "250 Message accepted"


def main():
    # AUTH without TLS is what a loopback test wants: keep aiosmtpd's warnings about it quiet.
    warnings.simplefilter("ignore")
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    args = sys.argv[1:]
    refused = set()
    while "--refuse" in args:
        i = args.index("--refuse")
        refused.add(args[i + 1])
        del args[i : i + 2]
    auth = None
    if "--auth" in args:
        i = args.index("--auth")
        auth = args[i + 1].encode("utf-8").split(b":", 1)
        del args[i : i + 2]
    folder, port_file = args[0], args[1]
    port = int(args[2]) if len(args) > 2 else 0
    os.makedirs(folder, exist_ok=True)
    loop = asyncio.new_event_loop()
    handler = Folder(folder, refused)
    def check(server, session, envelope, mechanism, data):
        ok = isinstance(data, LoginPassword) and [data.login, data.password] == auth
        return AuthResult(success=ok, handled=False)

    def smtp():
        if auth is None:
            return SMTP(handler, decode_data=False, enable_SMTPUTF8=True)
        return SMTP(handler, decode_data=False, enable_SMTPUTF8=True, authenticator=check, auth_required=True, auth_require_tls=False)

    server = loop.run_until_complete(loop.create_server(smtp, "127.0.0.1", port, reuse_address=True))
    with open(port_file + ".tmp", "w") as f:
        f.write(str(server.sockets[0].getsockname()[1]))
    os.rename(port_file + ".tmp", port_file)
    loop.run_forever()


if __name__ == "__main__":
    main()

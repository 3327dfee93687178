"""A tiny IMAP4rev1 server on 127.0.0.1 for tests: just the commands `putright.notifications.inbound.imap` sends."""

from __future__ import annotations

import re
import socketserver
import threading
from dataclasses import dataclass, field


@dataclass
class StoredMessage:
    uid: int
    raw: bytes
    flags: set[str] = field(default_factory=set)


class FakeMailbox:
    def __init__(self, messages: list[bytes], *, with_move: bool = True) -> None:
        self.folders: dict[str, list[StoredMessage]] = {
            "INBOX": [StoredMessage(number + 1, raw) for number, raw in enumerate(messages)]
        }
        self.with_move = with_move
        self.commands: list[str] = []
        self.lock = threading.Lock()

    def inbox(self) -> list[StoredMessage]:
        return self.folders["INBOX"]


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    def send(self, line: bytes) -> None:
        self.wfile.write(line + b"\r\n")

    def handle(self) -> None:
        mailbox = self.server.mailbox
        selected = "INBOX"
        self.send(b"* OK fake IMAP ready")
        while line := self.rfile.readline():
            tag, _, rest = line.decode().strip().partition(" ")
            command, _, args = rest.partition(" ")
            command = command.upper()
            with mailbox.lock:
                mailbox.commands.append(f"{command} {args}".strip())
                if command == "CAPABILITY":
                    self.send(b"* CAPABILITY IMAP4rev1" + (b" MOVE" if mailbox.with_move else b""))
                elif command == "SELECT":
                    selected = args.strip('"')
                    self.send(f"* {len(mailbox.folders.setdefault(selected, []))} EXISTS".encode())
                elif command == "UID":
                    self._uid(mailbox, selected, args)
                elif command == "EXPUNGE":
                    mailbox.folders[selected] = [m for m in mailbox.folders[selected] if "\\Deleted" not in m.flags]
                elif command == "LOGOUT":
                    self.send(b"* BYE")
                    self.send(f"{tag} OK LOGOUT completed".encode())
                    return
            self.send(f"{tag} OK {command} completed".encode())

    def _uid(self, mailbox: FakeMailbox, selected: str, args: str) -> None:
        sub, _, rest = args.partition(" ")
        messages = mailbox.folders[selected]
        sub = sub.upper()
        if sub == "SEARCH":
            wanted = [m for m in messages if "\\Deleted" not in m.flags]
            if "UNSEEN" in rest.upper():
                wanted = [m for m in wanted if "\\Seen" not in m.flags]
            self.send(("* SEARCH " + " ".join(str(m.uid) for m in wanted)).strip().encode())
            return
        uid_text, _, rest = rest.partition(" ")
        [message] = [m for m in messages if m.uid == int(uid_text)]
        if sub == "FETCH":
            self.send(
                f"* {messages.index(message) + 1} FETCH (UID {message.uid} BODY[] {{{len(message.raw)}}}".encode()
            )
            self.wfile.write(message.raw)
            self.send(b")")
        elif sub == "STORE":
            message.flags |= set(re.findall(r"\\\w+", rest))
        elif sub in ("MOVE", "COPY"):
            target = rest.strip().strip('"')
            mailbox.folders.setdefault(target, []).append(StoredMessage(message.uid, message.raw))
            if sub == "MOVE":
                messages.remove(message)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, mailbox: FakeMailbox) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.mailbox = mailbox


class ImapServer:
    def __init__(self, mailbox: FakeMailbox) -> None:
        self.mailbox = mailbox
        self.server = _Server(mailbox)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> ImapServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

#!/usr/bin/env python3
"""A few JetStream API calls over the plain NATS protocol, for the tests
(no client library: Debian's python has none).  Loopback URLs only.

  jsclient.py URLS stream-add NAME SUBJECT REPLICAS
  jsclient.py URLS pub SUBJECT DATA [MSG-ID]     prints the PubAck JSON
  jsclient.py URLS stream-info NAME              prints the StreamInfo JSON
  jsclient.py URLS streams                       prints the stream names
  jsclient.py URLS stream-delete NAME

URLS is NATS_URL (nats://127.0.0.1:P1,nats://127.0.0.1:P2,...): the first
that accepts a connection is used.  Exit 1 with the server's error.
"""
import json
import socket
import sys
import time


def connect(urls):
    last = None
    for u in urls.split(","):
        host, port = u.replace("nats://", "").rsplit(":", 1)
        if host != "127.0.0.1":
            sys.exit("jsclient: loopback only, not %s" % host)
        try:
            s = socket.create_connection((host, int(port)), timeout=5)
        except OSError as e:
            last = e
            continue
        f = s.makefile("rb")
        f.readline()  # INFO
        s.sendall(b'CONNECT {"verbose":false,"pedantic":false,"headers":true}\r\nPING\r\n')
        while f.readline().strip() != b"PONG":
            pass
        return s, f
    sys.exit("jsclient: no server answers at %s (%s)" % (urls, last))


def request(s, f, subject, payload, headers=None, timeout=10.0):
    """Publish with a reply inbox and return the reply's body."""
    inbox = "_INBOX.aftest.%d" % int(time.time() * 1e6)
    s.sendall(("SUB %s 1\r\n" % inbox).encode())
    data = payload.encode()
    if headers:
        h = "NATS/1.0\r\n" + "".join("%s: %s\r\n" % kv for kv in headers.items()) + "\r\n"
        hb = h.encode()
        s.sendall(("HPUB %s %s %d %d\r\n" % (subject, inbox, len(hb), len(hb) + len(data))).encode()
                  + hb + data + b"\r\n")
    else:
        s.sendall(("PUB %s %s %d\r\n" % (subject, inbox, len(data))).encode() + data + b"\r\n")
    deadline = time.time() + timeout
    while time.time() < deadline:
        line = f.readline()
        if not line:
            break
        parts = line.split()
        if not parts:
            continue
        if parts[0] == b"PING":
            s.sendall(b"PONG\r\n")
        elif parts[0] in (b"MSG", b"HMSG"):
            total = int(parts[-1])
            body = f.read(total + 2)[:total]
            if parts[0] == b"HMSG":
                body = body[int(parts[-2]):]
                if not body:  # a status-only reply (503: no responders)
                    continue
            return json.loads(body.decode())
        elif parts[0] == b"-ERR":
            sys.exit("jsclient: %s" % line.decode().strip())
    sys.exit("jsclient: no reply on %s" % subject)


def check(reply):
    if "error" in reply:
        sys.exit("jsclient: %s" % json.dumps(reply["error"]))
    return reply


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    s, f = connect(argv[1])
    cmd, args = argv[2], argv[3:]
    if cmd == "stream-add":
        name, subject, replicas = args
        cfg = {"name": name, "subjects": [subject], "num_replicas": int(replicas),
               "storage": "file", "retention": "limits"}
        check(request(s, f, "$JS.API.STREAM.CREATE." + name, json.dumps(cfg)))
    elif cmd == "pub":
        hdrs = {"Nats-Msg-Id": args[2]} if len(args) > 2 else None
        print(json.dumps(check(request(s, f, args[0], args[1], hdrs))))
    elif cmd == "stream-info":
        print(json.dumps(check(request(s, f, "$JS.API.STREAM.INFO." + args[0], ""))))
    elif cmd == "stream-delete":
        check(request(s, f, "$JS.API.STREAM.DELETE." + args[0], ""))
    elif cmd == "streams":
        r = check(request(s, f, "$JS.API.STREAM.NAMES", "{}"))
        print("\n".join(r.get("streams") or []))
    else:
        sys.exit(__doc__)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

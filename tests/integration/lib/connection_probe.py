"""Each request here leaves a body (or part of one) that a server could fail to read; after its
answer the connection must either end, or answer the next request on it as that request.

  connection_probe.py PORT TOKEN

The body is sent a moment after the headers, as clients send them: a body that came in the same
segment would sit in httplib's read buffer, which is dropped with the request, and hide the fault.
"""
import socket
import sys
import time

port, token = int(sys.argv[1]), sys.argv[2]
auth = f"Authorization: Bearer {token}\r\n"
body = b"data=%89PNG%0D%0A-a-body-that-is-not-a-request"
big = b"x" * 3_000_000  # over the server's default max_request_size


def request(line, headers="", payload=b"", length=True):
    framing = f"Content-Length: {len(payload)}\r\n" if length else ""
    return f"{line} HTTP/1.1\r\nHost: probe\r\n{headers}{framing}\r\n".encode(), payload


CASES = {
    "a refused token, with a body": request("POST /api/v1/detect", "Content-Type: application/json\r\n", body),
    "GET with a body": request("GET /api/v1/builds", auth, body),
    "OPTIONS with a body": request("OPTIONS /api/v1/builds", auth, body),
    "a method httplib does not know": request("QUERY /api/v1/builds", auth, body),
    "a Range httplib cannot parse": request("GET /api/v1/builds", auth + "Range: bytes=zz\r\n", body),
    "a chunked body over the limit": (
        f"POST /api/v1/detect HTTP/1.1\r\nHost: probe\r\n{auth}Content-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\n\r\n".encode(),
        b"%x\r\n" % len(big) + big + b"\r\n0\r\n\r\n"),
    "a body on a route that takes none": request("POST /api/v1/builds/b0123456789abcdef01234567/cancel", auth, body),
    "a body on no route": request("POST /api/v1/nothing", auth, body),
    "POST without a length (no body)": request("POST /api/v1/detect", auth, length=False),
}


def read_answer(sock):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return None, b""
        data += chunk
    head, rest = data.split(b"\r\n\r\n", 1)
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        rest += chunk
    return head.decode(errors="replace"), rest[:length]


failures = 0
for name, (head, payload) in CASES.items():
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    try:
        sock.sendall(head)
        time.sleep(0.05)
        sock.sendall(payload)
        first, _ = read_answer(sock)
    except (OSError, socket.timeout) as error:
        first = None
        print(f"FAIL {name}: no answer ({error!r})")
        failures += 1
        continue
    says_close = first is not None and "\r\nconnection: close" in first.lower()
    try:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: probe\r\n\r\n")
        second, second_body = read_answer(sock)
    except (OSError, socket.timeout):
        second, second_body = None, b""
    sock.close()
    first_line = first.split("\r\n")[0] if first else "no answer"
    if second is None:
        ok = says_close  # ended, as the answer said
        outcome = "the connection ended"
    else:
        ok = b'"engine"' in second_body  # /healthz's own answer, not one to the body's bytes
        outcome = "then " + second.split("\r\n")[0] + " " + second_body[:120].decode(errors="replace")
    print(("ok   " if ok else "FAIL ") + f"{name}: {first_line} (Connection: close {says_close}), {outcome}")
    failures += not ok
sys.exit(1 if failures else 0)

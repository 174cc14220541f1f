"""The hostile-client measurements of issue 10, against one server on 127.0.0.1 (bench/edge runs it
for ecbd and for nginx). Prints one line per measurement. Standard library only.

    probes.py NAME PORT PID    NAME is ecbd or nginx; PID is the server's, for its RSS
"""
import socket
import subprocess
import sys
import threading
import time

name, port, pid = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
ecbd = name == "ecbd"


def rss_mib():
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) // 1024
    return -1


def connect(rcvbuf=None, timeout=10):
    s = socket.socket()
    if rcvbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.settimeout(timeout)
    s.connect(("127.0.0.1", port))
    return s


def status_of(raw):
    s = connect(timeout=5)
    try:
        s.sendall(raw)
        data = b""
        while b"\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
        return data.split(b" ")[1].decode() if data.startswith(b"HTTP/") else "closed"
    except OSError as ex:
        return type(ex).__name__
    finally:
        s.close()


def get_ok(path, timeout=2):
    try:
        s = connect(timeout=timeout)
        s.sendall(b"GET " + path + b" HTTP/1.1\r\nHost: edge\r\nConnection: close\r\n\r\n")
        ok = s.recv(12).startswith(b"HTTP/1.1 200")
        s.close()
        return ok
    except OSError:
        return False


def until_closed(s, limit):
    """@return seconds until the server process let go of the connection (by ss), or None within limit.

    A client that reads nothing cannot see the close itself: the server's FIN waits behind the data
    the client does not take, in the kernel of a socket the server no longer owns.
    """
    client_port = s.getsockname()[1]
    start = time.time()
    while time.time() - start < limit:
        held = subprocess.run(["ss", "-tnpH", f"( sport = :{port} and dport = :{client_port} )"], capture_output=True, text=True).stdout
        if f"pid={pid}," not in held:
            return round(time.time() - start, 1)
        time.sleep(0.5)
    return None


def malformed():
    body = b"POST /echo HTTP/1.1\r\nHost: edge\r\nTransfer-Encoding: chunked\r\n\r\n" if ecbd else b"POST /index.html HTTP/1.1\r\nHost: edge\r\nTransfer-Encoding: chunked\r\n\r\n"
    cases = [
        ("chunk size not hex", body + b"zz\r\nabc\r\n0\r\n\r\n"),
        ("chunk size with 0x", body + b"0x3\r\nabc\r\n0\r\n\r\n"),
        ("chunk data without CRLF", body + b"3\r\nabcX\r\n0\r\n\r\n"),
        ("bare LF in chunk line", body + b"3\nabc\r\n0\r\n\r\n"),
        ("chunk size overflow", body + b"ffffffffffffffffff\r\nabc\r\n0\r\n\r\n"),
        ("TE: chunked, gzip", b"POST / HTTP/1.1\r\nHost: edge\r\nTransfer-Encoding: chunked, gzip\r\n\r\n"),
        ("TE: gzip, chunked", b"POST / HTTP/1.1\r\nHost: edge\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n"),
        ("TE empty", b"POST / HTTP/1.1\r\nHost: edge\r\nTransfer-Encoding:\r\n\r\n"),
        ("Host with user info", b"GET / HTTP/1.1\r\nHost: u@edge\r\n\r\n"),
        ("Host with a path", b"GET / HTTP/1.1\r\nHost: edge/x\r\n\r\n"),
        ("target with a fragment", b"GET /#x HTTP/1.1\r\nHost: edge\r\n\r\n"),
        ("* on GET", b"GET * HTTP/1.1\r\nHost: edge\r\n\r\n"),
    ]
    print("malformed requests: " + "; ".join(f"{what} {status_of(raw)}" for what, raw in cases))


def tricklers():
    path = b"/echo" if ecbd else b"/index.html"
    ends = []

    def trickle():
        s = connect(timeout=30)
        start = time.time()
        try:
            s.sendall(b"POST " + path + b" HTTP/1.1\r\nHost: edge\r\nContent-Length: 100000\r\n\r\n" + b"x" * 49152)
            while time.time() - start < 30:
                s.sendall(b"x")
                time.sleep(1)
            ends.append("still open at 30 s")
        except OSError:
            ends.append(f"closed at {time.time() - start:.0f} s")
        s.close()

    threads = [threading.Thread(target=trickle) for _ in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)
    answered = 0
    for _ in range(8):
        answered += get_ok(b"/index.html")
        time.sleep(0.5)
    for thread in threads:
        thread.join()
    print(f"four 1 B/s body tricklers: GET /index.html answered {answered} of 8 meanwhile; tricklers {', '.join(sorted(ends))}")


def silent_reader():
    before = rss_mib()
    s = connect(rcvbuf=4096)
    s.sendall(b"GET /32m.bin HTTP/1.1\r\nHost: edge\r\n\r\n")
    closed = until_closed(s, 70)
    after = rss_mib()
    s.close()
    print(f"32 MiB response never read: the server closed the connection after {closed} s (None: not within 70 s); RSS {before} -> {after} MiB")


def pipelined_flood():
    before = rss_mib()
    s = connect(rcvbuf=4096)
    s.setblocking(False)
    burst = b"GET /index.html HTTP/1.1\r\nHost: edge\r\n\r\n" * 1000
    sent = 0
    start = time.time()
    while sent < 400 and time.time() - start < 20:
        try:
            s.send(burst)
            sent += 1
        except BlockingIOError:
            time.sleep(0.05)
    peak = rss_mib()
    s.close()
    print(f"pipelined GETs never read: {sent * 1000} taken by the kernels in {time.time() - start:.0f} s; RSS {before} -> {peak} MiB")


malformed()
tricklers()
silent_reader()
pipelined_flood()
print(f"{name} still answers: {get_ok(b'/index.html')}")

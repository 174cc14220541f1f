"""Hostile clients for bench/soak, on 127.0.0.1 only, until a deadline: four threads, each picking one fault at a time.

Faults: a reset in the middle of a request body and in the middle of a response; a slow writer
(a body trickled below the minimum rate) and a slow reader (a large response never read); garbage
and malformed framing; an upload with Connection: close; a pipelined burst left unread. Prints one
line of counts at the end. Uses only the standard library.
"""
import random
import socket
import struct
import sys
import threading
import time

port, seconds = int(sys.argv[1]), float(sys.argv[2])
deadline = time.time() + seconds
counts = {}


def connect(rcvbuf=None):
    s = socket.socket()
    if rcvbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    s.settimeout(10)
    s.connect(("127.0.0.1", port))
    return s


def reset(s):
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()


def reset_mid_body():
    s = connect()
    s.sendall(b"POST /echo HTTP/1.1\r\nHost: soak\r\nContent-Length: 1000000\r\n\r\n" + b"x" * 100000)
    reset(s)


def reset_mid_response():
    s = connect(4096)
    s.sendall(b"POST /echo HTTP/1.1\r\nHost: soak\r\nContent-Length: 300000\r\n\r\n" + b"y" * 300000)
    s.recv(1000)
    reset(s)


def until_closed(s):
    """Waits (20 s at most) for the server to close the connection."""
    s.settimeout(20)
    try:
        while s.recv(65536):
            pass
    except OSError:
        pass
    s.close()


def slow_writer():
    """Sends the head and read-ahead of an upload, then nothing: the minimum body rate must end it (408)."""
    s = connect()
    s.sendall(b"POST /demo/upload HTTP/1.1\r\nHost: soak\r\nContent-Length: 100000\r\n\r\n" + b"z" * 49152)
    until_closed(s)


def slow_reader():
    """Asks for a long stream and never reads it: the minimum response rate must close it."""
    s = connect(4096)
    s.sendall(b"GET /demo/stream?chunks=1000000 HTTP/1.1\r\nHost: soak\r\n\r\n")
    s.settimeout(20)
    start = time.time()
    try:
        while time.time() - start < 20 and s.recv(1, socket.MSG_PEEK):
            time.sleep(1)
    except OSError:
        pass
    s.close()


def garbage():
    s = connect()
    s.sendall(random.choice([
        bytes(random.getrandbits(8) for _ in range(random.randint(1, 3000))),
        b"POST /echo HTTP/1.1\r\nHost: soak\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        b"POST /echo HTTP/1.1\r\nHost: soak\r\nTransfer-Encoding: gzip\r\n\r\n",
        b"GET /plaintext HTTP/1.1\r\nHost: u@soak\r\n\r\n",
        b"GET /plaintext HTTP/1.1\r\nHost: soak\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
        b"GET / HTTP/1.1\nHost: soak\n\n",
    ]))
    try:
        s.recv(1000)
    except OSError:
        pass
    s.close()


def upload_and_close():
    s = connect()
    body = b"u" * 200000
    s.sendall(b"POST /demo/upload HTTP/1.0\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
    while s.recv(65536):
        pass
    s.close()


def unread_pipeline():
    s = connect(4096)
    s.sendall(b"GET /plaintext HTTP/1.1\r\nHost: soak\r\n\r\n" * 2000)
    reset(s)


faults = [reset_mid_body, reset_mid_response, slow_writer, slow_reader, garbage, upload_and_close, unread_pipeline]
lock = threading.Lock()


def run():
    while time.time() < deadline:
        fault = random.choice(faults)
        try:
            fault()
            name = fault.__name__
        except OSError as ex:
            name = fault.__name__ + " (" + type(ex).__name__ + ")"
        with lock:
            counts[name] = counts.get(name, 0) + 1


threads = [threading.Thread(target=run) for _ in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(" ".join(f"{k}={v}" for k, v in sorted(counts.items())))

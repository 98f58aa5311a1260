#!/usr/bin/env python3
"""Records one distcc connection: listens on 127.0.0.1:LISTEN, forwards to 127.0.0.1:TARGET, and
writes what the client sent to PREFIX.request and what the server answered to PREFIX.reply.
Usage: record.py LISTEN TARGET PREFIX   (see README.md in this directory)"""
import socket
import sys
import threading

listen_port, target_port, prefix = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", listen_port))
server.listen(1)
client, _ = server.accept()
daemon = socket.create_connection(("127.0.0.1", target_port))


def forward(source, sink, path):
    with open(path, "wb") as record:
        while True:
            data = source.recv(65536)
            if not data:
                break
            record.write(data)
            sink.sendall(data)
    try:
        sink.shutdown(socket.SHUT_WR)
    except OSError:
        pass


threads = [threading.Thread(target=forward, args=(client, daemon, prefix + ".request")),
           threading.Thread(target=forward, args=(daemon, client, prefix + ".reply"))]
for t in threads:
    t.start()
for t in threads:
    t.join()

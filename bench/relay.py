"""A relay on loopback for the benchmarks: every connection to 127.0.0.1:LISTEN goes on to
127.0.0.1:TARGET, both ways.

  relay.py LISTEN TARGET [--count FILE] [--rate BYTES_PER_SECOND]

--count FILE  keeps in FILE the bytes clients have sent so far (bench/source-cache.sh).
--rate BPS    is a link of BPS bytes per second each way, shared by every connection as one network
              link would be: a chunk leaves when the link has carried the chunks before it
              (bench/slow-link.sh).
"""
import argparse, socket, threading, time

args = argparse.ArgumentParser()
args.add_argument("listen", type=int)
args.add_argument("target", type=int)
args.add_argument("--count")
args.add_argument("--rate", type=float)
args = args.parse_args()


class Direction:
    """One way of the link: when it is free again, and what has crossed it."""

    def __init__(self):
        self.lock, self.free_at, self.total = threading.Lock(), 0.0, 0

    def carry(self, n):
        """Counts n bytes; returns when they have crossed a rate-limited link (now if unlimited)."""
        with self.lock:
            self.total += n
            if args.rate is None:
                return 0.0
            self.free_at = max(time.monotonic(), self.free_at) + n / args.rate
            return self.free_at


up, down = Direction(), Direction()
# Small chunks where the rate spreads them out, as a slow link does; large ones otherwise.
chunk = 16384 if args.rate else 65536


def pipe(src, dst, way):
    try:
        while True:
            data = src.recv(chunk)
            if not data:
                break
            wait = way.carry(len(data)) - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            if args.count and way is up:
                with up.lock:
                    open(args.count, "w").write(str(up.total))
            dst.sendall(data)
    except OSError:
        pass
    finally:
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


server = socket.create_server(("127.0.0.1", args.listen))
if args.count:
    open(args.count, "w").write("0")
while True:
    client, _ = server.accept()
    upstream = socket.create_connection(("127.0.0.1", args.target))
    threading.Thread(target=pipe, args=(client, upstream, up), daemon=True).start()
    threading.Thread(target=pipe, args=(upstream, client, down), daemon=True).start()

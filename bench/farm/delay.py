#!/usr/bin/env python3
"""A user-space delayer for kernels without tc's netem: forwards TCP connections from
LISTEN_ADDR:LISTEN_PORT to TARGET_ADDR:TARGET_PORT, holding every chunk DELAY_MS milliseconds in
each direction (order kept), so a round trip costs 2 x DELAY_MS more, as netem's 'delay' on both
ends of a link would. Bandwidth is not shaped.

usage: delay.py LISTEN_ADDR LISTEN_PORT TARGET_ADDR TARGET_PORT DELAY_MS

Bounded: at most 512 connections at once, 64 KiB per read, 64 chunks queued per direction (then the
reader waits: back-pressure, no unbounded memory). Exits on SIGTERM/SIGINT.
"""
import asyncio
import signal
import sys

MAX_CONNECTIONS = 512
CHUNK = 64 * 1024
QUEUED = 64


async def pump(reader, writer, delay):
    """Copies reader to writer, each chunk released DELAY after it arrived."""
    loop = asyncio.get_running_loop()
    queue = asyncio.Queue(QUEUED)

    async def release():
        while True:
            due, data = await queue.get()
            wait = due - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            if data is None:
                if writer.can_write_eof():
                    writer.write_eof()
                return
            writer.write(data)
            await writer.drain()

    releaser = asyncio.ensure_future(release())
    try:
        while True:
            data = await reader.read(CHUNK)
            await queue.put((loop.time() + delay, data or None))
            if not data:
                break
        await releaser
    except (ConnectionError, OSError):
        releaser.cancel()


async def main():
    listen_addr, listen_port, target_addr, target_port, delay_ms = sys.argv[1:6]
    delay = float(delay_ms) / 1000.0
    slots = asyncio.Semaphore(MAX_CONNECTIONS)

    async def handle(client_reader, client_writer):
        async with slots:
            try:
                server_reader, server_writer = await asyncio.wait_for(
                    asyncio.open_connection(target_addr, int(target_port)), 10)
            except (OSError, asyncio.TimeoutError):
                client_writer.close()
                return
            try:
                await asyncio.gather(pump(client_reader, server_writer, delay),
                                     pump(server_reader, client_writer, delay))
            finally:
                server_writer.close()
                client_writer.close()

    server = await asyncio.start_server(handle, listen_addr, int(listen_port), reuse_address=True)
    stop = asyncio.get_running_loop().create_future()
    for sig in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(sig, lambda: stop.done() or stop.set_result(None))
    async with server:
        await stop


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    asyncio.run(main())

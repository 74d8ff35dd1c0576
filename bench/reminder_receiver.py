#!/usr/bin/env python3
"""A webhook receiver for bench/reminders.sh: counts POSTs per reminder id (the JSON body's
`id`, which must equal the `X-Soothe-Id` header) and answers 200. `GET /stats` answers
{"distinct", "total", "dupes", "mismatched", "first", "last"} (times: Unix seconds, float).

Usage: reminder_receiver.py PORT
"""

import asyncio
import json
import sys
import time

counts = {}
stats = {"total": 0, "mismatched": 0, "first": None, "last": None}


def summary():
    return {
        "distinct": len(counts),
        "total": stats["total"],
        "dupes": sum(c - 1 for c in counts.values() if c > 1),
        "mismatched": stats["mismatched"],
        "first": stats["first"],
        "last": stats["last"],
    }


async def handle(reader, writer):
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            method, path, _ = lines[0].split(" ", 2)
            headers = {}
            for line in lines[1:]:
                if ":" in line:
                    k, v = line.split(":", 1)
                    headers[k.strip().lower()] = v.strip()
            length = int(headers.get("content-length", "0"))
            body = await reader.readexactly(length) if length else b""
            if method == "GET" and path == "/stats":
                out = json.dumps(summary()).encode()
                writer.write(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
                             b"content-length: %d\r\nconnection: close\r\n\r\n" % len(out) + out)
                await writer.drain()
                break
            now = time.time()
            try:
                rid = json.loads(body)["id"]
            except (ValueError, KeyError, TypeError):
                rid = None
            if rid is not None:
                if headers.get("x-soothe-id") != rid:
                    stats["mismatched"] += 1
                counts[rid] = counts.get(rid, 0) + 1
                stats["total"] += 1
                stats["first"] = stats["first"] or now
                stats["last"] = now
            close = headers.get("connection", "").lower() == "close"
            writer.write(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n"
                         + (b"connection: close\r\n" if close else b"") + b"\r\n")
            await writer.drain()
            if close:
                break
    except (asyncio.IncompleteReadError, ConnectionError, ValueError):
        pass
    finally:
        writer.close()


async def main(port):
    server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=1024)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))

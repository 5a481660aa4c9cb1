"""What the local stand-in servers share: announce the chosen port through a file (written
atomically), and stop by themselves after max_seconds, or idle_seconds without a request."""

import os
import threading
import time


def serve_until_done(server, port_file, max_seconds, idle_seconds, last_request):
    """`last_request()` returns the time of the latest request. Blocks until the server stops."""
    started = time.time()

    def watchdog():
        while True:
            time.sleep(0.5)
            now = time.time()
            if now - started > max_seconds or now - last_request() > idle_seconds:
                server.shutdown()
                return

    threading.Thread(target=watchdog, daemon=True).start()
    tmp = port_file + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(str(server.server_address[1]))
    os.replace(tmp, port_file)
    server.serve_forever(poll_interval=0.2)

"""python -m demo_ent [--port N]: run the demo ENT in the foreground."""
from __future__ import annotations

import argparse
import threading

from .server import DemoENT


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m demo_ent", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080, help="ENT port (0: any free port)")
    parser.add_argument("--third-party-host", default="127.0.0.2")
    parser.add_argument("--third-party-port", type=int, default=0)
    parser.add_argument("--verbose", action="store_true", help="print one line per request")
    args = parser.parse_args(argv)
    ent = DemoENT(args.host, args.port, args.third_party_host, args.third_party_port, verbose=args.verbose)
    with ent:
        print(f"ENT:          {ent.base_url}/", flush=True)
        print(f"Third party:  {ent.third_party_url}/", flush=True)
        print(f"Identifiant:  {ent.USERNAME}", flush=True)
        print(f"Mot de passe: {ent.PASSWORD}", flush=True)
        print("Ctrl-C to stop.", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()

"""python -m ent_audit.demo_ent [--port N] [--lab] [--hardened] [--hostile] [--heartbeat] [--class-pages]
[--heavy-page PATH] [--tls CERT KEY]: run the demo ENT in the foreground."""

from __future__ import annotations

import argparse
import threading

from .options import DEFAULT_BLOG_POSTS, LOGIN_KINDS
from .server import DemoENT


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m ent_audit.demo_ent", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080, help="ENT port (0: any free port)")
    parser.add_argument("--third-party-host", default="127.0.0.2")
    parser.add_argument("--third-party-port", type=int, default=0)
    parser.add_argument("--verbose", action="store_true", help="print one line per request")
    parser.add_argument("--login", choices=LOGIN_KINDS, default="cas", help="login kind (default: cas)")
    parser.add_argument(
        "--session-requests",
        type=int,
        default=0,
        metavar="N",
        help="a session expires after N protected HTML pages (0: never)",
    )
    parser.add_argument(
        "--blog-posts",
        type=int,
        default=DEFAULT_BLOG_POSTS,
        metavar="N",
        help="number of blog posts (more than 30: paginated list)",
    )
    parser.add_argument("--extras", action="store_true", help="enable the trap pages under /pieges/")
    parser.add_argument(
        "--faults",
        action="store_true",
        help="enable the failing pages under /pannes/ (5xx, timeout, cut connection, loops…)",
    )
    parser.add_argument("--slow-seconds", type=float, default=8.0, help="delay of /pieges/lent and /pannes/lente")
    parser.add_argument("--parent", action="store_true", help="enable the parent account")
    parser.add_argument("--lab", action="store_true", help="enable the twin pages under /labo/")
    parser.add_argument(
        "--hardened", action="store_true", help="security headers, full cookie flags and the /ecoconception statement"
    )
    parser.add_argument(
        "--heavy-page",
        default="",
        metavar="PATH",
        help="this page (e.g. /vie-scolaire) also shows a ~300 kB image (to compare two runs)",
    )
    parser.add_argument(
        "--hostile",
        action="store_true",
        help="the attack pages under /hostile/ (docs/SAFETY.md): each counts what reaches the server",
    )
    parser.add_argument(
        "--class-pages",
        action="store_true",
        help="the class pages under /classe/ (album, homework table, heavy feed): EcoIndex grades A to F",
    )
    parser.add_argument(
        "--heartbeat",
        action="store_true",
        help="pages PUT /api/session/current/ after load; a session without heartbeats dies",
    )
    parser.add_argument("--tls", nargs=2, metavar=("CERTFILE", "KEYFILE"), help="serve both hosts over HTTPS")
    parser.add_argument(
        "--http-redirect", action="store_true", help="with --tls: a plain-HTTP port answering 301 to the HTTPS ENT"
    )
    parser.add_argument("--http-port", type=int, default=0, help="port of --http-redirect (0: any free port)")
    args = parser.parse_args(argv)
    if args.http_redirect and not args.tls:
        parser.error("--http-redirect needs --tls")
    parent = (DemoENT.PARENT_USERNAME, DemoENT.PARENT_PASSWORD) if args.parent else None
    ent = DemoENT(
        args.host,
        args.port,
        args.third_party_host,
        args.third_party_port,
        verbose=args.verbose,
        login=args.login,
        session_requests=args.session_requests,
        blog_posts=args.blog_posts,
        extras=args.extras,
        second_user=parent,
        slow_seconds=args.slow_seconds,
        lab=args.lab,
        hardened=args.hardened,
        heavy_page=args.heavy_page,
        faults=args.faults,
        hostile=args.hostile,
        heartbeat=args.heartbeat,
        class_pages=args.class_pages,
        tls=tuple(args.tls) if args.tls else None,
        http_redirect=args.http_redirect,
        http_port=args.http_port,
    )
    with ent:
        print(f"ENT:          {ent.base_url}/", flush=True)
        print(f"Third party:  {ent.third_party_url}/", flush=True)
        if ent.http_url:
            print(f"HTTP (301):   {ent.http_url}/", flush=True)
        if args.lab:
            print(f"Laboratoire:  {ent.base_url}/labo/", flush=True)
        if args.faults:
            print(f"Pannes:       {ent.base_url}/pannes/", flush=True)
        print(f"Identifiant:  {ent.USERNAME}", flush=True)
        print(f"Mot de passe: {ent.PASSWORD}", flush=True)
        if parent:
            print(f"Parent:       {parent[0]} / {parent[1]}", flush=True)
        print("Ctrl-C to stop.", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()

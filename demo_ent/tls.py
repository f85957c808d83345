"""HTTPS for the demo ENT: the server-side TLS context, and throw-away test certificates (trustme)."""

from __future__ import annotations

import ssl
from pathlib import Path

CA_FILE = "ca.pem"
HOSTS = ("127.0.0.1", "127.0.0.2", "localhost")


def server_context(certfile: str, keyfile: str) -> ssl.SSLContext:
    """TLS 1.2+ with the given certificate; ALPN offers HTTP/1.1 only (the servers speak nothing else)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certfile, keyfile)
    context.set_alpn_protocols(["http/1.1"])
    return context


def make_test_certificates(directory: str | Path) -> tuple[str, str]:
    """A fresh test CA and a leaf certificate for 127.0.0.1, 127.0.0.2 and localhost, written under
    directory: returns (certfile, keyfile) for DemoENT(tls=...); the CA to trust is directory/ca.pem
    (ca_file(directory)), e.g. ssl.create_default_context(cafile=ca_file(directory))."""
    try:
        import trustme
    except ImportError as error:  # a test dependency only: pip install trustme (or the "test" extra)
        raise RuntimeError("make_test_certificates needs trustme: pip install trustme") from error
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    ca = trustme.CA(organization_name="ENT de démonstration (test)")
    leaf = ca.issue_cert(*HOSTS)
    ca.cert_pem.write_to_path(str(folder / CA_FILE))
    certfile, keyfile = folder / "ent-cert.pem", folder / "ent-key.pem"
    certfile.write_bytes(b"".join(blob.bytes() for blob in leaf.cert_chain_pems))
    leaf.private_key_pem.write_to_path(str(keyfile))
    return str(certfile), str(keyfile)


def ca_file(directory: str | Path) -> str:
    """The CA certificate make_test_certificates(directory) wrote."""
    return str(Path(directory) / CA_FILE)

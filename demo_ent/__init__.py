"""demo_ent: a look-alike French school ENT (OpenENT NG style) served locally as a crawler test target."""

from .server import DemoENT, ResponseLog

__all__ = ["DemoENT", "ResponseLog"]

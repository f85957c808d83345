"""Distributed crawl (``--redis``): one run spread over N ``ent-audit worker`` processes (N machines) that share one
frontier in Redis and one PostgreSQL store.

- **Queue and duplicate filter**: scrapy-redis (``DistributedScheduler``, ``RouteAwareRedisDupeFilter``), keys
  namespaced by run id (``ent-audit:<run>:…``), kept in Redis until the coordinator ends the run. A queued page is
  plain JSON (URL, depth, profile, retry counts): no pickle, no cookie, no session ever reaches Redis; each worker
  rebuilds the browser meta (its own logged-in session, the read-only guard) when it takes the page.
- **Frontier** (``RedisFrontier``): ent-audit's page budget and per-template cap, and the sampled templates, held
  by atomic Lua scripts, so each (profile, URL) is admitted once and the caps hold across workers.
- **Last guard**: a page the store already holds for the run is never audited again (``Store.has_page``).
- **End**: each worker counts its pages in flight in Redis (``<run>:inflight``) and refreshes a heartbeat key; a
  worker stops when the queue has been empty and no live worker held a page for ``idle_s`` seconds. The coordinator
  waits for the same condition and for every registered worker to be done (or dead: its heartbeat expired).

Modules: connection.py (the run's Redis keys and client), frontier.py (RedisFrontier), scheduler.py (the Scrapy
parts: queue, duplicate filter, scheduler), tracking.py (workers in flight, heartbeat, end of the crawl),
coordinator.py (``ent-audit audit ... --redis``) and worker.py (``ent-audit worker``). README "Distributed crawl"
tells how to deploy them. Importing them needs the optional [distributed] extra (scrapy-redis, redis).
"""

"""Responsable: site-wide checks of what the Doctrine technique asks of an education service (security and privacy)
that a crawl can observe, and the droit à la déconnexion evidence (domain.md §1.4, §1.5).

Each check is a site rule over every page of the run plus the observations made at login and by the plain-HTTP
probe. The security requirements themselves are RGS/RGPD/CNIL practice: the security framework's text was not
reachable, and the report says so.
"""
from __future__ import annotations

from collections import Counter
from urllib.parse import urlsplit

from ent_audit.audits.rules import (
    PAGE,
    URL,
    Column,
    Finding,
    Message,
    RuleSettings,
    SiteView,
    facts,
    msg,
    note,
    site_rule,
    table,
    value,
)
from ent_audit.audits.security import (
    HSTS_MIN_AGE,
    LEGAL_KINDS,
    QuietWindow,
    hsts,
    missing_security_headers,
    parse_timestamp,
    parse_window,
    tracker_kind,
)

MODERN_TLS = ("TLS 1.2", "TLS 1.3", "QUIC")
SCRIPT_READABLE = ("xsrf", "csrf")  # cookies meant to be read by scripts (double-submit tokens): HttpOnly not asked
MAX_ITEMS = 50  # déconnexion evidence listed


def _host(url: str) -> str:
    return urlsplit(url).netloc


def _documents(site: SiteView) -> list:
    """The first-party HTML document response of each loaded page (redirect hops excluded)."""
    found = []
    for page in site.loaded:
        document = next((r for r in page.requests if r.resource_type == "document" and not r.is_redirect
                         and r.status and not r.third_party), None)
        if document is not None and "html" in (document.mime or ""):
            found.append(document)
    return found


def _https_na(site: SiteView) -> Finding | None:
    return None if site.https else Finding.na(facts(note(msg("Le site est audité en HTTP simple (voir "
                                                            "DOCTRINE-https)", "The site is audited over plain HTTP "
                                                            "(see DOCTRINE-https)"))))


NO_HTML_PAGE = msg("Aucune page HTML chargée", "No HTML page loaded")


@site_rule(ref="DOCTRINE-https", pillar="responsable",
           title={"fr": "HTTPS partout, HTTP redirigé vers HTTPS", "en": "HTTPS everywhere, HTTP redirected to HTTPS"},
           why={"fr": "Identifiants d'élèves, notes et messages ne doivent jamais circuler en clair.",
                "en": "Pupils' credentials, grades and messages must never travel in clear text."},
           fix={"fr": "Servir le site en HTTPS uniquement et rediriger (301) toute adresse http:// vers https://.",
                "en": "Serve the site over HTTPS only and redirect (301) every http:// address to https://."})
def https_everywhere(site: SiteView, settings: RuleSettings) -> Finding:
    if not site.https:
        return Finding.fail(table([URL], ({"url": u} for u in site.start_urls),
                                  [note(msg("Le site est servi en HTTP simple", "The site is served over plain HTTP"))]))
    probe = site.facts.get("plain_http") or {}
    if not probe.get("url"):
        return Finding.manual(facts(note(msg("HTTP simple non essayé", "Plain HTTP was not tried"))))
    tried = value(msg("Adresse essayée en HTTP", "Address tried over HTTP"), "url", probe["url"])
    if probe.get("error"):
        return Finding.ok(facts(note(msg("Aucun service en HTTP simple", "No plain-HTTP service")), tried,
                                value(msg("Erreur", "Error"), "code", str(probe["error"]))))
    status, location = probe.get("status", 0), probe.get("location", "")
    answer = [tried, value(msg("Statut HTTP", "HTTP status"), "code", str(status))]
    if location:
        answer.append(value(msg("Redirection vers", "Redirected to"), "url", location))
    if status in (301, 302, 307, 308) and location.startswith("https:"):
        return Finding.ok(facts(*answer))
    return Finding.fail(facts(note(msg("Réponse sans redirection vers HTTPS", "Answer without a redirection to "
                                       "HTTPS")), *answer))


@site_rule(ref="DOCTRINE-hsts", pillar="responsable",
           title={"fr": "HSTS : le navigateur n'utilise plus que HTTPS", "en": "HSTS: the browser sticks to HTTPS"},
           why={"fr": "Sans Strict-Transport-Security, une première visite en http:// reste interceptable.",
                "en": "Without Strict-Transport-Security a first visit over http:// can be intercepted."},
           fix={"fr": "Envoyer Strict-Transport-Security: max-age=31536000; includeSubDomains.",
                "en": "Send Strict-Transport-Security: max-age=31536000; includeSubDomains."})
def strict_transport(site: SiteView, settings: RuleSettings) -> Finding:
    plain = _https_na(site)
    if plain:
        return plain
    documents = _documents(site)
    if not documents:
        return Finding.na(facts(note(NO_HTML_PAGE)))
    weak = []
    for document in documents:
        policy = hsts(document.headers.get("strict-transport-security", ""))
        if policy is None or policy["max_age"] < HSTS_MIN_AGE:
            weak.append({"page": document.url, "max_age": None if policy is None else policy["max_age"]})
    minimum = value(msg("max-age minimal (six mois, en secondes)", "Minimum max-age (six months, in seconds)"),
                    "count", HSTS_MIN_AGE)
    pages = value(msg("Pages HTML", "HTML pages"), "count", len(documents))
    if weak:
        return Finding.fail(table([PAGE, Column("max_age", "count", msg("max-age (secondes)", "max-age (seconds)"))],
                                  weak, [value(msg("Pages sans HSTS suffisant", "Pages without a long enough HSTS"),
                                               "count", len(weak)), pages, minimum]))
    return Finding.ok(facts(value(msg("Pages envoyant HSTS", "Pages sending HSTS"), "count", len(documents)),
                            minimum))


@site_rule(ref="DOCTRINE-tls", pillar="responsable",
           title={"fr": "Version de TLS récente (1.2 ou 1.3)", "en": "Recent TLS version (1.2 or 1.3)"},
           why={"fr": "TLS 1.0 et 1.1 sont obsolètes et refusés par l'ANSSI.",
                "en": "TLS 1.0 and 1.1 are obsolete and ruled out by ANSSI."},
           fix={"fr": "N'accepter que TLS 1.2 et 1.3 sur le serveur.", "en": "Accept only TLS 1.2 and 1.3."})
def tls_version(site: SiteView, settings: RuleSettings) -> Finding:
    plain = _https_na(site)
    if plain:
        return plain
    seen: dict[str, str] = {}
    for page in site.pages:
        for origin, protocol in (page.facts.get("tls") or {}).items():
            seen.setdefault(origin, protocol)
    if not seen:
        return Finding.na(facts(note(msg("Aucune connexion TLS relevée", "No TLS connection recorded"))))
    old = {o: p for o, p in seen.items() if p not in MODERN_TLS}
    listed = table([Column("origin", "url", msg("Origine", "Origin")), Column("protocol", "code",
                                                                              msg("Protocole", "Protocol"))],
                   ({"origin": origin, "protocol": protocol} for origin, protocol in sorted(seen.items())))
    return Finding.fail(listed) if old else Finding.ok(listed)


@site_rule(ref="DOCTRINE-headers", pillar="responsable",
           title={"fr": "En-têtes de sécurité", "en": "Security headers"},
           why={"fr": "CSP, X-Content-Type-Options, frame-ancestors, Referrer-Policy et Permissions-Policy limitent "
                      "injections, détournement de clics et fuites d'adresses vers des tiers.",
                "en": "CSP, X-Content-Type-Options, frame-ancestors, Referrer-Policy and Permissions-Policy limit "
                      "injections, clickjacking and address leaks to third parties."},
           fix={"fr": "Ajouter ces en-têtes aux réponses HTML (serveur ou mandataire inverse).",
                "en": "Add these headers to HTML responses (server or reverse proxy)."})
def security_headers(site: SiteView, settings: RuleSettings) -> Finding:
    documents = _documents(site)
    if not documents:
        return Finding.na(facts(note(NO_HTML_PAGE)))
    missing = Counter(name for d in documents for name in missing_security_headers(d.headers))
    pages = value(msg("Pages HTML", "HTML pages"), "count", len(documents))
    if missing:
        columns = [Column("header", "code", msg("En-tête", "Header")),
                   Column("pages", "count", msg("Pages où il manque", "Pages missing it"))]
        return Finding.fail(table(columns, ({"header": name, "pages": count} for name, count in
                                            sorted(missing.items())), [pages]))
    return Finding.ok(facts(note(msg("Les cinq protections sur chaque page", "All five protections on every page")),
                            pages))


def _cookies(site: SiteView) -> list[dict]:
    """Cookies set at login and during the loads, one entry per name and origin (first seen), with where set."""
    found: dict[tuple, dict] = {}
    for profile, login in (site.facts.get("login") or {}).items():
        for cookie in login.get("cookies") or []:
            found.setdefault((cookie["name"], cookie.get("origin", "")), {**cookie, "set": "login"})
    for page in site.pages:
        for cookie in page.facts.get("cookies") or []:
            found.setdefault((cookie["name"], cookie.get("origin", "")), {**cookie, "set": page.url})
    return list(found.values())


@site_rule(ref="DOCTRINE-cookies", pillar="responsable",
           title={"fr": "Cookies protégés (Secure, HttpOnly, SameSite)",
                  "en": "Protected cookies (Secure, HttpOnly, SameSite)"},
           why={"fr": "Un cookie de session lisible par un script, envoyé en clair ou vers d'autres sites peut être "
                      "volé ou rejoué. Seuls les attributs sont lus, jamais les valeurs.",
                "en": "A session cookie readable by scripts, sent in clear or to other sites can be stolen or "
                      "replayed. Only attributes are read, never values."},
           fix={"fr": "Poser Secure, HttpOnly et SameSite=Lax (ou Strict) sur les cookies de session.",
                "en": "Set Secure, HttpOnly and SameSite=Lax (or Strict) on session cookies."})
def cookie_flags(site: SiteView, settings: RuleSettings) -> Finding:
    cookies = _cookies(site)
    if not cookies:
        login = site.facts.get("login") or {}
        if login and all(v.get("strategy") in ("none", "basic", "storage_state") for v in login.values()):
            return Finding.na(facts(note(msg("Aucun cookie posé pendant l'audit (connexion non observée)",
                                             "No cookie set during the audit (login not observed)"))))
        return (Finding.ok(facts(note(msg("Aucun cookie posé", "No cookie set")))) if site.pages
                else Finding.na(facts(note(msg("Aucune page auditée", "No page audited")))))
    problems, lines = [], []
    for cookie in cookies:
        lacks = []
        if site.https and not cookie.get("secure"):
            lacks.append("Secure")
        if not cookie.get("httponly") and not any(t in cookie["name"].lower() for t in SCRIPT_READABLE):
            lacks.append("HttpOnly")
        if not cookie.get("samesite"):
            lacks.append("SameSite")
        row = {"name": cookie["name"], "origin": cookie.get("origin", ""),
               "set": "" if cookie["set"] == "login" else cookie["set"], "login": cookie["set"] == "login",
               "secure": bool(cookie.get("secure")), "httponly": bool(cookie.get("httponly")),
               "samesite": cookie.get("samesite") or "", "missing": ", ".join(lacks)}
        (problems if lacks else lines).append(row)
    columns = [Column("name", "code", msg("Cookie", "Cookie")), Column("origin", "url", msg("Origine", "Origin")),
               Column("login", "bool", msg("Posé à la connexion", "Set at login")),
               Column("set", "url", msg("Posé sur la page", "Set on page")),
               Column("secure", "bool", msg("Secure", "Secure")), Column("httponly", "bool", msg("HttpOnly", "HttpOnly")),
               Column("samesite", "code", msg("SameSite", "SameSite")),
               Column("missing", "code", msg("Manque", "Missing"))]
    count = value(msg("Cookies", "Cookies"), "count", len(cookies))
    if problems:
        return Finding.fail(table(columns, problems + lines, [
            value(msg("Cookies sans toutes les protections", "Cookies lacking a protection"), "count", len(problems)),
            count]))
    return Finding.ok(table(columns, lines, [count, note(msg("Tous protégés", "All protected"))]))


@site_rule(ref="DOCTRINE-mixed-content", pillar="responsable",
           title={"fr": "Pas de contenu mixte (http:// dans une page https://)",
                  "en": "No mixed content (http:// in an https:// page)"},
           why={"fr": "Une ressource chargée en clair dans une page sécurisée peut être modifiée en chemin ; le "
                      "navigateur la bloque ou avertit l'utilisateur.",
                "en": "A resource loaded in clear text in a secure page can be altered on the way; the browser "
                      "blocks it or warns the user."},
           fix={"fr": "Servir toutes les ressources en https:// (ou en chemins relatifs).",
                "en": "Serve every resource over https:// (or with relative paths)."})
def mixed_content(site: SiteView, settings: RuleSettings) -> Finding:
    plain = _https_na(site)
    if plain:
        return plain
    found = [(page.url, item) for page in site.pages for item in page.facts.get("mixed_content") or []]
    if found:
        pages = len({url for url, _ in found})
        columns = [URL, Column("type", "code", msg("Type", "Type")), PAGE]
        return Finding.fail(table(columns, ({"url": item["url"], "type": item["type"], "page": url}
                                            for url, item in found),
                                  [value(msg("Ressources en http://", "http:// resources"), "count", len(found)),
                                   value(msg("Pages https concernées", "https pages concerned"), "count", pages)]))
    return Finding.ok(facts(note(msg("Aucune ressource en http://", "No http:// resource")),
                            value(msg("Pages", "Pages"), "count", len(site.pages))))


@site_rule(ref="DOCTRINE-third-parties", pillar="responsable",
           title={"fr": "Services tiers et traceurs", "en": "Third-party services and trackers"},
           why={"fr": "Chaque tiers contacté reçoit l'adresse IP et souvent la page visitée d'un élève ; les "
                      "traceurs de mesure d'audience ou de publicité exigent une base légale (RGPD, CNIL).",
                "en": "Each third party contacted receives a pupil's IP address and often the page visited; "
                      "analytics and advertising trackers need a legal basis (GDPR, CNIL)."},
           fix={"fr": "Supprimer les traceurs, héberger soi-même polices et bibliothèques, recueillir le "
                      "consentement avant tout service tiers restant.",
                "en": "Remove trackers, self-host fonts and libraries, ask consent before any remaining service."})
def third_parties(site: SiteView, settings: RuleSettings) -> Finding:
    hosts: dict[str, dict] = {}
    for page in site.pages:
        for record in page.requests:
            if not record.third_party or not record.received:
                continue
            entry = hosts.setdefault(_host(record.url), {"requests": 0, "bytes": 0, "pages": set(), "kind": None})
            entry["requests"] += 1
            entry["bytes"] += record.transfer_bytes
            entry["pages"].add(page.url)
            entry["kind"] = entry["kind"] or tracker_kind(record.url)
    if not hosts:
        return Finding.ok(facts(note(msg("Aucun domaine tiers contacté", "No third-party host contacted"))))
    rows = [{"host": host, "requests": e["requests"], "bytes": e["bytes"], "pages": len(e["pages"]),
             "tracker": e["kind"] or ""}
            for host, e in sorted(hosts.items(), key=lambda kv: (kv[1]["kind"] is None, -kv[1]["bytes"]))]
    columns = [Column("host", "code", msg("Domaine", "Host")), Column("requests", "count", msg("Requêtes", "Requests")),
               Column("bytes", "bytes", msg("Poids", "Size")), Column("pages", "count", msg("Pages", "Pages")),
               Column("tracker", "code", msg("Traceur", "Tracker"))]
    trackers = [h for h, e in hosts.items() if e["kind"]]
    counted = value(msg("Domaines tiers", "Third-party hosts"), "count", len(hosts))
    if trackers:
        return Finding.fail(table(columns, rows, [value(msg("Traceurs", "Trackers"), "count", len(trackers)), counted]))
    return Finding.manual(table(columns, rows, [counted, note(msg(
        "Aucun traceur connu : vérifier la base légale de chaque tiers",
        "No known tracker: check each third party's legal basis"))]))


@site_rule(ref="DOCTRINE-sso", pillar="responsable",
           title={"fr": "Authentification unique (CAS, SAML, OpenID Connect)",
                  "en": "Single sign-on (CAS, SAML, OpenID Connect)"},
           why={"fr": "Le référentiel d'interopérabilité demande une fédération d'identité (ÉduConnect, guichet "
                      "agents) plutôt que des comptes locaux.",
                "en": "The interoperability framework asks for identity federation (ÉduConnect, staff portal) "
                      "rather than local accounts."},
           fix={"fr": "Raccorder l'ENT à ÉduConnect et au guichet agents (SAML) ou à un CAS fédéré.",
                "en": "Connect the ENT to ÉduConnect and the staff portal (SAML) or a federated CAS."})
def single_sign_on(site: SiteView, settings: RuleSettings) -> Finding:
    logins = site.facts.get("login") or {}
    observed = {name: login for name, login in logins.items()
                if login.get("strategy") not in ("none", "storage_state", "basic")}
    seen = {protocol: url for login in observed.values() for protocol, url in (login.get("sso") or {}).items()}
    for page in site.pages:  # an SSO redirect seen during the crawl counts too
        for record in page.requests:
            if record.is_redirect and "/cas/" in urlsplit(record.url).path:
                seen.setdefault("CAS", record.url.split("?")[0])
    if seen:
        return Finding.ok(table([Column("protocol", "code", msg("Protocole", "Protocol")), URL],
                                ({"protocol": protocol, "url": url} for protocol, url in sorted(seen.items()))))
    if not observed:
        return Finding.na(facts(note(msg("Aucune connexion scriptée observée (sans connexion, basique ou session "
                                         "enregistrée)", "No scripted login observed (no login, basic or saved "
                                         "session)"))))
    return Finding.manual(facts(note(msg("Aucun échange CAS, SAML ou OpenID Connect vu à la connexion : comptes "
                                         "locaux ?", "No CAS, SAML or OpenID Connect exchange seen at login: local "
                                         "accounts?"))))


LEGAL_NAMES: dict[str, Message] = {
    "mentions": msg("Mentions légales", "Legal notice"),
    "privacy": msg("Données personnelles", "Personal data policy"),
    "accessibility": msg("Déclaration d'accessibilité", "Accessibility statement"),
    "ecodesign": msg("Déclaration d'écoconception", "Eco-design statement")}


@site_rule(ref="DOCTRINE-legal", pillar="responsable",
           title={"fr": "Pages légales présentes", "en": "Legal pages present"},
           why={"fr": "Mentions légales, politique de données personnelles et déclaration d'accessibilité sont "
                      "obligatoires ; la déclaration d'écoconception est attendue par le RGESN.",
                "en": "Legal notice, personal data policy and accessibility statement are mandatory; the "
                      "eco-design statement is expected by RGESN."},
           fix={"fr": "Publier les pages manquantes et les lier depuis le pied de page de chaque écran.",
                "en": "Publish the missing pages and link them from every screen's footer."})
def legal_pages(site: SiteView, settings: RuleSettings) -> Finding:
    if not site.loaded:
        return Finding.na(facts(note(msg("Aucune page chargée", "No page loaded"))))
    found: dict[str, str] = {}
    for page in site.loaded:
        for kind, url in (page.facts.get("legal") or {}).items():
            found.setdefault(kind, url)
    columns = [Column("page", "text", msg("Page légale", "Legal page")),
               Column("found", "bool", msg("Lien trouvé", "Link found")), URL]
    rows = table(columns, ({"page": LEGAL_NAMES[k], "found": k in found, "url": found.get(k, "")}
                           for k in LEGAL_KINDS))
    return Finding.fail(rows) if any(k not in found for k in LEGAL_KINDS) else Finding.ok(rows)


def quiet_window(settings: RuleSettings) -> QuietWindow:
    return parse_window(settings.quiet_start, settings.quiet_end, settings.quiet_weekend, settings.timezone)


def quiet_hours_items(site: SiteView, settings: RuleSettings) -> tuple[int, list[dict]]:
    """(pages showing timestamps, items timestamped inside the window: {page, datetime, local, text})."""
    window = quiet_window(settings)
    pages, items = 0, []
    for page in site.loaded:
        times = page.facts.get("times") or []
        if times:
            pages += 1
        for item in times:
            moment = parse_timestamp(item.get("datetime", ""), window.timezone)
            if moment is not None and window.contains(moment):
                items.append({"page": page.url, "datetime": item.get("datetime", ""),
                              "local": moment.strftime("%a %d/%m %H:%M"), "text": item.get("text", "")})
    return pages, items


@site_rule(ref="DOCTRINE-deconnexion", pillar="responsable",
           title={"fr": "Droit à la déconnexion : publications pendant les heures calmes",
                  "en": "Right to disconnect: items published during quiet hours"},
           why={"fr": "Le ministère demande qu'aucune actualisation n'arrive aux familles le soir (par défaut "
                      "20:00–07:00). Les horodatages affichés ne sont qu'un indice : ils ne prouvent ni la "
                      "conformité ni son absence.",
                "en": "The ministry asks that no update reaches families in the evening (by default 20:00–07:00). "
                      "Timestamps shown are only evidence: they prove neither compliance nor its absence."},
           fix={"fr": "Différer notifications et publications hors de la plage ; l'afficher aux utilisateurs.",
                "en": "Delay notifications and publications outside the window; tell users about it."})
def quiet_hours(site: SiteView, settings: RuleSettings) -> Finding:
    pages, items = quiet_hours_items(site, settings)
    window = quiet_window(settings)
    window_value = value(msg("Plage calme", "Quiet window"), "text", msg(window.describe("fr"), window.describe("en")))
    zone = value(msg("Fuseau horaire", "Time zone"), "code", settings.timezone)
    if not pages:
        return Finding.na(facts(note(msg("Aucun élément horodaté (<time datetime>) sur les pages auditées",
                                         "No timestamped item (<time datetime>) on the pages audited")),
                                window_value, zone))
    columns = [Column("datetime", "datetime", msg("Date", "Date")), Column("text", "text", msg("Élément", "Item")),
               PAGE]
    return Finding.manual(table(
        columns, ({"datetime": i["datetime"], "text": i["text"][:80], "page": i["page"]} for i in items[:MAX_ITEMS]),
        [value(msg("Éléments horodatés dans la plage", "Items timestamped inside the window"), "count", len(items)),
         value(msg("Pages montrant des horodatages", "Pages showing timestamps"), "count", pages), window_value,
         zone]))


"""A stand-in OpenID Connect identity provider on 127.0.0.1, for the single sign-on tests.

It serves a discovery document, its signing key (JWKS) and a token endpoint that exchanges a code for an ID token
signed with RS256 (PyJWT), as Microsoft Entra ID does. The test plays the person at the provider: `sign_in` takes
the authorisation request PutRight sent the browser to and the person who signed in, and returns the code the
provider would send back.
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

CLIENT_ID = "putright-test-client"
CLIENT_SECRET = "stand-in-secret"


@dataclass
class Person:
    subject: str
    username: str
    groups: list[str]
    given_name: str = "Pat"
    family_name: str = "Officer"


@dataclass
class IdentityProvider:
    server: ThreadingHTTPServer
    key: rsa.RSAPrivateKey = field(
        default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )
    kid: str = "stand-in-key-1"
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    token_requests: int = 0
    sign_with: rsa.RSAPrivateKey | None = None  # another key: an ID token the provider's JWKS does not vouch for

    @property
    def issuer(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def sign_in(self, authorize_url: str, person: Person) -> tuple[str, dict[str, str]]:
        """The person signs in at the provider; returns the redirect URI and the query it sends the browser back
        with (the code and the state)."""
        query = {name: values[0] for name, values in parse_qs(urlparse(authorize_url).query).items()}
        assert authorize_url.startswith(f"{self.issuer}/authorize?")
        assert query["client_id"] == CLIENT_ID and query["response_type"] == "code"
        code = secrets.token_urlsafe(16)
        self.codes[code] = {"person": person, "nonce": query.get("nonce"), "redirect_uri": query["redirect_uri"]}
        return query["redirect_uri"], {"code": code, "state": query["state"]}

    def id_token(self, person: Person, nonce: str | None) -> str:
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": CLIENT_ID,
            "sub": person.subject,
            "iat": now,
            "nbf": now,
            "exp": now + 3600,
            "preferred_username": person.username,
            "email": person.username,
            "given_name": person.given_name,
            "family_name": person.family_name,
            "groups": person.groups,
        }
        if nonce:
            claims["nonce"] = nonce
        return jwt.encode(claims, self.sign_with or self.key, algorithm="RS256", headers={"kid": self.kid})

    def jwks(self) -> dict[str, Any]:
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**public, "kid": self.kid, "use": "sig", "alg": "RS256"}]}

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/keys",
            "response_types_supported": ["code"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "profile", "email"],
        }

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _handler(provider_ref: list[IdentityProvider]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _json(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            provider = provider_ref[0]
            if self.path == "/.well-known/openid-configuration":
                self._json(200, provider.discovery())
            elif self.path == "/keys":
                self._json(200, provider.jwks())
            else:
                self._json(404, {"error": "not_found"})

        def do_POST(self) -> None:
            provider = provider_ref[0]
            if self.path != "/token":
                self._json(404, {"error": "not_found"})
                return
            provider.token_requests += 1
            length = int(self.headers.get("Content-Length") or 0)
            form = {name: values[0] for name, values in parse_qs(self.rfile.read(length).decode()).items()}
            basic = self.headers.get("Authorization", "")
            expected = "Basic " + base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
            if basic != expected:
                self._json(401, {"error": "invalid_client"})
                return
            grant = provider.codes.pop(form.get("code", ""), None)  # a code works once
            if grant is None or form.get("redirect_uri") != grant["redirect_uri"]:
                self._json(400, {"error": "invalid_grant"})
                return
            self._json(
                200,
                {
                    "access_token": secrets.token_urlsafe(16),
                    "token_type": "Bearer",
                    "expires_in": 3600,
                    "id_token": provider.id_token(grant["person"], grant["nonce"]),
                },
            )

    return Handler


def start_identity_provider() -> IdentityProvider:
    ref: list[IdentityProvider] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(ref))
    provider = IdentityProvider(server=server)
    ref.append(provider)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return provider

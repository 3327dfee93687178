"""The OpenAPI document: every operation also lists the problem+json answers it can give."""

from __future__ import annotations

from typing import Any, Literal

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema

from putright.api.problems import PROBLEM_TYPE
from putright.api.serializers import ProblemSerializer

PROBLEMS = {
    "400": "The request has a problem: each field is named with the reason",
    "401": "No API key, or one that is not recognised or has been revoked",
    "403": "The key may not do this (a read-only key writing)",
    "404": "No such case, or not one this key may read",
    "429": "Too many calls for this key: wait for Retry-After seconds",
}


class ProblemAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction: Literal["request", "response"] = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        if direction != "response" or not self._is_api_operation():
            return responses
        for code, description in PROBLEMS.items():
            if code == "404" and "{" not in self.path:
                continue
            if code == "400" and self.method == "GET" and "{" in self.path:
                continue
            body = self._get_response_for_code(ProblemSerializer, code, media_types=[PROBLEM_TYPE])
            body["description"] = description
            responses.setdefault(code, body)
        return responses

    def _is_api_operation(self) -> bool:
        return self.path.startswith("/api/v1/") and not self.path.startswith("/api/v1/schema")


class APIKeyScheme(OpenApiAuthenticationExtension):
    target_class = "putright.api.auth.APIKeyAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema: AutoSchema) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer", "description": "The key an administrator made for your system"}

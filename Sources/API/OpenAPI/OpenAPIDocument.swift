/// The OpenAPI 3.1 description of every route, served at `/v1/openapi.json`.
///
/// Written by hand, next to the code: `OpenAPIDocumentTests` fails when a
/// route of the router is missing here or this document names a route that
/// does not exist, so the two cannot drift apart.
enum OpenAPIDocument {
    static let json = #"""
{
  "openapi": "3.1.0",
  "info": {
    "title": "TrustForum",
    "version": "1",
    "summary": "A closed, vetted forum with end-to-end encrypted threads and enforced TLP 2.0 labels.",
    "description": "Every error is an RFC 9457 problem (application/problem+json) whose `type` is a stable URN `urn:trustforum:problem:<slug>`. Binary values travel as standard base64 with padding. Every response carries `X-Request-Id`.",
    "license": { "name": "Proprietary" }
  },
  "servers": [ { "url": "/" } ],
  "tags": [
    { "name": "operations", "description": "Health, readiness, metrics and service metadata." }
  ],
  "paths": {
    "/healthz": {
      "get": {
        "operationId": "health",
        "tags": ["operations"],
        "summary": "Liveness: the process answers.",
        "responses": {
          "200": { "description": "Alive.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Status" } } } }
        }
      }
    },
    "/readyz": {
      "get": {
        "operationId": "ready",
        "tags": ["operations"],
        "summary": "Readiness: the store answers. Not exposed through the proxy.",
        "responses": {
          "200": { "description": "Ready.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Readiness" } } } },
          "503": { "$ref": "#/components/responses/Problem" }
        }
      }
    },
    "/metrics": {
      "get": {
        "operationId": "metrics",
        "tags": ["operations"],
        "summary": "Prometheus metrics: requests by route and status, latency, connections, writer queue and commit batch sizes. Not exposed through the proxy.",
        "responses": {
          "200": { "description": "Prometheus text format 0.0.4.", "content": { "text/plain": { "schema": { "type": "string" } } } }
        }
      }
    },
    "/v1/openapi.json": {
      "get": {
        "operationId": "openapi",
        "tags": ["operations"],
        "summary": "This document.",
        "responses": {
          "200": { "description": "The OpenAPI 3.1 document.", "content": { "application/json": { "schema": { "type": "object" } } } }
        }
      }
    },
    "/v1/version": {
      "get": {
        "operationId": "version",
        "tags": ["operations"],
        "summary": "The service's version, its community and the oldest client protocol it accepts.",
        "responses": {
          "200": { "description": "Version information.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Version" } } } }
        }
      }
    }
  },
  "components": {
    "schemas": {
      "Status": {
        "type": "object",
        "required": ["status"],
        "properties": { "status": { "type": "string", "const": "ok" } }
      },
      "Readiness": {
        "type": "object",
        "required": ["status", "store"],
        "properties": { "status": { "type": "string" }, "store": { "type": "string" } }
      },
      "Version": {
        "type": "object",
        "required": ["service", "version", "api", "min_client_protocol", "community_id", "server_origin"],
        "properties": {
          "service": { "type": "string", "const": "trustforum" },
          "version": { "type": "string" },
          "api": { "type": "string", "const": "v1" },
          "min_client_protocol": { "type": "integer", "minimum": 1 },
          "community_id": { "type": "string", "format": "uuid" },
          "server_origin": { "type": "string", "format": "uri" }
        }
      },
      "Problem": {
        "type": "object",
        "description": "RFC 9457 problem details.",
        "required": ["type", "title", "status"],
        "properties": {
          "type": { "type": "string", "format": "uri", "description": "urn:trustforum:problem:<slug>" },
          "title": { "type": "string" },
          "status": { "type": "integer" },
          "detail": { "type": "string" },
          "request_id": { "type": "string" }
        }
      }
    },
    "responses": {
      "Problem": {
        "description": "An error, as RFC 9457 problem details.",
        "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } }
      }
    }
  }
}
"""#
}

/// The OpenAPI 3.1 description of every route, served at `/v1/openapi.json`.
///
/// Written by hand, next to the code: `OpenAPIDocumentTests` fails when a
/// route of the router is missing here or this document names a route that
/// does not exist, so the two cannot drift apart. The routes of circles,
/// keyrings, threads and posts are described in `ThreadsOpenAPI` and spliced
/// into `base` (their paths, schemas and tags).
enum OpenAPIDocument {
    static let json = ThreadsOpenAPI.splice(into: base)

    static let base = #"""
{
  "openapi": "3.1.0",
  "info": {
    "title": "TrustForum",
    "version": "1",
    "summary": "A closed, vetted forum with end-to-end encrypted threads and enforced TLP 2.0 labels.",
    "description": "Every error is an RFC 9457 problem (application/problem+json) whose `type` is a stable URN `urn:trustforum:problem:<slug>`. Binary values travel as standard base64 with padding. Every response carries `X-Request-Id`. Clients may send `TrustForum-Protocol: N`; a version below min_client_protocol gets 426.",
    "license": {
      "name": "Proprietary"
    }
  },
  "servers": [
    {
      "url": "/"
    }
  ],
  "tags": [
    {
      "name": "operations",
      "description": "Health, readiness, metrics and service metadata."
    },
    {
      "name": "policies"
    },
    {
      "name": "community",
      "description": "The signed community log."
    },
    {
      "name": "auth"
    },
    {
      "name": "applications"
    },
    {
      "name": "members"
    },
    {
      "name": "organisation"
    }
  ],
  "paths": {
    "/healthz": {
      "get": {
        "operationId": "health",
        "tags": [
          "operations"
        ],
        "summary": "Liveness: the process answers.",
        "responses": {
          "200": {
            "description": "Alive.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Status"
                }
              }
            }
          }
        }
      }
    },
    "/readyz": {
      "get": {
        "operationId": "ready",
        "tags": [
          "operations"
        ],
        "summary": "Readiness: the store answers. Not exposed through the proxy.",
        "responses": {
          "200": {
            "description": "Ready.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Readiness"
                }
              }
            }
          },
          "503": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/metrics": {
      "get": {
        "operationId": "metrics",
        "tags": [
          "operations"
        ],
        "summary": "Prometheus metrics: requests by route and status, latency, connections, writer queue and commit batch sizes. Not exposed through the proxy.",
        "responses": {
          "200": {
            "description": "Prometheus text format 0.0.4.",
            "content": {
              "text/plain": {
                "schema": {
                  "type": "string"
                }
              }
            }
          }
        }
      }
    },
    "/v1/openapi.json": {
      "get": {
        "operationId": "openapi",
        "tags": [
          "operations"
        ],
        "summary": "This document.",
        "responses": {
          "200": {
            "description": "The OpenAPI 3.1 document.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              }
            }
          }
        }
      }
    },
    "/v1/version": {
      "get": {
        "operationId": "version",
        "tags": [
          "operations"
        ],
        "summary": "The service's version, its community and the oldest client protocol it accepts.",
        "responses": {
          "200": {
            "description": "Version information.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Version"
                }
              }
            }
          }
        }
      }
    },
    "/v1/policies/roles": {
      "get": {
        "operationId": "rolesPolicy",
        "tags": [
          "policies"
        ],
        "summary": "Policies/roles.json: who may call which operation, and who may certify and sanction whom.",
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              }
            }
          }
        }
      }
    },
    "/v1/policies/register": {
      "get": {
        "operationId": "registerPolicy",
        "tags": [
          "policies"
        ],
        "summary": "Policies/sectors.json: the sectors, sizes and regions an application chooses from.",
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              }
            }
          }
        }
      }
    },
    "/v1/community": {
      "get": {
        "operationId": "community",
        "tags": [
          "community"
        ],
        "summary": "The community: its id, server_origin, root certificate (entry 0) and the log's head. Public, so an applicant can check the root fingerprint before applying.",
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Community"
                }
              }
            }
          },
          "503": {
            "$ref": "#/components/responses/Problem"
          }
        }
      }
    },
    "/v1/community/log": {
      "get": {
        "operationId": "communityLog",
        "tags": [
          "community"
        ],
        "summary": "The community log after a seq (PROTOCOL.md §3), for clients to replay and verify.",
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/CommunityLog"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Problem"
          },
          "401": {
            "$ref": "#/components/responses/Problem"
          },
          "403": {
            "$ref": "#/components/responses/Problem"
          }
        },
        "parameters": [
          {
            "name": "after",
            "in": "query",
            "schema": {
              "type": "integer",
              "minimum": -1
            },
            "description": "Entries with seq > after; -1 or absent: from entry 0."
          },
          {
            "name": "limit",
            "in": "query",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 1000,
              "default": 500
            }
          }
        ],
        "security": [
          {
            "bearer": []
          }
        ]
      }
    },
    "/v1/auth/challenge": {
      "post": {
        "operationId": "authChallenge",
        "tags": [
          "auth"
        ],
        "summary": "A single-use, short-lived login challenge. Unknown member ids get challenges that look the same.",
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Challenge"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Problem"
          },
          "429": {
            "$ref": "#/components/responses/Problem"
          }
        },
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ChallengeRequest"
              }
            }
          }
        }
      }
    },
    "/v1/auth/session": {
      "post": {
        "operationId": "authSession",
        "tags": [
          "auth"
        ],
        "summary": "Answer a challenge with Ed25519(sign_sk, frame(\"trustforum/login/v1\", server_origin, community_id, member_id, challenge)) for a bearer token.",
        "responses": {
          "201": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Session"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Problem"
          },
          "401": {
            "$ref": "#/components/responses/Problem"
          },
          "429": {
            "$ref": "#/components/responses/Problem"
          }
        },
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/SessionRequest"
              }
            }
          }
        }
      },
      "delete": {
        "operationId": "logout",
        "tags": [
          "auth"
        ],
        "summary": "End this session.",
        "responses": {
          "204": {
            "description": "Ended."
          },
          "401": {
            "$ref": "#/components/responses/Problem"
          }
        },
        "security": [
          {
            "bearer": []
          }
        ]
      }
    },
    "/v1/me": {
      "get": {
        "operationId": "me",
        "tags": [
          "auth"
        ],
        "summary": "The signed-in member or applicant: status, role, organisation, its application's decision and warnings.",
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Me"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Problem"
          }
        },
        "security": [
          {
            "bearer": []
          }
        ]
      }
    },
    "/v1/applications": {
      "post": {
        "operationId": "applicationSubmit",
        "tags": [
          "applications"
        ],
        "summary": "Apply for membership for an organisation, with a key bundle and its proof of possession. Rate limited per client address.",
        "responses": {
          "201": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Submitted"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Problem"
          },
          "409": {
            "$ref": "#/components/responses/Problem"
          },
          "415": {
            "$ref": "#/components/responses/Problem"
          },
          "422": {
            "$ref": "#/components/responses/Problem"
          },
          "429": {
            "$ref": "#/components/responses/Problem"
          }
        },
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ApplicationRequest"
              }
            }
          }
        }
      },
      "get": {
        "operationId": "applicationList",
        "tags": [
          "applications"
        ],
        "summary": "Applications (moderators, admins).",
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "applications"
                  ],
                  "properties": {
                    "applications": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/Application"
                      }
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Problem"
          },
          "401": {
            "$ref": "#/components/responses/Problem"
          },
          "403": {
            "$ref": "#/components/responses/Problem"
          }
        },
        "parameters": [
          {
            "name": "status",
            "in": "query",
            "schema": {
              "type": "string",
              "enum": [
                "pending",
                "approved",
                "rejected",
                "all"
              ],
              "default": "pending"
            }
          }
        ],
        "security": [
          {
            "bearer": []
          }
        ]
      }
    },
    "/v1/applications/{id}": {
      "get": {
        "operationId": "applicationShow",
        "tags": [
          "applications"
        ],
        "summary": "One application: moderators see every one, an applicant only its own.",
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Application"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Problem"
          },
          "403": {
            "$ref": "#/components/responses/Problem"
          },
          "404": {
            "$ref": "#/components/responses/Problem"
          }
        },
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "format": "uuid"
            }
          }
        ],
        "security": [
          {
            "bearer": []
          }
        ]
      }
    },
    "/v1/applications/{id}/approve": {
      "post": {
        "operationId": "applicationApprove",
        "tags": [
          "applications"
        ],
        "summary": "Approve: the moderator's client signs the certificate and the certify entry; the server checks both as every client will.",
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Decision"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Problem"
          },
          "401": {
            "$ref": "#/components/responses/Problem"
          },
          "403": {
            "$ref": "#/components/responses/Problem"
          },
          "404": {
            "$ref": "#/components/responses/Problem"
          },
          "409": {
            "$ref": "#/components/responses/Problem"
          },
          "422": {
            "$ref": "#/components/responses/Problem"
          }
        },
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ApproveRequest"
              }
            }
          }
        },
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "format": "uuid"
            }
          }
        ],
        "security": [
          {
            "bearer": []
          }
        ]
      }
    },
    "/v1/applications/{id}/reject": {
      "post": {
        "operationId": "applicationReject",
        "tags": [
          "applications"
        ],
        "summary": "Reject with a reason the applicant sees.",
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Decision"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Problem"
          },
          "401": {
            "$ref": "#/components/responses/Problem"
          },
          "403": {
            "$ref": "#/components/responses/Problem"
          },
          "404": {
            "$ref": "#/components/responses/Problem"
          },
          "409": {
            "$ref": "#/components/responses/Problem"
          }
        },
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ReasonRequest"
              }
            }
          }
        },
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "format": "uuid"
            }
          }
        ],
        "security": [
          {
            "bearer": []
          }
        ]
      }
    },
    "/v1/members": {
      "get": {
        "operationId": "memberList",
        "tags": [
          "members"
        ],
        "summary": "Members (moderators, admins).",
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "members"
                  ],
                  "properties": {
                    "members": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/Member"
                      }
                    }
                  }
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Problem"
          },
          "401": {
            "$ref": "#/components/responses/Problem"
          },
          "403": {
            "$ref": "#/components/responses/Problem"
          }
        },
        "parameters": [
          {
            "name": "status",
            "in": "query",
            "schema": {
              "type": "string",
              "enum": [
                "applicant",
                "rejected",
                "active",
                "suspended",
                "revoked"
              ]
            }
          },
          {
            "name": "role",
            "in": "query",
            "schema": {
              "type": "string",
              "enum": [
                "member",
                "org_admin",
                "expert",
                "moderator",
                "admin"
              ]
            }
          }
        ],
        "security": [
          {
            "bearer": []
          }
        ]
      }
    },
    "/v1/members/{id}": {
      "get": {
        "operationId": "memberShow",
        "tags": [
          "members"
        ],
        "summary": "One member with contact details and warnings (moderators, admins).",
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Member"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Problem"
          },
          "403": {
            "$ref": "#/components/responses/Problem"
          },
          "404": {
            "$ref": "#/components/responses/Problem"
          }
        },
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "format": "uuid"
            }
          }
        ],
        "security": [
          {
            "bearer": []
          }
        ]
      }
    },
    "/v1/members/{id}/keys": {
      "get": {
        "operationId": "memberKeys",
        "tags": [
          "members"
        ],
        "summary": "A member's key bundle, its certificates and the log entries that chain them to the root.",
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Keys"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Problem"
          },
          "403": {
            "$ref": "#/components/responses/Problem"
          },
          "404": {
            "$ref": "#/components/responses/Problem"
          }
        },
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "format": "uuid"
            }
          }
        ],
        "security": [
          {
            "bearer": []
          }
        ]
      }
    },
    "/v1/members/{id}/certificates": {
      "post": {
        "operationId": "memberCertify",
        "tags": [
          "members"
        ],
        "summary": "A new certificate for an existing member: renewal, another role, or a new key (with the old key's signature when it can give one).",
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/MemberResult"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Problem"
          },
          "401": {
            "$ref": "#/components/responses/Problem"
          },
          "403": {
            "$ref": "#/components/responses/Problem"
          },
          "404": {
            "$ref": "#/components/responses/Problem"
          },
          "409": {
            "$ref": "#/components/responses/Problem"
          },
          "422": {
            "$ref": "#/components/responses/Problem"
          }
        },
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/CertifyRequest"
              }
            }
          }
        },
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "format": "uuid"
            }
          }
        ],
        "security": [
          {
            "bearer": []
          }
        ]
      }
    },
    "/v1/members/{id}/suspend": {
      "post": {
        "operationId": "memberSuspend",
        "tags": [
          "members"
        ],
        "summary": "Suspend: a signed log entry; every session of the member ends at once.",
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/MemberResult"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Problem"
          },
          "401": {
            "$ref": "#/components/responses/Problem"
          },
          "403": {
            "$ref": "#/components/responses/Problem"
          },
          "404": {
            "$ref": "#/components/responses/Problem"
          },
          "409": {
            "$ref": "#/components/responses/Problem"
          },
          "422": {
            "$ref": "#/components/responses/Problem"
          }
        },
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/SanctionRequest"
              }
            }
          }
        },
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "format": "uuid"
            }
          }
        ],
        "security": [
          {
            "bearer": []
          }
        ]
      }
    },
    "/v1/members/{id}/reinstate": {
      "post": {
        "operationId": "memberReinstate",
        "tags": [
          "members"
        ],
        "summary": "Reinstate a suspended member: a signed log entry.",
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/MemberResult"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Problem"
          },
          "401": {
            "$ref": "#/components/responses/Problem"
          },
          "403": {
            "$ref": "#/components/responses/Problem"
          },
          "404": {
            "$ref": "#/components/responses/Problem"
          },
          "409": {
            "$ref": "#/components/responses/Problem"
          },
          "422": {
            "$ref": "#/components/responses/Problem"
          }
        },
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/SanctionRequest"
              }
            }
          }
        },
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "format": "uuid"
            }
          }
        ],
        "security": [
          {
            "bearer": []
          }
        ]
      }
    },
    "/v1/members/{id}/remove": {
      "post": {
        "operationId": "memberRemove",
        "tags": [
          "members"
        ],
        "summary": "Remove (revoke) a member for good: a signed log entry; every session ends.",
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/MemberResult"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Problem"
          },
          "401": {
            "$ref": "#/components/responses/Problem"
          },
          "403": {
            "$ref": "#/components/responses/Problem"
          },
          "404": {
            "$ref": "#/components/responses/Problem"
          },
          "409": {
            "$ref": "#/components/responses/Problem"
          },
          "422": {
            "$ref": "#/components/responses/Problem"
          }
        },
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/SanctionRequest"
              }
            }
          }
        },
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "format": "uuid"
            }
          }
        ],
        "security": [
          {
            "bearer": []
          }
        ]
      }
    },
    "/v1/members/{id}/warnings": {
      "post": {
        "operationId": "memberWarn",
        "tags": [
          "members"
        ],
        "summary": "Warn a member (recorded, shown to the member).",
        "responses": {
          "201": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/MemberResult"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Problem"
          },
          "401": {
            "$ref": "#/components/responses/Problem"
          },
          "403": {
            "$ref": "#/components/responses/Problem"
          },
          "404": {
            "$ref": "#/components/responses/Problem"
          }
        },
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ReasonRequest"
              }
            }
          }
        },
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "format": "uuid"
            }
          }
        ],
        "security": [
          {
            "bearer": []
          }
        ]
      }
    },
    "/v1/members/{id}/erase": {
      "post": {
        "operationId": "memberErase",
        "tags": [
          "members"
        ],
        "summary": "Erase a member's personal data (contact name, e-mail, reasons); ids, certificates and chains stay verifiable (admins).",
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/MemberResult"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Problem"
          },
          "403": {
            "$ref": "#/components/responses/Problem"
          },
          "404": {
            "$ref": "#/components/responses/Problem"
          }
        },
        "parameters": [
          {
            "name": "id",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "format": "uuid"
            }
          }
        ],
        "security": [
          {
            "bearer": []
          }
        ]
      }
    },
    "/v1/org/invitations": {
      "post": {
        "operationId": "orgInvite",
        "tags": [
          "organisation"
        ],
        "summary": "An org admin invites a colleague: a code the colleague's application carries (a moderator still certifies).",
        "responses": {
          "201": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Invitation"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Problem"
          },
          "403": {
            "$ref": "#/components/responses/Problem"
          }
        },
        "security": [
          {
            "bearer": []
          }
        ]
      }
    },
    "/v1/org/members": {
      "get": {
        "operationId": "orgMembers",
        "tags": [
          "organisation"
        ],
        "summary": "The members of the org admin's own organisation.",
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "required": [
                    "members"
                  ],
                  "properties": {
                    "members": {
                      "type": "array",
                      "items": {
                        "$ref": "#/components/schemas/Member"
                      }
                    }
                  }
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Problem"
          },
          "403": {
            "$ref": "#/components/responses/Problem"
          }
        },
        "security": [
          {
            "bearer": []
          }
        ]
      }
    }
  },
  "components": {
    "schemas": {
      "Status": {
        "type": "object",
        "required": [
          "status"
        ],
        "properties": {
          "status": {
            "type": "string",
            "const": "ok"
          }
        }
      },
      "Readiness": {
        "type": "object",
        "required": [
          "status",
          "store"
        ],
        "properties": {
          "status": {
            "type": "string"
          },
          "store": {
            "type": "string"
          }
        }
      },
      "Version": {
        "type": "object",
        "required": [
          "service",
          "version",
          "api",
          "min_client_protocol",
          "community_id",
          "server_origin"
        ],
        "properties": {
          "service": {
            "type": "string",
            "const": "trustforum"
          },
          "version": {
            "type": "string"
          },
          "api": {
            "type": "string",
            "const": "v1"
          },
          "min_client_protocol": {
            "type": "integer",
            "minimum": 1
          },
          "community_id": {
            "type": "string",
            "format": "uuid"
          },
          "server_origin": {
            "type": "string",
            "format": "uri"
          }
        }
      },
      "Problem": {
        "type": "object",
        "description": "RFC 9457 problem details.",
        "required": [
          "type",
          "title",
          "status"
        ],
        "properties": {
          "type": {
            "type": "string",
            "format": "uri",
            "description": "urn:trustforum:problem:<slug>"
          },
          "title": {
            "type": "string"
          },
          "status": {
            "type": "integer"
          },
          "detail": {
            "type": "string"
          },
          "request_id": {
            "type": "string"
          }
        }
      },
      "LogEntry": {
        "type": "object",
        "required": [
          "seq",
          "kind",
          "actor_id",
          "payload",
          "prev_hash",
          "signature",
          "created_at"
        ],
        "properties": {
          "seq": {
            "type": "integer"
          },
          "kind": {
            "type": "string",
            "enum": [
              "root",
              "certify",
              "revoke",
              "suspend",
              "reinstate",
              "circle-create",
              "circle-moderator"
            ]
          },
          "actor_id": {
            "type": "string",
            "format": "uuid"
          },
          "payload": {
            "type": "string",
            "contentEncoding": "base64"
          },
          "prev_hash": {
            "type": "string",
            "contentEncoding": "base64"
          },
          "signature": {
            "type": "string",
            "contentEncoding": "base64"
          },
          "created_at": {
            "type": "integer"
          }
        }
      },
      "Head": {
        "type": "object",
        "required": [
          "seq",
          "hash"
        ],
        "properties": {
          "seq": {
            "type": "integer",
            "description": "-1 for an empty log"
          },
          "hash": {
            "type": "string",
            "contentEncoding": "base64"
          }
        }
      },
      "Community": {
        "type": "object",
        "required": [
          "community_id",
          "server_origin",
          "min_client_protocol",
          "root",
          "root_fingerprint",
          "head"
        ],
        "properties": {
          "community_id": {
            "type": "string",
            "format": "uuid"
          },
          "server_origin": {
            "type": "string"
          },
          "min_client_protocol": {
            "type": "integer"
          },
          "root": {
            "$ref": "#/components/schemas/LogEntry"
          },
          "root_fingerprint": {
            "type": "string"
          },
          "head": {
            "$ref": "#/components/schemas/Head"
          }
        }
      },
      "CommunityLog": {
        "type": "object",
        "required": [
          "entries",
          "head"
        ],
        "properties": {
          "entries": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/LogEntry"
            }
          },
          "head": {
            "$ref": "#/components/schemas/Head"
          }
        }
      },
      "ChallengeRequest": {
        "type": "object",
        "required": [
          "member_id"
        ],
        "properties": {
          "member_id": {
            "type": "string",
            "format": "uuid"
          }
        }
      },
      "Challenge": {
        "type": "object",
        "required": [
          "challenge",
          "expires_at",
          "server_origin",
          "community_id",
          "min_client_protocol"
        ],
        "properties": {
          "challenge": {
            "type": "string",
            "contentEncoding": "base64",
            "description": "32 bytes"
          },
          "expires_at": {
            "type": "integer"
          },
          "server_origin": {
            "type": "string"
          },
          "community_id": {
            "type": "string",
            "format": "uuid"
          },
          "min_client_protocol": {
            "type": "integer"
          }
        }
      },
      "SessionRequest": {
        "type": "object",
        "required": [
          "member_id",
          "challenge",
          "signature"
        ],
        "properties": {
          "member_id": {
            "type": "string",
            "format": "uuid"
          },
          "challenge": {
            "type": "string",
            "contentEncoding": "base64"
          },
          "signature": {
            "type": "string",
            "contentEncoding": "base64"
          }
        }
      },
      "Session": {
        "type": "object",
        "required": [
          "token",
          "expires_at",
          "member_id",
          "status"
        ],
        "properties": {
          "token": {
            "type": "string"
          },
          "expires_at": {
            "type": "integer"
          },
          "member_id": {
            "type": "string",
            "format": "uuid"
          },
          "status": {
            "type": "string"
          },
          "role": {
            "type": [
              "string",
              "null"
            ]
          }
        }
      },
      "Organisation": {
        "type": "object",
        "required": [
          "name",
          "kvk_number",
          "sector",
          "region",
          "size"
        ],
        "properties": {
          "name": {
            "type": "string",
            "maxLength": 200
          },
          "kvk_number": {
            "type": "string",
            "pattern": "^[0-9]{8}$"
          },
          "sector": {
            "type": "string"
          },
          "region": {
            "type": "string"
          },
          "size": {
            "type": "string"
          }
        }
      },
      "Contact": {
        "type": "object",
        "required": [
          "name",
          "email"
        ],
        "properties": {
          "name": {
            "type": "string",
            "maxLength": 200
          },
          "email": {
            "type": "string",
            "format": "email"
          }
        }
      },
      "ApplicationRequest": {
        "type": "object",
        "required": [
          "application_id",
          "community_id",
          "organisation",
          "contact",
          "sign_public_key",
          "box_public_key",
          "signature"
        ],
        "properties": {
          "application_id": {
            "type": "string",
            "format": "uuid"
          },
          "community_id": {
            "type": "string",
            "format": "uuid"
          },
          "organisation": {
            "$ref": "#/components/schemas/Organisation"
          },
          "contact": {
            "$ref": "#/components/schemas/Contact"
          },
          "sign_public_key": {
            "type": "string",
            "contentEncoding": "base64"
          },
          "box_public_key": {
            "type": "string",
            "contentEncoding": "base64"
          },
          "signature": {
            "type": "string",
            "contentEncoding": "base64",
            "description": "Ed25519(sign_sk, frame(\"trustforum/apply/v1\", community_id, application_id, sign_pk, box_pk, kvk_number, email))"
          },
          "invitation": {
            "type": "string",
            "description": "An org admin's invitation code."
          }
        }
      },
      "Submitted": {
        "type": "object",
        "required": [
          "application_id",
          "status",
          "fingerprint"
        ],
        "properties": {
          "application_id": {
            "type": "string",
            "format": "uuid"
          },
          "status": {
            "type": "string"
          },
          "fingerprint": {
            "type": "string"
          }
        }
      },
      "Application": {
        "type": "object",
        "required": [
          "application_id",
          "status",
          "organisation",
          "sign_public_key",
          "box_public_key",
          "signature",
          "fingerprint",
          "invited",
          "submitted_at"
        ],
        "properties": {
          "application_id": {
            "type": "string",
            "format": "uuid"
          },
          "status": {
            "type": "string",
            "enum": [
              "pending",
              "approved",
              "rejected"
            ]
          },
          "reason": {
            "type": [
              "string",
              "null"
            ]
          },
          "organisation": {
            "$ref": "#/components/schemas/Organisation"
          },
          "contact": {
            "anyOf": [
              {
                "$ref": "#/components/schemas/Contact"
              },
              {
                "type": "null"
              }
            ]
          },
          "sign_public_key": {
            "type": "string",
            "contentEncoding": "base64"
          },
          "box_public_key": {
            "type": "string",
            "contentEncoding": "base64"
          },
          "signature": {
            "type": "string",
            "contentEncoding": "base64"
          },
          "fingerprint": {
            "type": "string"
          },
          "org_id": {
            "type": [
              "string",
              "null"
            ],
            "description": "The organisation id the certificate must name (existing or inviting); null: a new one."
          },
          "invited": {
            "type": "boolean"
          },
          "submitted_at": {
            "type": "integer"
          },
          "decided_at": {
            "type": [
              "integer",
              "null"
            ]
          }
        }
      },
      "SignedEntry": {
        "type": "object",
        "required": [
          "seq",
          "prev_hash",
          "signature"
        ],
        "properties": {
          "seq": {
            "type": "integer"
          },
          "prev_hash": {
            "type": "string",
            "contentEncoding": "base64"
          },
          "signature": {
            "type": "string",
            "contentEncoding": "base64"
          }
        }
      },
      "ApproveRequest": {
        "type": "object",
        "required": [
          "certificate",
          "signature",
          "entry"
        ],
        "properties": {
          "certificate": {
            "type": "string",
            "contentEncoding": "base64"
          },
          "signature": {
            "type": "string",
            "contentEncoding": "base64"
          },
          "entry": {
            "$ref": "#/components/schemas/SignedEntry"
          },
          "organisation": {
            "$ref": "#/components/schemas/Organisation"
          },
          "circle_wraps": {
            "type": "array",
            "description": "The default keyring's epochs wrapped for the new member (recipient_cert_hash = the new certificate's hash, wrapper = you); required for the current epoch once the default keyring has one.",
            "items": {
              "$ref": "#/components/schemas/Wrap"
            }
          }
        }
      },
      "ReasonRequest": {
        "type": "object",
        "required": [
          "reason"
        ],
        "properties": {
          "reason": {
            "type": "string",
            "maxLength": 2000
          }
        }
      },
      "Decision": {
        "type": "object",
        "required": [
          "application_id",
          "status"
        ],
        "properties": {
          "application_id": {
            "type": "string",
            "format": "uuid"
          },
          "status": {
            "type": "string"
          },
          "seq": {
            "type": [
              "integer",
              "null"
            ]
          }
        }
      },
      "Member": {
        "type": "object",
        "required": [
          "member_id",
          "status",
          "fingerprint",
          "unverified_key_change",
          "erased"
        ],
        "properties": {
          "member_id": {
            "type": "string",
            "format": "uuid"
          },
          "status": {
            "type": "string"
          },
          "role": {
            "type": [
              "string",
              "null"
            ]
          },
          "org_id": {
            "type": [
              "string",
              "null"
            ]
          },
          "organisation": {
            "type": [
              "string",
              "null"
            ]
          },
          "contact": {
            "anyOf": [
              {
                "$ref": "#/components/schemas/Contact"
              },
              {
                "type": "null"
              }
            ]
          },
          "fingerprint": {
            "type": "string"
          },
          "certificate_seq": {
            "type": [
              "integer",
              "null"
            ]
          },
          "expires_at": {
            "type": [
              "integer",
              "null"
            ]
          },
          "unverified_key_change": {
            "type": "boolean"
          },
          "warnings": {
            "type": [
              "array",
              "null"
            ]
          },
          "erased": {
            "type": "boolean"
          },
          "suspended_until": {
            "type": "integer",
            "description": "A suspension for a period: when it ends (seconds)."
          }
        }
      },
      "Keys": {
        "type": "object",
        "required": [
          "member_id",
          "org_id",
          "role",
          "status",
          "fingerprint",
          "sign_public_key",
          "box_public_key",
          "unverified_key_change",
          "certificate_seqs",
          "chain",
          "head"
        ],
        "properties": {
          "member_id": {
            "type": "string",
            "format": "uuid"
          },
          "org_id": {
            "type": "string",
            "format": "uuid"
          },
          "role": {
            "type": "string"
          },
          "status": {
            "type": "string"
          },
          "fingerprint": {
            "type": "string"
          },
          "sign_public_key": {
            "type": "string",
            "contentEncoding": "base64"
          },
          "box_public_key": {
            "type": "string",
            "contentEncoding": "base64"
          },
          "unverified_key_change": {
            "type": "boolean"
          },
          "certificate_seqs": {
            "type": "array",
            "items": {
              "type": "integer"
            }
          },
          "chain": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/LogEntry"
            }
          },
          "head": {
            "$ref": "#/components/schemas/Head"
          }
        }
      },
      "CertifyRequest": {
        "type": "object",
        "required": [
          "certificate",
          "signature",
          "entry"
        ],
        "properties": {
          "certificate": {
            "type": "string",
            "contentEncoding": "base64"
          },
          "signature": {
            "type": "string",
            "contentEncoding": "base64"
          },
          "key_change_signature": {
            "type": "string",
            "contentEncoding": "base64"
          },
          "entry": {
            "$ref": "#/components/schemas/SignedEntry"
          }
        }
      },
      "SanctionRequest": {
        "type": "object",
        "required": [
          "entry"
        ],
        "properties": {
          "reason": {
            "type": "string",
            "maxLength": 2000,
            "description": "Kept off the log; the entry carries its BLAKE2b."
          },
          "entry": {
            "$ref": "#/components/schemas/SignedEntry"
          },
          "until": {
            "type": "integer",
            "minimum": 0,
            "description": "Suspensions only: the end of the period (seconds since the epoch, at most five years ahead). A moderator's client signs the reinstatement when it is over."
          }
        }
      },
      "MemberResult": {
        "type": "object",
        "required": [
          "member_id",
          "status"
        ],
        "properties": {
          "member_id": {
            "type": "string",
            "format": "uuid"
          },
          "status": {
            "type": "string"
          },
          "seq": {
            "type": [
              "integer",
              "null"
            ]
          }
        }
      },
      "Me": {
        "type": "object",
        "required": [
          "member_id",
          "status",
          "fingerprint",
          "warnings",
          "community_id"
        ],
        "properties": {
          "member_id": {
            "type": "string",
            "format": "uuid"
          },
          "status": {
            "type": "string"
          },
          "role": {
            "type": [
              "string",
              "null"
            ]
          },
          "org_id": {
            "type": [
              "string",
              "null"
            ]
          },
          "organisation": {
            "type": [
              "string",
              "null"
            ]
          },
          "fingerprint": {
            "type": "string"
          },
          "application": {
            "type": [
              "object",
              "null"
            ]
          },
          "warnings": {
            "type": "array"
          },
          "community_id": {
            "type": "string",
            "format": "uuid"
          }
        }
      },
      "Invitation": {
        "type": "object",
        "required": [
          "invitation_id",
          "code",
          "org_id",
          "expires_at"
        ],
        "properties": {
          "invitation_id": {
            "type": "string",
            "format": "uuid"
          },
          "code": {
            "type": "string"
          },
          "org_id": {
            "type": "string",
            "format": "uuid"
          },
          "expires_at": {
            "type": "integer"
          }
        }
      }
    },
    "responses": {
      "Problem": {
        "description": "An error, as RFC 9457 problem details.",
        "content": {
          "application/problem+json": {
            "schema": {
              "$ref": "#/components/schemas/Problem"
            }
          }
        }
      }
    },
    "securitySchemes": {
      "bearer": {
        "type": "http",
        "scheme": "bearer",
        "description": "A session token from POST /v1/auth/session."
      }
    }
  }
}
"""#
}

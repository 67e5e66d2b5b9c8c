import Core
import Foundation
import HTTP
import Store

/// Health, readiness, metrics, the OpenAPI document and the version: the
/// routes an operator and a load balancer use.
enum SystemRoutes {
    static func routes(_ service: AppContext) -> [APIRoute] {
        let health = Array(#"{"status":"ok"}"#.utf8)
        let version = Array(("{\"api\":\"v1\",\"community_id\":\"\(service.communityID)\",\"min_client_protocol\":\(Service.minClientProtocol),"
            + "\"server_origin\":\(JSONText.quote(service.configuration.publicOrigin)),\"service\":\"trustforum\","
            + "\"version\":\(JSONText.quote(service.configuration.version))}").utf8)
        let openAPI = Array(OpenAPIDocument.json.utf8)
        let roles = Array(service.policy.source.utf8)
        let register = Array(EmbeddedPolicies.text("sectors").utf8)
        return [
            APIRoute(.get, "/healthz", "health", execution: .eventLoop) { _, _ in .json(health) },
            APIRoute(.get, "/readyz", "ready") { _, _ in
                do {
                    _ = try service.database.read { conn in try Community.id(conn) }
                    return .json(#"{"status":"ok","store":"ok"}"#)
                } catch {
                    throw Problem(status: 503, slug: "not-ready", title: "The store is not reachable.")
                }
            },
            APIRoute(.get, "/metrics", "metrics") { _, _ in
                Response(status: 200, contentType: PrometheusText.contentType, body: Array(service.renderMetrics().utf8))
            },
            APIRoute(.get, "/v1/openapi.json", "openapi", execution: .eventLoop) { _, _ in .json(openAPI) },
            APIRoute(.get, "/v1/version", "version", execution: .eventLoop) { _, _ in .json(version) },
            APIRoute(.get, "/v1/policies/roles", "rolesPolicy", execution: .eventLoop) { _, _ in .json(roles) },
            APIRoute(.get, "/v1/policies/register", "registerPolicy", execution: .eventLoop) { _, _ in .json(register) },
        ]
    }
}

/// Routes that exist only on servers started with `--enable-test-routes`:
/// a durable write (an audit row) for the crash-safety and load tests, and
/// a slow request for the graceful-shutdown test. Never in production, and
/// not in the OpenAPI document.
enum TestRoutes {
    struct ProbeRequest: Decodable {
        let subject: String
    }

    static func routes(_ service: AppContext) -> [APIRoute] {
        [
            APIRoute(.post, "/v1/_test/audit", "testAudit", bodyLimit: 1 << 20) { request, _ in
                let probe = try request.decodeJSON(ProbeRequest.self)
                guard Identifier.isValid(probe.subject) else {
                    throw Problem(status: 400, slug: "invalid-request", title: "subject must be a lower-case UUID.")
                }
                let key = service.auditKey
                let entry = try service.database.write { conn in
                    try AuditLog.append(conn, key: key, actor: AuditField.system, action: .testProbe, subject: probe.subject)
                }
                return .json("{\"seq\":\(entry.seq)}", status: 201)
            },
            APIRoute(.get, "/v1/_test/sleep", "testSleep") { request, _ in
                let ms = min(max(Int(request.query("ms") ?? "100") ?? 100, 0), 10_000)
                usleep(UInt32(ms) * 1000)
                return .json("{\"slept_ms\":\(ms)}")
            },
        ]
    }
}

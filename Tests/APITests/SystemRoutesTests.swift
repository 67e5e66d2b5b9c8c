import Foundation
import Testing
import HTTP
@testable import API

@Suite struct SystemRoutesTests {
    @Test func healthAndReadiness() throws {
        let service = try TestService()
        #expect(try service.call(.get, "/healthz").json?["status"] as? String == "ok")
        let ready = try service.call(.get, "/readyz")
        #expect(ready.status == 200)
        #expect(ready.json?["store"] as? String == "ok")
    }

    @Test func readinessFailsWhenTheStoreIsClosed() throws {
        let service = try TestService()
        try service.database.close()
        let ready = try service.call(.get, "/readyz")
        #expect(ready.status == 503)
        #expect(ready.contentType == "application/problem+json")
        #expect(ready.json?["type"] as? String == "urn:trustforum:problem:not-ready")
    }

    @Test func versionNamesTheProtocolAndOrigin() throws {
        let service = try TestService()
        let json = try #require(try service.call(.get, "/v1/version").json)
        #expect(json["min_client_protocol"] as? Int == Service.minClientProtocol)
        #expect(json["server_origin"] as? String == "https://forum.example.org")
        #expect(json["community_id"] as? String == service.communityID)
    }

    @Test func metricsHaveTheRequiredFamilies() throws {
        let service = try TestService()
        service.service.metrics.requestCompleted(loop: 0, route: 0, status: 200, nanoseconds: 300_000)
        service.service.metrics.requestCompleted(loop: 0, route: -1, status: 404, nanoseconds: 10_000)
        try service.database.write { _ in () }
        let text = try service.call(.get, "/metrics").text
        #expect(text.contains(#"trustforum_http_requests_total{route="health",method="GET",status="200"} 1"#))
        #expect(text.contains(#"trustforum_http_requests_total{route="unmatched",method="",status="404"} 1"#))
        #expect(text.contains(#"trustforum_http_request_duration_seconds_bucket{route="health",method="GET",le="0.0005"} 1"#))
        #expect(text.contains(#"trustforum_http_request_duration_seconds_bucket{route="health",method="GET",le="0.00025"} 0"#))
        #expect(text.contains("trustforum_store_writer_queue_depth 0"))
        #expect(text.contains("trustforum_store_commit_batch_size_bucket{le=\"1\"} 1"))
        #expect(text.contains("trustforum_store_commits_total 1"))
        #expect(text.contains("# TYPE trustforum_store_commit_batch_size histogram"))
    }

    @Test func testRouteWritesAnAuditRowAndRefusesBadInput() throws {
        let service = try TestService(testRoutes: true)
        let ok = try service.call(.post, "/v1/_test/audit", body: Array(#"{"subject":"11111111-2222-4333-8444-555555555555"}"#.utf8),
                                  contentType: "application/json")
        #expect(ok.status == 201)
        #expect(ok.json?["seq"] as? Int == 3)  // after init's two rows
        let bad = try service.call(.post, "/v1/_test/audit", body: Array(#"{"subject":"<script>"}"#.utf8), contentType: "application/json")
        #expect(bad.status == 400)
        #expect(!bad.text.contains("script"))
        let notJSON = try service.call(.post, "/v1/_test/audit", body: Array("{".utf8), contentType: "application/json")
        #expect(notJSON.json?["type"] as? String == "urn:trustforum:problem:invalid-json")
        let wrongType = try service.call(.post, "/v1/_test/audit", body: Array("{}".utf8), contentType: "text/plain")
        #expect(wrongType.status == 415)
        let missing = try service.call(.post, "/v1/_test/audit", body: Array("{}".utf8), contentType: "application/json")
        #expect(missing.json?["detail"] as? String == "missing field: subject")
    }

    /// The JSON media type: any case, white space around it, parameters after `;`; nothing else.
    @Test func jsonMediaTypeIsReadByteByByte() {
        for good in ["application/json", "Application/JSON", " application/json ", "application/json; charset=utf-8", "\tapplication/json\t;x=y",
                     "application/json;"] {
            #expect(Request.isJSONMediaType(good), "\(good)")
        }
        for bad in ["", "text/plain", "application/jsonx", "application/json-patch+json", "application/ json", "application/jsón",
                    "application/json5", "application", ";application/json", "application/problem+json"] {
            #expect(!Request.isJSONMediaType(bad), "\(bad)")
        }
    }
}

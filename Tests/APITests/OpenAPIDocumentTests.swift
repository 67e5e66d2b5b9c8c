import Foundation
import Testing
import HTTP
@testable import API

@Suite struct OpenAPIDocumentTests {
    static func documentedOperations() throws -> Set<String> {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var operations = Set<String>()
        for (path, item) in paths {
            for method in item.keys where ["get", "put", "post", "delete", "patch", "head", "options"].contains(method) {
                operations.insert("\(method.uppercased()) \(path)")
            }
        }
        return operations
    }

    static func routedOperations(_ service: Service) -> Set<String> {
        Set(service.router.routes.map { "\($0.method.name) \($0.pattern)" })
    }

    @Test func everyRouteIsDocumentedAndEveryDocumentedRouteExists() throws {
        let service = try TestService()
        let documented = try Self.documentedOperations()
        let routed = Self.routedOperations(service.service)
        #expect(routed.subtracting(documented).sorted() == [], "routes missing from the OpenAPI document")
        #expect(documented.subtracting(routed).sorted() == [], "documented routes that do not exist")
    }

    @Test func testRoutesAreNotPartOfTheDocument() throws {
        let service = try TestService(testRoutes: true)
        let documented = try Self.documentedOperations()
        let extra = Self.routedOperations(service.service).subtracting(documented)
        #expect(!extra.isEmpty)
        #expect(extra.allSatisfy { $0.contains("/v1/_test/") })
    }

    @Test func operationIdsMatchTheRoutes() throws {
        let service = try TestService()
        let document = try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: [String: Any]]])
        for route in service.service.router.routes {
            let operation = paths[route.pattern]?[route.method.name.lowercased()]
            #expect(operation?["operationId"] as? String == route.operation, "\(route.method.name) \(route.pattern)")
        }
    }

    @Test func isOpenAPI31WithResolvableReferences() throws {
        let text = OpenAPIDocument.json
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect((document["openapi"] as? String)?.hasPrefix("3.1") == true)
        let components = try #require(document["components"] as? [String: [String: Any]])
        let pattern = try NSRegularExpression(pattern: ##""\$ref": "#/components/(\w+)/(\w+)""##)
        for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            let kind = String(text[Range(match.range(at: 1), in: text)!])
            let name = String(text[Range(match.range(at: 2), in: text)!])
            #expect(components[kind]?[name] != nil, "unresolved $ref \(kind)/\(name)")
        }
    }
}

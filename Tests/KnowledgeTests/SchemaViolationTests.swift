import Foundation
import Testing
@testable import Knowledge

// Broken variants of the example advisories: a required field removed, or a
// field of the wrong type or format; each error names the field's path.
@Suite struct SchemaViolationTests {
    static let bsi = Fixture.json(Fixture.bsi)
    static let cisco = Fixture.json(Fixture.cisco)

    @Test(arguments: [
        ["document"],
        ["document", "category"],
        ["document", "csaf_version"],
        ["document", "publisher", "namespace"],
        ["document", "title"],
        ["document", "tracking", "id"],
        ["document", "tracking", "version"],
        ["document", "tracking", "status"],
        ["document", "tracking", "initial_release_date"],
        ["document", "tracking", "current_release_date"],
        ["document", "tracking", "revision_history"],
        ["document", "distribution", "tlp", "label"],
        ["vulnerabilities", "0", "remediations", "0", "details"],
        ["vulnerabilities", "0", "scores", "0", "products"],
        ["vulnerabilities", "0", "scores", "0", "cvss_v3", "baseScore"],
        ["vulnerabilities", "0", "scores", "0", "cvss_v3", "baseSeverity"],
        ["vulnerabilities", "0", "notes", "0", "category"],
        ["product_tree", "branches", "0", "branches", "0", "branches", "1", "product", "product_id"],
        ["product_tree", "branches", "0", "branches", "0", "branches", "1", "product", "name"],
    ])
    func missingRequiredField(path: [String]) {
        let steps = path.map { Int($0).map(Step.index) ?? .key($0) }
        let error = importError(Self.bsi.setting(steps, nil))
        #expect(error == .missingField(path: "/" + path.joined(separator: "/")))
    }

    @Test func missingRevisionHistoryFieldInCisco() {
        let error = importError(Self.cisco.setting(["document", "tracking", "revision_history", 6, "summary"], nil))
        #expect(error == .missingField(path: "/document/tracking/revision_history/6/summary"))
    }

    @Test func wrongTypes() {
        #expect(importError(Self.bsi.setting(["document", "title"], .number(1)))
            == .wrongType(path: "/document/title", expected: "string", found: "number"))
        #expect(importError(Self.bsi.setting(["document", "tracking", "version"], .number(1)))
            == .wrongType(path: "/document/tracking/version", expected: "string", found: "number"))
        #expect(importError(Self.bsi.setting(["vulnerabilities", 0, "scores", 0, "cvss_v3", "baseScore"], .string("6.1")))
            == .wrongType(path: "/vulnerabilities/0/scores/0/cvss_v3/baseScore", expected: "number", found: "string"))
        #expect(importError(Self.bsi.setting(["vulnerabilities", 0, "product_status", "known_affected"], .string("CSAFPID-0001")))
            == .wrongType(path: "/vulnerabilities/0/product_status/known_affected", expected: "array", found: "string"))
        #expect(importError(Self.bsi.setting(["product_tree", "branches", 0, "branches", 0, "branches", 1, "product", "product_id"], .bool(true)))
            == .wrongType(path: "/product_tree/branches/0/branches/0/branches/1/product/product_id", expected: "string", found: "boolean"))
        #expect(importError(Self.bsi.setting(["document", "distribution"], .null))
            == .wrongType(path: "/document/distribution", expected: "object", found: "null"))
        #expect(importError(Self.bsi.setting(["vulnerabilities"], .object([:])))
            == .wrongType(path: "/vulnerabilities", expected: "array", found: "object"))
    }

    @Test func invalidValues() {
        func path(_ json: JSONValue) -> String? { importError(json)?.path }
        let bsi = Self.bsi
        #expect(path(bsi.setting(["document", "csaf_version"], .string("2.1"))) == "/document/csaf_version")
        #expect(path(bsi.setting(["document", "tracking", "current_release_date"], .string("2022-03-17"))) == "/document/tracking/current_release_date")
        #expect(path(bsi.setting(["document", "tracking", "initial_release_date"], .string("2022-02-30T00:00:00Z"))) == "/document/tracking/initial_release_date")
        #expect(path(bsi.setting(["document", "tracking", "version"], .string("01"))) == "/document/tracking/version")
        #expect(path(bsi.setting(["document", "tracking", "status"], .string("published"))) == "/document/tracking/status")
        #expect(path(bsi.setting(["document", "tracking", "id"], .string(" BSI-2022-0001"))) == "/document/tracking/id")
        #expect(path(bsi.setting(["document", "title"], .string(""))) == "/document/title")
        #expect(path(bsi.setting(["document", "distribution", "tlp", "label"], .string("CLEAR"))) == "/document/distribution/tlp/label")
        #expect(path(bsi.setting(["vulnerabilities", 0, "cve"], .string("CVE-22-27193"))) == "/vulnerabilities/0/cve")
        #expect(path(bsi.setting(["vulnerabilities", 0, "remediations", 0, "category"], .string("fix"))) == "/vulnerabilities/0/remediations/0/category")
        #expect(path(bsi.setting(["vulnerabilities", 0, "scores", 0, "cvss_v3", "baseScore"], .number(11))) == "/vulnerabilities/0/scores/0/cvss_v3/baseScore")
        #expect(path(bsi.setting(["vulnerabilities", 0, "product_status", "known_affected"], .array([]))) == "/vulnerabilities/0/product_status/known_affected")
        #expect(path(bsi.setting(["vulnerabilities", 0, "product_status", "known_affected", 1], .string("CSAFPID-0001")))
            == "/vulnerabilities/0/product_status/known_affected/1")  // uniqueItems
        // A branch with both a product and further branches, or with neither.
        let leaf = ["product_tree", "branches", 0, "branches", 0, "branches", 0] as [Step]
        #expect(path(bsi.setting(leaf + ["branches"], bsi["product_tree", "branches"]))
            == "/product_tree/branches/0/branches/0/branches/0")
        #expect(path(bsi.setting(leaf + ["product"], nil)) == "/product_tree/branches/0/branches/0/branches/0/product")
    }

    @Test func idsAreEscapedInPaths() {
        // RFC 6901: '/' in a key is written ~1 (here an unknown status name is
        // ignored, so use a required-field miss under a nested object instead).
        #expect(JSONPath.root.appending("a/b").appending("c~d").appending(3).description == "/a~1b/c~0d/3")
    }
}

import Foundation
import Testing
@testable import Knowledge

/// Small synthetic advisories reproducing shapes seen in publishers' real
/// CSAF 2.0 documents (CISA, Red Hat, vendors), each written here from
/// scratch: valid ones must import, invalid ones fail at the right path.
enum Synthetic {
    /// A minimal valid advisory: one product from branches, one vulnerability
    /// that lists it as known_affected; `vulnerability` is merged into that
    /// vulnerability (a key set to nil removes it).
    static func advisory(vulnerability changes: [String: JSONValue?] = [:]) -> JSONValue {
        var vulnerability: [String: JSONValue] = [
            "cve": .string("CVE-2024-0001"),
            "product_status": .object(["known_affected": .array([.string("P-1")])]),
        ]
        for (key, value) in changes { vulnerability[key] = value }
        return .object([
            "document": .object([
                "category": .string("csaf_security_advisory"),
                "csaf_version": .string("2.0"),
                "publisher": .object([
                    "category": .string("vendor"), "name": .string("Example PSIRT"),
                    "namespace": .string("https://psirt.example.com"),
                ]),
                "title": .string("Example Widget: remote code execution"),
                "tracking": .object([
                    "id": .string("EX-2024-001"), "version": .string("1.0.0"), "status": .string("final"),
                    "initial_release_date": .string("2024-05-01T00:00:00.000000Z"),
                    "current_release_date": .string("2024-05-01T00:00:00.000000Z"),
                    "revision_history": .array([.object([
                        "date": .string("2024-05-01T00:00:00.000000Z"), "number": .string("1.0.0"),
                        "summary": .string("Initial release"),
                    ])]),
                ]),
            ]),
            "product_tree": .object(["branches": .array([.object([
                "category": .string("vendor"), "name": .string("Example"),
                "branches": .array([.object([
                    "category": .string("product_version"), "name": .string("2.1"),
                    "product": .object(["name": .string("Example Widget 2.1"), "product_id": .string("P-1")]),
                ])]),
            ])])]),
            "vulnerabilities": .array([.object(vulnerability)]),
        ])
    }

    static func cvssV3(_ score: Double, _ severity: String, _ vector: String) -> JSONValue {
        .object([
            "version": .string("3.1"), "baseScore": .number(score), "baseSeverity": .string(severity),
            "vectorString": .string(vector),
        ])
    }

    static let cvssV4: JSONValue = .object([
        "version": .string("4.0"), "baseScore": .number(9.3), "baseSeverity": .string("CRITICAL"),
        "vectorString": .string("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"),
    ])
}

@Suite struct RealWorldShapeTests {
    @Test func theSyntheticBaseImports() throws {
        let draft = try CSAFImporter.draft(from: Synthetic.advisory().data)
        #expect(draft.affectedProducts == ["Example Widget 2.1"])
        #expect(draft.score == nil)
    }

    /// Publishers add a `cvss_v4` object to CSAF 2.0 scores. The 2.0 schema
    /// only asks a score for products and one more property, so a score whose
    /// only rating is CVSS v4 is valid: it imports, without a score.
    @Test func aScoreWithOnlyCVSSv4Imports() throws {
        let json = Synthetic.advisory(vulnerability: ["scores": .array([.object([
            "products": .array([.string("P-1")]), "cvss_v4": Synthetic.cvssV4,
        ])])])
        let draft = try CSAFImporter.draft(from: json.data)
        #expect(draft.score == nil)
        #expect(draft.cveIDs == ["CVE-2024-0001"])
    }

    @Test func aScoreWithCVSSv3AndV4UsesV3() throws {
        let json = Synthetic.advisory(vulnerability: ["scores": .array([.object([
            "products": .array([.string("P-1")]), "cvss_v4": Synthetic.cvssV4,
            "cvss_v3": Synthetic.cvssV3(8.8, "HIGH", "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H"),
        ])])])
        let score = try CSAFImporter.draft(from: json.data).score
        #expect(score?.baseScore == 8.8)
        #expect(score?.severity == .high)
        #expect(score?.cvssVersion == "3.1")
    }

    /// FIRST's CVSS v2 schema allows the metrics of a vector in any order.
    @Test func aCVSSv2VectorInAnyOrderImportsAndNonsenseIsRefused() throws {
        func v2(_ vector: String) -> JSONValue {
            Synthetic.advisory(vulnerability: ["scores": .array([.object([
                "products": .array([.string("P-1")]),
                "cvss_v2": .object(["version": .string("2.0"), "vectorString": .string(vector), "baseScore": .number(7.5)]),
            ])])])
        }
        for vector in ["AV:N/AC:L/Au:N/C:P/I:P/A:P", "AC:L/AV:N/Au:N/C:P/I:P/A:P", "Au:N/AV:N/AC:L/C:P/I:P/A:P/E:POC/RL:OF/RC:C"] {
            #expect(try CSAFImporter.draft(from: v2(vector).data).score?.baseScore == 7.5, "\(vector)")
        }
        for vector in ["", "CVSS:3.1/AV:N", "AV:N//AC:L", "XX:N/AV:N", "AV:", "AV:n"] {
            guard case .invalidValue(let path, _)? = importError(v2(vector)) else {
                Issue.record("accepted \(vector)")
                continue
            }
            #expect(path == "/vulnerabilities/0/scores/0/cvss_v2/vectorString")
        }
    }

    /// A score with products only breaks the schema's `minProperties: 2`.
    @Test func aScoreWithProductsOnlyIsRefused() {
        let json = Synthetic.advisory(vulnerability: ["scores": .array([.object(["products": .array([.string("P-1")])])])])
        #expect(importError(json) == .missingField(path: "/vulnerabilities/0/scores/0/cvss_v3"))
    }

    /// The products of a CVSS v4-only score are still references (6.1.1).
    @Test func aCVSSv4OnlyScoreStillNeedsDefinedProducts() {
        let json = Synthetic.advisory(vulnerability: ["scores": .array([.object([
            "products": .array([.string("P-9")]), "cvss_v4": Synthetic.cvssV4,
        ])])])
        guard case .mandatoryTest(let test, let path, _)? = importError(json) else {
            Issue.record("expected a mandatory-test failure")
            return
        }
        #expect(test == .missingProductID)
        #expect(path == "/vulnerabilities/0/scores/0/products/0")
    }
}

@Suite struct RemediationMappingTests {
    static func remediation(_ category: String, _ details: String) -> JSONValue {
        .object(["category": .string(category), "details": .string(details), "product_ids": .array([.string("P-1")])])
    }

    /// Two vulnerabilities repeating one remediation list (as CISA's ICS
    /// advisories do): the alert lists each remediation once, in order.
    @Test func repeatedRemediationsAreListedOnce() throws {
        guard case .object(var root) = Synthetic.advisory(vulnerability: ["remediations": .array([
            Self.remediation("vendor_fix", "Update to 2.2."), Self.remediation("mitigation", "Block port 502."),
        ])]), case .array(let vulnerabilities)? = root["vulnerabilities"], case .object(var second) = vulnerabilities[0] else {
            Issue.record("unexpected synthetic shape")
            return
        }
        second["cve"] = .string("CVE-2024-0002")
        root["vulnerabilities"] = .array(vulnerabilities + [.object(second)])
        let draft = try CSAFImporter.draft(from: JSONValue.object(root).data)
        #expect(draft.cveIDs == ["CVE-2024-0001", "CVE-2024-0002"])
        #expect(draft.remediations == [
            AlertDraft.Remediation(category: "vendor_fix", details: "Update to 2.2.", productNames: ["Example Widget 2.1"]),
            AlertDraft.Remediation(category: "mitigation", details: "Block port 502.", productNames: ["Example Widget 2.1"]),
        ])
    }
}

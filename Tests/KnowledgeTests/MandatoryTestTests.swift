import Foundation
import Testing
@testable import Knowledge

// CSAF 2.0 §6.1.1–6.1.6, each violated once in a copy of an example
// advisory: the import fails naming the test and the offending id's path.
@Suite struct MandatoryTestTests {
    static let bsi = Fixture.json(Fixture.bsi)

    /// The one mandatory-test failure of `json` (and the import's error is it).
    func onlyFailure(_ json: JSONValue) throws -> (test: CSAFMandatoryTest, path: String)? {
        let failures = try CSAFImporter.mandatoryTestFailures(in: json.data)
        #expect(failures.count == 1, "\(failures)")
        #expect(importError(json) == failures.first)
        guard case .mandatoryTest(let test, let path, _)? = failures.first else { return nil }
        return (test, path)
    }

    /// The BSI advisory with a full product name, two relationships and two groups added.
    static let extended: JSONValue = {
        var json = bsi
        json.set(["product_tree", "full_product_names"], .array([
            .object(["name": .string("Python 3.10"), "product_id": .string("CSAFPID-0100")]),
        ]))
        json.set(["product_tree", "relationships"], .array([
            relationship(defines: "CSAFPID-0200", product: "CSAFPID-0005", relatesTo: "CSAFPID-0100"),
            relationship(defines: "CSAFPID-0201", product: "CSAFPID-0006", relatesTo: "CSAFPID-0100"),
        ]))
        json.set(["product_tree", "product_groups"], .array([
            .object(["group_id": .string("CSAFGID-0001"), "product_ids": .array([.string("CSAFPID-0001"), .string("CSAFPID-0002")])]),
            .object(["group_id": .string("CSAFGID-0002"), "product_ids": .array([.string("CSAFPID-0200"), .string("CSAFPID-0201")])]),
        ]))
        json.set(["vulnerabilities", 0, "remediations", 0, "group_ids"], .array([.string("CSAFGID-0002")]))
        return json
    }()

    static func relationship(defines id: String, product: String, relatesTo: String) -> JSONValue {
        .object([
            "category": .string("installed_on"),
            "full_product_name": .object(["name": .string("product \(id)"), "product_id": .string(id)]),
            "product_reference": .string(product),
            "relates_to_product_reference": .string(relatesTo),
        ])
    }

    @Test func theExtendedVariantPassesAndResolvesGroupsAndRelationships() throws {
        #expect(try CSAFImporter.mandatoryTestFailures(in: Self.extended.data).isEmpty)
        let draft = try CSAFImporter.draft(from: Self.extended.data)
        #expect(draft.remediations.first?.productNames.suffix(2) == ["product CSAFPID-0200", "product CSAFPID-0201"])
    }

    @Test func missingProductID_6_1_1() throws {
        let status = try onlyFailure(Self.bsi.setting(["vulnerabilities", 0, "product_status", "known_affected", 2], .string("CSAFPID-9999")))
        #expect(status?.test == .missingProductID)
        #expect(status?.path == "/vulnerabilities/0/product_status/known_affected/2")
        let score = try onlyFailure(Self.bsi.setting(["vulnerabilities", 0, "scores", 0, "products", 4], .string("CSAFPID-9999")))
        #expect(score?.path == "/vulnerabilities/0/scores/0/products/4")
        let relationship = try onlyFailure(Self.extended.setting(["product_tree", "relationships", 1, "relates_to_product_reference"], .string("CSAFPID-9999")))
        #expect(relationship?.test == .missingProductID)
        #expect(relationship?.path == "/product_tree/relationships/1/relates_to_product_reference")
        let group = try onlyFailure(Self.extended.setting(["product_tree", "product_groups", 0, "product_ids", 1], .string("CSAFPID-9999")))
        #expect(group?.path == "/product_tree/product_groups/0/product_ids/1")
    }

    @Test func multipleProductID_6_1_2() throws {
        let names = Self.extended["product_tree", "full_product_names"]
        guard case .array(let list) = names else { return }
        let again = JSONValue.object(["name": .string("Converter again"), "product_id": .string("CSAFPID-0003")])
        let failure = try onlyFailure(Self.extended.setting(["product_tree", "full_product_names"], .array(list + [again])))
        #expect(failure?.test == .multipleProductID)
        #expect(failure?.path == "/product_tree/full_product_names/1/product_id")
        let inBranches = try onlyFailure(Self.bsi.setting(["product_tree", "branches", 0, "branches", 0, "branches", 5, "product", "product_id"], .string("CSAFPID-0001"))
            .setting(["vulnerabilities", 0, "product_status", "first_fixed"], nil)
            .setting(["vulnerabilities", 0, "product_status", "fixed"], nil))
        #expect(inBranches?.test == .multipleProductID)
        #expect(inBranches?.path == "/product_tree/branches/0/branches/0/branches/5/product/product_id")
    }

    @Test func circularProductID_6_1_3() throws {
        // CSAFPID-0200 is built on CSAFPID-0201, which is built on CSAFPID-0200.
        let json = Self.extended.setting(["product_tree", "relationships", 0, "relates_to_product_reference"], .string("CSAFPID-0201"))
            .setting(["product_tree", "relationships", 1, "relates_to_product_reference"], .string("CSAFPID-0200"))
        let failure = try onlyFailure(json)
        #expect(failure?.test == .circularProductID)
        #expect(failure?.path == "/product_tree/relationships/1/relates_to_product_reference")
        let selfReference = try onlyFailure(Self.extended.setting(["product_tree", "relationships", 0, "product_reference"], .string("CSAFPID-0200")))
        #expect(selfReference?.test == .circularProductID)
        #expect(selfReference?.path == "/product_tree/relationships/0/product_reference")
    }

    @Test func missingGroupID_6_1_4() throws {
        let failure = try onlyFailure(Self.extended.setting(["vulnerabilities", 0, "remediations", 0, "group_ids", 0], .string("CSAFGID-9999")))
        #expect(failure?.test == .missingGroupID)
        #expect(failure?.path == "/vulnerabilities/0/remediations/0/group_ids/0")
    }

    @Test func multipleGroupID_6_1_5() throws {
        guard case .array(let groups) = Self.extended["product_tree", "product_groups"] else { return }
        let again = groups[0].setting(["product_ids"], .array([.string("CSAFPID-0003"), .string("CSAFPID-0004")]))
        let failure = try onlyFailure(Self.extended.setting(["product_tree", "product_groups"], .array(groups + [again])))
        #expect(failure?.test == .multipleGroupID)
        #expect(failure?.path == "/product_tree/product_groups/2/group_id")
    }

    @Test func contradictingStatus_6_1_6() throws {
        let json = Self.bsi.setting(["vulnerabilities", 0, "product_status", "known_not_affected"], .array([.string("CSAFPID-0003")]))
        let failure = try onlyFailure(json)
        #expect(failure?.test == .contradictingStatus)
        #expect(failure?.path == "/vulnerabilities/0/product_status/known_not_affected/0")
        // first_fixed and fixed are one group: the BSI advisory lists CSAFPID-0006 in both.
        #expect(try CSAFImporter.mandatoryTestFailures(in: Self.bsi.data).isEmpty)
        #expect(importError(json)?.description.contains("6.1.6") == true)
    }
}

/// CSAF 2.0's mandatory tests 6.1.1–6.1.6 over a parsed advisory. Each
/// failure names the test and the JSON path of the offending id.
///
///     let failures = CSAFMandatoryTests.run(advisory)   // [] when all pass
enum CSAFMandatoryTests {
    /// Every failure, in test order and then document order.
    static func run(_ advisory: CSAFAdvisory) -> [CSAFError] {
        let tree = advisory.productTree
        return missingProductIDs(advisory)
            + multipleProductIDs(tree)
            + CSAFCircularDefinitions.failures(tree.relationships)
            + missingGroupIDs(advisory)
            + multipleGroupIDs(tree)
            + advisory.vulnerabilities.flatMap(contradictingStatus)
    }

    private static func failure(_ test: CSAFMandatoryTest, _ reference: CSAFReference, _ detail: String) -> CSAFError {
        .mandatoryTest(test, path: reference.path.description, detail: detail)
    }

    /// 6.1.1: every product id referenced (groups, relationships, product
    /// status, remediations, scores, threats, flags) is defined.
    static func missingProductIDs(_ advisory: CSAFAdvisory) -> [CSAFError] {
        let defined = Set(advisory.productTree.definitions.map(\.id.id))
        var references = advisory.productTree.groups.flatMap(\.productIDs)
        for relationship in advisory.productTree.relationships {
            references += [relationship.productReference, relationship.relatesTo]
        }
        for vulnerability in advisory.vulnerabilities {
            references += vulnerability.productStatus.flatMap(\.ids)
            references += vulnerability.remediations.flatMap(\.productIDs)
            references += vulnerability.scores.flatMap(\.products)
            references += vulnerability.otherProductIDs
        }
        return references.filter { !defined.contains($0.id) }.map {
            failure(.missingProductID, $0, "product id \($0.id) is not defined in the product tree")
        }
    }

    /// 6.1.2: no product id is defined twice (branches, full product names,
    /// relationships' full product names).
    static func multipleProductIDs(_ tree: CSAFProductTree) -> [CSAFError] {
        var seen = Set<String>()
        return tree.definitions.map(\.id).filter { !seen.insert($0.id).inserted }.map {
            failure(.multipleProductID, $0, "product id \($0.id) is already defined")
        }
    }

    /// 6.1.4: every group id referenced (remediations, threats, flags) is defined.
    static func missingGroupIDs(_ advisory: CSAFAdvisory) -> [CSAFError] {
        let defined = Set(advisory.productTree.groups.map(\.id.id))
        let references = advisory.vulnerabilities.flatMap { $0.remediations.flatMap(\.groupIDs) + $0.otherGroupIDs }
        return references.filter { !defined.contains($0.id) }.map {
            failure(.missingGroupID, $0, "product group id \($0.id) is not defined in the product tree")
        }
    }

    /// 6.1.5: no group id is defined twice.
    static func multipleGroupIDs(_ tree: CSAFProductTree) -> [CSAFError] {
        var seen = Set<String>()
        return tree.groups.map(\.id).filter { !seen.insert($0.id).inserted }.map {
            failure(.multipleGroupID, $0, "product group id \($0.id) is already defined")
        }
    }

    /// The contradicting groups of product status (6.1.6); `recommended` is in none.
    static let statusGroups: [String: String] = [
        "first_affected": "affected", "known_affected": "affected", "last_affected": "affected",
        "known_not_affected": "not affected",
        "first_fixed": "fixed", "fixed": "fixed",
        "under_investigation": "under investigation",
    ]

    /// 6.1.6: within one vulnerability, a product is in at most one of the
    /// groups affected, not affected, fixed and under investigation.
    static func contradictingStatus(_ vulnerability: CSAFVulnerability) -> [CSAFError] {
        var groupOf: [String: String] = [:]
        var failures: [CSAFError] = []
        for (status, ids) in vulnerability.productStatus {
            guard let group = statusGroups[status] else { continue }
            for reference in ids {
                if let earlier = groupOf[reference.id], earlier != group {
                    failures.append(failure(.contradictingStatus, reference,
                                            "product id \(reference.id) is both \(earlier) and \(group)"))
                } else {
                    groupOf[reference.id] = group
                }
            }
        }
        return failures
    }
}

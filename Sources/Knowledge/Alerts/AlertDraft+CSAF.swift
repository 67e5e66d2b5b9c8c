import Core

extension AlertDraft {
    /// The product statuses whose products an alert lists as affected.
    static let affectedStatuses: Set<String> = ["known_affected", "first_affected", "last_affected", "under_investigation"]

    /// Maps a parsed advisory that passed the mandatory tests (so every id
    /// resolves) to a draft labelled `label`.
    init(advisory: CSAFAdvisory, label: TLPLabel) {
        let document = advisory.document
        let names = advisory.productTree.namesByID
        let groups = advisory.productTree.productsByGroup
        title = document.title
        publisherName = document.publisherName
        publisherNamespace = document.publisherNamespace
        trackingID = document.tracking.id
        version = document.tracking.version
        status = document.tracking.status
        initialReleaseDate = document.tracking.initialReleaseDate
        currentReleaseDate = document.tracking.currentReleaseDate
        summary = Self.summary(document.notes) ?? advisory.vulnerabilities.lazy.compactMap { Self.summary($0.notes) }.first
        cveIDs = Self.unique(advisory.vulnerabilities.compactMap(\.cve))
        affectedProducts = Self.unique(advisory.vulnerabilities.flatMap { vulnerability in
            vulnerability.productStatus.filter { Self.affectedStatuses.contains($0.status) }.flatMap(\.ids)
        }.compactMap { names[$0.id] })
        // Publishers (CISA's ICS advisories, for one) repeat the same remediations
        // in every vulnerability: the alert lists each one once.
        var remediations: [Remediation] = []
        for remediation in advisory.vulnerabilities.flatMap(\.remediations) {
            let ids = remediation.productIDs.map(\.id) + remediation.groupIDs.flatMap { groups[$0.id] ?? [] }
            let mapped = Remediation(category: remediation.category, details: remediation.details,
                                     productNames: Self.unique(ids.compactMap { names[$0] }))
            if !remediations.contains(mapped) { remediations.append(mapped) }
        }
        self.remediations = remediations
        score = Self.highestScore(advisory.vulnerabilities.flatMap(\.scores).flatMap(\.cvss))
        self.label = label
    }

    /// The first note of category summary, else of category description.
    static func summary(_ notes: [CSAFNote]) -> String? {
        (notes.first { $0.category == "summary" } ?? notes.first { $0.category == "description" })?.text
    }

    static func unique(_ items: [String]) -> [String] {
        var seen = Set<String>()
        return items.filter { seen.insert($0).inserted }
    }

    /// The highest base score; on a tie CVSS v3 (its severity is the publisher's own).
    static func highestScore(_ ratings: [CSAFVulnerability.CVSS]) -> Score? {
        let scores = ratings.map { rating in
            Score(baseScore: rating.baseScore,
                  severity: rating.baseSeverity.flatMap(Severity.init(rawValue:)) ?? v2Severity(rating.baseScore),
                  cvssVersion: rating.version, vectorString: rating.vectorString)
        }
        return scores.max { a, b in
            a.baseScore != b.baseScore ? a.baseScore < b.baseScore : (a.cvssVersion == "2.0" && b.cvssVersion != "2.0")
        }
    }

    /// The NVD's CVSS v2 ranges.
    static func v2Severity(_ score: Double) -> Severity {
        score < 4 ? .low : score < 7 ? .medium : .high
    }
}

import Core
import Foundation

/// A security alert as an imported CSAF advisory proposes it: what the
/// `alerts import` command and `POST /v1/alerts/import` store and show.
/// Everything here comes from the advisory except `label`, which follows
/// `AlertLabel.resolve`.
///
///     let draft = try CSAFImporter.draft(from: data)
///     draft.title         // "CVRF-CSAF-Converter: XML External Entities Vulnerability"
///     draft.label         // .clear (the advisory's TLP:WHITE)
///     draft.score?.severity   // .medium
public struct AlertDraft: Sendable, Equatable {
    /// `/document/title`.
    public var title: String
    /// `/document/publisher/name`.
    public var publisherName: String
    /// `/document/publisher/namespace`: with `trackingID`, what identifies the advisory.
    public var publisherNamespace: String
    /// `/document/tracking/id`.
    public var trackingID: String
    /// `/document/tracking/version`.
    public var version: CSAFVersion
    /// `/document/tracking/status`: draft, final or interim.
    public var status: String
    public var initialReleaseDate: Date
    public var currentReleaseDate: Date
    /// The first document note of category summary (else description), else
    /// the first vulnerability's summary (else description) note.
    public var summary: String?
    /// The vulnerabilities' CVE ids, each once, in document order.
    public var cveIDs: [String]
    /// The names of the products known or first/last affected or under
    /// investigation in any vulnerability, each once, in document order.
    public var affectedProducts: [String]
    /// The handling advice.
    public var remediations: [Remediation]
    /// The highest CVSS base score of the advisory (CVSS v3 preferred on a tie).
    public var score: Score?
    /// The alert's TLP 2.0 label: TLP:CLEAR or TLP:GREEN.
    public var label: TLPLabel

    /// A remediation: its CSAF category, its details and the names of the
    /// products it applies to (its product ids and its groups' products).
    public struct Remediation: Sendable, Equatable {
        /// mitigation, no_fix_planned, none_available, vendor_fix or workaround.
        public var category: String
        public var details: String
        public var productNames: [String]
    }

    /// A CVSS base score with its severity and vector.
    public struct Score: Sendable, Equatable {
        public var baseScore: Double
        public var severity: Severity
        /// "3.1", "3.0" or "2.0".
        public var cvssVersion: String
        public var vectorString: String
    }

    /// CVSS severity: v3's baseSeverity; for CVSS v2 (which has none) the
    /// NVD's ranges: below 4 low, below 7 medium, else high.
    public enum Severity: String, Sendable, Equatable, Comparable, CaseIterable {
        case none = "NONE", low = "LOW", medium = "MEDIUM", high = "HIGH", critical = "CRITICAL"

        public static func < (a: Severity, b: Severity) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }
}

import Foundation

/// What the importer reads of a CSAF 2.0 advisory, typed and checked
/// against the schema's required fields, types and formats. Fields the
/// importer does not use are not read (and not checked).
struct CSAFAdvisory {
    var document: CSAFDocument
    var productTree: CSAFProductTree
    var vulnerabilities: [CSAFVulnerability]
}

/// `/document`: the advisory's metadata.
struct CSAFDocument {
    var category: String
    var title: String
    var publisherName: String
    var publisherNamespace: String
    var tracking: CSAFTracking
    /// `/document/distribution/tlp/label`: AMBER, GREEN, RED or WHITE (TLP 1).
    var tlpLabel: String?
    var notes: [CSAFNote]
}

/// `/document/tracking`.
struct CSAFTracking {
    var id: String
    var version: CSAFVersion
    /// draft, final or interim.
    var status: String
    var initialReleaseDate: Date
    var currentReleaseDate: Date
    var revisionNumbers: [CSAFVersion]
}

/// A note (`notes_t` item): its category (summary, description, …) and text.
struct CSAFNote {
    var category: String
    var text: String
}

/// A product id or group id where it is referenced, with its path.
struct CSAFReference {
    var id: String
    var path: JSONPath
}

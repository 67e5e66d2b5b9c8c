import Core

/// Why an advisory was not imported. Every failure about a field names its
/// JSON path (an RFC 6901 pointer such as `/document/tracking/id`); a
/// mandatory-test failure also names the test of CSAF 2.0 §6.1. No message
/// repeats the input's text except the product or group id a test is about.
///
///     do { _ = try CSAFImporter.draft(from: data) }
///     catch { print(error) }   // "/document/tracking/version: missing required field"
public enum CSAFError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input is larger than `limit` bytes; it was not parsed.
    case inputTooLarge(size: Int, limit: Int)
    /// The input is not valid UTF-8.
    case invalidUTF8
    /// The input is not one JSON value (or repeats a member name, or nests too deep).
    case notJSON(offset: Int, reason: String)
    /// A field the CSAF 2.0 schema requires is absent.
    case missingField(path: String)
    /// A field has the wrong JSON type.
    case wrongType(path: String, expected: String, found: String)
    /// A field has the right type but a value the schema does not allow.
    case invalidValue(path: String, reason: String)
    /// One of the mandatory tests 6.1.1–6.1.6 failed at `path`.
    case mandatoryTest(CSAFMandatoryTest, path: String, detail: String)
    /// The advisory's TLP label is AMBER or RED: alerts go to all members.
    case labelNotAllowed(csafLabel: String)
    /// The importer's `--label` cannot be used (AMBER/RED, or wider than the advisory's own label).
    case overrideNotAllowed(TLPLabel, reason: String)

    /// The JSON path the failure is about, when it is about one field.
    public var path: String? {
        switch self {
        case .missingField(let path), .wrongType(let path, _, _), .invalidValue(let path, _),
             .mandatoryTest(_, let path, _):
            path
        case .inputTooLarge, .invalidUTF8, .notJSON, .labelNotAllowed, .overrideNotAllowed:
            nil
        }
    }

    public var description: String {
        switch self {
        case .inputTooLarge(let size, let limit):
            "the advisory is \(size) bytes, more than the limit of \(limit) bytes"
        case .invalidUTF8:
            "the advisory is not valid UTF-8"
        case .notJSON(let offset, let reason):
            "the advisory is not valid JSON: \(reason) at byte \(offset)"
        case .missingField(let path):
            "\(path): missing required field"
        case .wrongType(let path, let expected, let found):
            "\(path): expected \(expected), found \(found)"
        case .invalidValue(let path, let reason):
            "\(path): \(reason)"
        case .mandatoryTest(let test, let path, let detail):
            "\(path): CSAF 2.0 mandatory test \(test.rawValue) (\(test.title)) failed: \(detail)"
        case .labelNotAllowed(let label):
            "the advisory is TLP:\(label); alerts go to all members, so only TLP:WHITE (TLP:CLEAR) and TLP:GREEN advisories are imported"
        case .overrideNotAllowed(let label, let reason):
            "the label \(label.rawValue) cannot be given: \(reason)"
        }
    }
}

/// The mandatory tests of CSAF 2.0 §6.1 this importer runs.
public enum CSAFMandatoryTest: String, Sendable, CaseIterable {
    case missingProductID = "6.1.1"
    case multipleProductID = "6.1.2"
    case circularProductID = "6.1.3"
    case missingGroupID = "6.1.4"
    case multipleGroupID = "6.1.5"
    case contradictingStatus = "6.1.6"

    /// The test's title in the standard.
    public var title: String {
        switch self {
        case .missingProductID: "Missing Definition of Product ID"
        case .multipleProductID: "Multiple Definition of Product ID"
        case .circularProductID: "Circular Definition of Product ID"
        case .missingGroupID: "Missing Definition of Product Group ID"
        case .multipleGroupID: "Multiple Definition of Product Group ID"
        case .contradictingStatus: "Contradicting Product Status"
        }
    }
}

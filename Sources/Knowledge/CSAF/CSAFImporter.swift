import Core
import Foundation

/// The CSAF 2.0 advisory importer: bytes in, an `AlertDraft` out, or a
/// `CSAFError` naming what is wrong and where. The library behind
/// `trustforum alerts import FILE [--label L]` and `POST /v1/alerts/import`.
///
///     let draft = try CSAFImporter.draft(from: data, label: nil)
///     switch draft.reimport(over: stored) { case .update: … case .notNewer: … }
///
/// In order: the size bound, UTF-8, strict JSON, the schema's required
/// fields, types and formats for every field read, the mandatory tests
/// 6.1.1–6.1.6, then the TLP label.
public enum CSAFImporter {
    /// The largest advisory accepted, checked before anything is parsed (the
    /// largest of OASIS's examples is 130 kB; vendors' big advisories a few MB).
    public static let maximumInputSize = 10 * 1024 * 1024

    /// Imports `data` as an alert draft; `label` is the importer's optional
    /// `--label` (see `AlertLabel.resolve` for when it applies).
    public static func draft(from data: Data, label: TLPLabel? = nil) throws(CSAFError) -> AlertDraft {
        let advisory = try validatedAdvisory(from: data)
        let resolved = try AlertLabel.resolve(csafLabel: advisory.document.tlpLabel, override: label)
        return AlertDraft(advisory: advisory, label: resolved)
    }

    /// Every mandatory-test failure of `data` (empty when it passes them);
    /// throws for what stops reading (size, UTF-8, JSON, schema).
    public static func mandatoryTestFailures(in data: Data) throws(CSAFError) -> [CSAFError] {
        CSAFMandatoryTests.run(try advisory(from: data))
    }

    /// Reads `data` and runs the mandatory tests, throwing the first failure.
    static func validatedAdvisory(from data: Data) throws(CSAFError) -> CSAFAdvisory {
        let advisory = try advisory(from: data)
        if let failure = CSAFMandatoryTests.run(advisory).first { throw failure }
        return advisory
    }

    static func advisory(from data: Data) throws(CSAFError) -> CSAFAdvisory {
        guard data.count <= maximumInputSize else {
            throw .inputTooLarge(size: data.count, limit: maximumInputSize)
        }
        var bytes = [UInt8](data)
        // A UTF-8 byte order mark (some Windows tools write one): RFC 8259 §8.1 lets a reader ignore it.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard String(validating: bytes, as: UTF8.self) != nil else { throw .invalidUTF8 }
        let json: JSONValue
        do {
            json = try JSONParser.parse(bytes)
        } catch {
            throw .notJSON(offset: error.offset, reason: error.reason)
        }
        return try CSAFAdvisory(json: json)
    }
}

/// A moderation bundle (`trustforum-moderation/v1`) that this client or
/// server refuses, and why. Nothing of a refused bundle is used.
public enum BundleError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The bytes are not strict JSON (the message names the byte offset).
    case malformedJSON(String)
    /// The JSON is not a bundle: a member missing, of the wrong type, or unknown.
    case malformed(String)
    /// Another format than `trustforum-moderation/v1`.
    case unsupportedFormat(String)
    /// The bundle names a Unicode version other than the tables compiled in.
    case unicodeVersion(bundle: String, compiled: String)
    /// The bundle describes a normalisation other than the one implemented here.
    case normalisation(String)
    /// The confusables table is invalid (the line and why).
    case confusables(String)
    /// A rule is invalid: each problem as `rule N (id): message`.
    case rules([String])

    public var description: String {
        switch self {
        case .malformedJSON(let message): "the moderation bundle is not valid JSON: \(message)"
        case .malformed(let message): "the moderation bundle is malformed: \(message)"
        case .unsupportedFormat(let format): "unsupported moderation bundle format '\(format.prefix(64))' (expected \(PolicyBundle.format))"
        case .unicodeVersion(let bundle, let compiled):
            "the moderation bundle needs Unicode \(bundle.prefix(32)); this program's normalisation tables are Unicode \(compiled)"
        case .normalisation(let member): "the moderation bundle describes another normalisation (\(member)) than this program implements"
        case .confusables(let message): "the moderation bundle's confusables table is invalid: \(message)"
        case .rules(let problems): "the moderation bundle's rules are invalid:\n" + problems.joined(separator: "\n")
        }
    }
}

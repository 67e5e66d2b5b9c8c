/// A command line that does not fit the command tree: the closed set of
/// usage errors the parser reports, each rendered as one sentence.
///
/// Text typed by the user is quoted with ``quoted(_:)``; the value of an
/// option is never part of a message, so a secret cannot leak through one.
enum ParseFailure: Error, Equatable {
    /// `--fource`; the long name only, never an attached `=value`.
    case unknownOption(String, suggestion: String?)
    /// `-pSECRET` where `-p` takes a value: the rest of the token is not echoed.
    case attachedShortValue(Character)
    /// A group's option given after a subcommand name.
    case optionOfParent(String, owner: String, before: String)
    /// `--data` at the end or followed by another option; carries `--data <dir>`.
    case missingValue(label: String)
    /// A positional value beyond what the command takes.
    case unexpectedArgument(String)
    /// A required positional (`<member>`) or option (`--data <dir>`) left out.
    case missingArgument(label: String, environmentVariable: String?)
    /// A name that is not a subcommand of a group.
    case unknownSubcommand(String, suggestion: String?)
    /// `--force=yes`.
    case flagWithValue(String)
    /// A non-repeatable option or flag given twice.
    case repeated(String)
    /// `--x` and `--no-x` both given.
    case conflictingFlags(String, String)

    /// The sentence after `Error: `.
    var message: String {
        switch self {
        case .unknownOption(let name, let suggestion):
            "Unknown option \(quoted(name))" + Self.didYouMean(suggestion)
        case .attachedShortValue(let short):
            "Unknown option '-\(short)…'; give '-\(short)' and its value as separate arguments"
        case .optionOfParent(let spelling, let owner, let before):
            "Option \(quoted(spelling)) belongs to '\(owner)'; give it before '\(before)'"
        case .missingValue(let label):
            "Missing value for '\(label)'"
        case .unexpectedArgument(let value):
            "Unexpected argument \(quoted(value))"
        case .missingArgument(let label, let variable):
            "Missing expected argument '\(label)'" + (variable.map { " (or set \($0))" } ?? "")
        case .unknownSubcommand(let name, let suggestion):
            "Unknown subcommand \(quoted(name))" + Self.didYouMean(suggestion)
        case .flagWithValue(let spelling):
            "Option '\(spelling)' does not take a value"
        case .repeated(let spelling):
            "Option '\(spelling)' may only be given once"
        case .conflictingFlags(let first, let second):
            "Options '\(first)' and '\(second)' cannot be combined"
        }
    }

    private static func didYouMean(_ suggestion: String?) -> String {
        suggestion.map { ". Did you mean '\($0)'?" } ?? ""
    }
}

/// `text` in single quotes, with control and format characters (escape
/// sequences, bidirectional overrides) written as `\u{…}` so that echoed
/// input cannot drive the terminal.
func quoted(_ text: String) -> String {
    var result = "'"
    for scalar in text.unicodeScalars {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .privateUse, .surrogate, .unassigned:
            result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
        default:
            result.unicodeScalars.append(scalar)
        }
    }
    return result + "'"
}

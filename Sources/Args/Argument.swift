/// A positional argument of a leaf ``Command``.
///
/// Positionals are filled in declaration order: required ones first, then
/// optional ones, then at most one variadic one, which must come last.
/// Options may appear before, between or after them; everything after `--`
/// is positional.
///
/// ```swift
/// let arguments: [Argument] = [
///     .required("member", help: "The member to invite."),
///     .optional("note", help: "A note for the invitation."),
///     .variadic("files", help: "Files to attach."),
/// ]
/// ```
public struct Argument: Sendable {
    /// How many values the argument takes.
    public enum Arity: Sendable, Equatable {
        /// Exactly one value.
        case required
        /// Zero or one value.
        case optional
        /// Any number of values; at least one when `atLeastOne`.
        case variadic(atLeastOne: Bool)
    }

    /// The name, shown as `<name>` in help and read with ``ParsedArguments/argument(_:)``.
    public let name: String
    /// One sentence for the help text.
    public let help: String
    /// How many values the argument takes.
    public let arity: Arity

    /// An argument that must be given.
    public static func required(_ name: String, help: String) -> Argument {
        Argument(name: name, help: help, arity: .required)
    }

    /// An argument that may be left out.
    public static func optional(_ name: String, help: String) -> Argument {
        Argument(name: name, help: help, arity: .optional)
    }

    /// The remaining positional values, in order; read with ``ParsedArguments/arguments(_:)``.
    public static func variadic(_ name: String, help: String, atLeastOne: Bool = false) -> Argument {
        Argument(name: name, help: help, arity: .variadic(atLeastOne: atLeastOne))
    }
}

extension Argument {
    /// `<name>`.
    var label: String { "<\(name)>" }

    /// How the argument appears in a usage line: `<a>`, `[<a>]`, `[<a> ...]`, `<a> ...`.
    var synopsis: String {
        switch arity {
        case .required: label
        case .optional: "[\(label)]"
        case .variadic(atLeastOne: true): "\(label) ..."
        case .variadic(atLeastOne: false): "[\(label) ...]"
        }
    }

    /// Whether the parse fails without a value for this argument.
    var isRequired: Bool {
        arity == .required || arity == .variadic(atLeastOne: true)
    }
}

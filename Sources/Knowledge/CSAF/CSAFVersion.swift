/// A CSAF `version_t` (CSAF 2.0 §3.1.11): integer versioning (`"1"`, `"12"`)
/// or semantic versioning 2.0.0 (`"1.4.0"`, `"2.0.0-rc.1+build.5"`).
/// Versions compare within one scheme only, by semver's precedence rules:
/// pre-releases before their release, build metadata ignored.
///
///     CSAFVersion("2")! > CSAFVersion("1")!                    // true
///     CSAFVersion("1.0.0-rc.1")! < CSAFVersion("1.0.0")!       // true
///     CSAFVersion("1")!.compare(to: CSAFVersion("1.0.0")!)      // nil: two schemes
public struct CSAFVersion: Sendable, Hashable, CustomStringConvertible {
    /// The version as the advisory writes it.
    public let text: String
    /// The numbers that order it: one for integer versioning, three for semver.
    let core: [String]
    /// Semver's pre-release identifiers (empty for a release).
    let preRelease: [String]

    /// Whether the version uses integer versioning (otherwise semantic versioning).
    public var isInteger: Bool { core.count == 1 }

    /// Parses `text`; nil unless it matches the schema's `version_t` pattern.
    public init?(_ text: String) {
        self.text = text
        if Self.isNumber(Substring(text)) {
            core = [text]
            preRelease = []
            return
        }
        var rest = Substring(text)
        if let plus = rest.firstIndex(of: "+") {
            let build = rest[rest.index(after: plus)...].split(separator: ".", omittingEmptySubsequences: false)
            guard !build.isEmpty, build.allSatisfy({ !$0.isEmpty && $0.allSatisfy(Self.isIdentifierCharacter) }) else { return nil }
            rest = rest[..<plus]
        }
        var pre: [Substring] = []
        if let dash = rest.firstIndex(of: "-") {
            pre = rest[rest.index(after: dash)...].split(separator: ".", omittingEmptySubsequences: false)
            let valid = pre.allSatisfy { id in
                !id.isEmpty && id.allSatisfy(Self.isIdentifierCharacter) && (Self.isNumber(id) || !id.allSatisfy(\.isASCIIDigit))
            }
            guard valid else { return nil }
            rest = rest[..<dash]
        }
        let numbers = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard numbers.count == 3, numbers.allSatisfy(Self.isNumber) else { return nil }
        core = numbers.map(String.init)
        preRelease = pre.map(String.init)
    }

    public var description: String { text }

    /// The order of two versions of one scheme; nil when one uses integer
    /// versioning and the other semver (CSAF does not order those).
    public func compare(to other: CSAFVersion) -> Comparison? {
        guard isInteger == other.isInteger else { return nil }
        for (a, b) in zip(core, other.core) where a != b {
            return Self.numberLess(a, b) ? .older : .newer
        }
        switch (preRelease.isEmpty, other.preRelease.isEmpty) {
        case (true, true): return .same
        case (true, false): return .newer
        case (false, true): return .older
        case (false, false): break
        }
        for (a, b) in zip(preRelease, other.preRelease) where a != b {
            return Self.identifierLess(a, b) ? .older : .newer
        }
        if preRelease.count == other.preRelease.count { return .same }
        return preRelease.count < other.preRelease.count ? .older : .newer
    }

    /// How a version relates to another.
    public enum Comparison: Sendable, Equatable {
        case older, same, newer
    }

    /// True when both use one scheme and `a` comes after `b`.
    public static func > (a: CSAFVersion, b: CSAFVersion) -> Bool { a.compare(to: b) == .newer }
    /// True when both use one scheme and `a` comes before `b`.
    public static func < (a: CSAFVersion, b: CSAFVersion) -> Bool { a.compare(to: b) == .older }

    /// `0` or digits without a leading zero.
    private static func isNumber(_ text: Substring) -> Bool {
        !text.isEmpty && text.allSatisfy(\.isASCIIDigit) && (text == "0" || text.first != "0")
    }

    private static func isIdentifierCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "-")
    }

    /// Numeric order of two numbers without leading zeros, of any length.
    private static func numberLess(_ a: String, _ b: String) -> Bool {
        a.count != b.count ? a.count < b.count : a < b
    }

    /// Semver §11.4: numeric identifiers numerically, below alphanumeric ones,
    /// which compare in ASCII order.
    private static func identifierLess(_ a: String, _ b: String) -> Bool {
        let aNumeric = a.allSatisfy(\.isASCIIDigit), bNumeric = b.allSatisfy(\.isASCIIDigit)
        switch (aNumeric, bNumeric) {
        case (true, true): return numberLess(a, b)
        case (true, false): return true
        case (false, true): return false
        case (false, false): return Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8))
        }
    }
}

extension Character {
    /// `0`–`9` only (not other Unicode digits).
    var isASCIIDigit: Bool { isASCII && isNumber }
}

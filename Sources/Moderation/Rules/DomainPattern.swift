/// The `domain` matcher: a host name and its subdomains, in the text view.
///
/// A pattern is a lower-case ASCII host name of at least two labels
/// (`[a-z0-9-]`, 1–63 bytes each, no leading or trailing `-`, 253 bytes in
/// all), without scheme, port or path. `shop.example.nl` matches
/// `shop.example.nl`, `www.shop.example.nl`, `https://shop.example.nl/x`,
/// `info@shop.example.nl` and `shop.example.nl.` at the end of a sentence;
/// it does not match `notshop.example.nl`, `my-shop.example.nl` or
/// `shop.example.nl.evil.com`. Before matching, obfuscated dots in the text
/// are read as dots: `" . "`, `"[.]"`, `"(.)"`, `"{.}"`, `"[dot]"`,
/// `"(dot)"`, `" dot "` and `" punt "` (so "shop dot example dot nl" and
/// "shop . example . nl" match). Internationalised names are written in
/// their ASCII (`xn--`) form.
enum DomainPattern {
    /// What is wrong with `pattern` as a domain, or nil.
    static func problem(_ pattern: [UInt8]) -> String? {
        if pattern.contains(UInt8(ascii: "/")) || pattern.contains(UInt8(ascii: ":")) {
            return "a domain pattern is a host name only, without scheme, port or path"
        }
        if pattern.count > 253 { return "a domain name has at most 253 characters" }
        if pattern.contains(where: RuleBytes.isUppercase) { return "write the domain in lower case" }
        let labels = pattern.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        if labels.count < 2 { return "a domain pattern needs at least two labels (example.nl)" }
        for label in labels {
            if label.isEmpty { return "empty label in domain (two dots in a row, or a dot at an end)" }
            if label.count > 63 { return "a domain label has at most 63 characters" }
            if !label.allSatisfy({ RuleBytes.isDigit($0) || RuleBytes.isLetter($0) || $0 == UInt8(ascii: "-") }) {
                return "a domain has only a-z, 0-9, - and dots"
            }
            if label.first == UInt8(ascii: "-") || label.last == UInt8(ascii: "-") {
                return "a domain label cannot start or end with -"
            }
        }
        return nil
    }

    private static let obfuscatedDots: [[UInt8]] = [
        " [.] ", " (.) ", " [dot] ", " (dot) ", " . ", "[.]", "(.)", "{.}", "[dot]", "(dot)", " dot ", " punt ",
    ].map { Array($0.utf8) }

    /// `text` with obfuscated dots replaced by `.` (linear: each position is
    /// tried against a fixed list of short forms).
    static func hostView(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var view: [UInt8] = []
        view.reserveCapacity(text.count)
        var i = 0
        let n = text.count
        scanning: while i < n {
            let byte = text[i]
            if byte == 0x20 || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "(") || byte == UInt8(ascii: "{") {
                for form in obfuscatedDots where RuleBytes.hasPrefix(text, at: i, form) {
                    view.append(UInt8(ascii: "."))
                    i += form.count
                    continue scanning
                }
            }
            view.append(byte)
            i += 1
        }
        return view
    }

    /// Whether the occurrence `start..<end` of a domain keyword in the host
    /// view stands on its own: not inside a longer label on the left (a dot
    /// there makes it a subdomain, which counts) nor followed by more host
    /// name on the right.
    @inline(__always)
    static func standsAlone(_ view: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> Bool {
        if start > 0 && RuleBytes.isHost(view[start - 1]) { return false }
        if end < view.count {
            let next = view[end]
            if RuleBytes.isHost(next) { return false }
            if next == UInt8(ascii: "."), end + 1 < view.count, RuleBytes.isHost(view[end + 1]) { return false }
        }
        return true
    }
}

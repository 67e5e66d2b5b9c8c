/// The `price` matcher: one linear pass over the text view that finds every
/// *amount* and which `PriceForm`s it has.
///
/// An amount is a number — digits with `.` or `,` between digit groups
/// (`1500`, `1.500`, `1,500.00`, `99,95`) — optionally followed by a
/// multiplier (`k`, `m`, `mln`, `miljoen`, `million`, `duizend`,
/// `thousand`), with a currency right before or after it (one space
/// allowed): `€`, `eur`, `euro`, `euros`, `$`, `usd`, `dollar(s)`, `£`,
/// `gbp`; or a number with the Dutch price mark `,-` / `,--` / `.-`
/// (`1.500,-`). Forms then look around the amount:
/// `recurring`, `excl-vat` and `vat` at the 40 bytes after it (a term must
/// start at a word boundary), `from` right before it (one space).
enum PriceScanner {
    struct Forms: OptionSet {
        let rawValue: UInt8
        static let any = Forms(rawValue: 1)
        static let recurring = Forms(rawValue: 2)
        static let exclVAT = Forms(rawValue: 4)
        static let vat = Forms(rawValue: 8)
        static let from = Forms(rawValue: 16)
        static let all: Forms = [.any, .recurring, .exclVAT, .vat, .from]

        init(rawValue: UInt8) { self.rawValue = rawValue }

        init(_ form: PriceForm) {
            switch form {
            case .any: self = .any
            case .recurring: self = .recurring
            case .exclVAT: self = .exclVAT
            case .vat: self = .vat
            case .from: self = .from
            }
        }
    }

    static let window = 40

    private static func words(_ list: [String]) -> [[UInt8]] { list.map { Array($0.utf8) } }

    private static let currencyBefore = words(["€", "eur", "euro", "$", "usd", "£", "gbp"])
    private static let currencyAfter = words(["€", "euros", "euro", "eur", "$", "usd", "dollars", "dollar", "£", "gbp"])
    private static let multipliers = words(["miljoen", "million", "duizend", "thousand", "mln", "k", "m"])
    private static let priceMarks = words([",--", ",-", ".-"])
    static let periodTerms = words([
        "per maand", "per mnd", "per month", "per jaar", "per year", "per annum", "per week", "per kwartaal",
        "per quarter", "per dag", "per day", "a month", "a year", "p/m", "p.m.", "pm", "p/mnd", "p/j", "p.j.",
        "/maand", "/mnd", "/month", "/mo", "/jaar", "/jr", "/year", "/yr", "/week", "/kwartaal",
        "maandelijks", "monthly", "jaarlijks", "yearly", "annually", "per gebruiker per maand", "per user per month",
    ])
    static let exclVATTerms = words([
        "excl. btw", "excl btw", "excl.btw", "exclusief btw", "ex. btw", "ex btw", "ex.btw", "+ btw", "+btw",
        "plus btw", "excl. vat", "excl vat", "excl.vat", "ex. vat", "ex vat", "ex.vat", "excluding vat",
        "exclusive of vat", "+ vat", "+vat", "plus vat",
    ])
    static let vatTerms = exclVATTerms + words([
        "incl. btw", "incl btw", "incl.btw", "inclusief btw", "inc. btw", "incl. vat", "incl vat", "inc. vat",
        "inc vat", "including vat", "inclusive of vat", "btw", "vat",
    ])
    static let leadIns = words([
        "vanaf", "v.a.", "va", "from", "starting at", "starts at", "slechts", "only", "just", "voor maar",
        "voor slechts", "for just", "for only", "nu", "now", "al voor", "already for",
    ])

    /// Terms grouped by their first byte, so a window position costs one
    /// lookup when nothing can start there.
    private struct TermIndex {
        let byFirst: [[[UInt8]]]
        init(_ terms: [[UInt8]]) {
            var byFirst = [[[UInt8]]](repeating: [], count: 256)
            for term in terms { byFirst[Int(term[0])].append(term) }
            self.byFirst = byFirst
        }
    }

    private static let periodIndex = TermIndex(periodTerms)
    private static let exclVATIndex = TermIndex(exclVATTerms)
    private static let vatIndex = TermIndex(vatTerms)

    /// The forms of the amounts in `text`; stops once all of `wanted` are found.
    static func forms(in text: UnsafeBufferPointer<UInt8>, wanted: Forms = .all) -> Forms {
        var found: Forms = []
        let n = text.count
        var i = 0
        while i < n {
            let byte = text[i]
            guard RuleBytes.isDigit(byte) else { i += 1; continue }
            // A number starts here (the previous byte is no digit: numbers are consumed whole).
            let numberStart = i
            var end = i
            while end < n && RuleBytes.isDigit(text[end]) { end += 1 }
            while end + 1 < n && (text[end] == UInt8(ascii: ".") || text[end] == UInt8(ascii: ",")) && RuleBytes.isDigit(text[end + 1]) {
                end += 1
                while end < n && RuleBytes.isDigit(text[end]) { end += 1 }
            }
            i = end
            if numberStart > 0 && RuleBytes.isLetter(text[numberStart - 1]) && !endsWithCurrency(text, numberStart) { continue }
            var amountStart = numberStart
            var amountEnd = end
            var isAmount = false
            if let mark = priceMarks.first(where: { RuleBytes.hasPrefix(text, at: end, $0) }) {
                amountEnd = end + mark.count
                isAmount = true
            }
            if !isAmount, let start = currencyStart(before: numberStart, text) {
                amountStart = start
                isAmount = true
                if let after = multiplierEnd(from: end, text) { amountEnd = after }
            }
            if !isAmount {
                var cursor = multiplierEnd(from: end, text) ?? end
                if cursor < n && text[cursor] == 0x20 { cursor += 1 }
                if let currency = currencyAfter.first(where: { word(text, at: cursor, $0) }) {
                    amountEnd = cursor + currency.count
                    isAmount = true
                }
            }
            guard isAmount else { continue }
            found.insert(.any)
            if !found.isSuperset(of: wanted.intersection([.recurring, .exclVAT, .vat])) {
                found.formUnion(termsAfter(amountEnd, text, skipping: found))
            }
            if !found.contains(.from) && leadInBefore(amountStart, text) { found.insert(.from) }
            if found.isSuperset(of: wanted) { return found }
            i = max(i, amountEnd)
        }
        return found
    }

    /// Whether `needle` is at `offset` and ends at a word boundary (a word
    /// needle) or anywhere (a symbol).
    @inline(__always)
    private static func word(_ text: UnsafeBufferPointer<UInt8>, at offset: Int, _ needle: [UInt8]) -> Bool {
        guard RuleBytes.hasPrefix(text, at: offset, needle) else { return false }
        let end = offset + needle.count
        if let last = needle.last, RuleBytes.isWord(last), end < text.count, RuleBytes.isWord(text[end]) { return false }
        return true
    }

    private static func endsWithCurrency(_ text: UnsafeBufferPointer<UInt8>, _ position: Int) -> Bool {
        currencyBefore.contains { RuleBytes.hasPrefix(text, at: position - $0.count, $0) }
    }

    /// The start of a currency right before `position` (one space allowed),
    /// which must itself start at a word boundary when it is a word.
    private static func currencyStart(before position: Int, _ text: UnsafeBufferPointer<UInt8>) -> Int? {
        var end = position
        if end > 0 && text[end - 1] == 0x20 { end -= 1 }
        for currency in currencyBefore {
            let start = end - currency.count
            guard RuleBytes.hasPrefix(text, at: start, currency) else { continue }
            if RuleBytes.isWord(currency[0]) && start > 0 && RuleBytes.isWord(text[start - 1]) { continue }
            return start
        }
        return nil
    }

    private static func multiplierEnd(from position: Int, _ text: UnsafeBufferPointer<UInt8>) -> Int? {
        var cursor = position
        if cursor < text.count && text[cursor] == 0x20 { cursor += 1 }
        for multiplier in multipliers where word(text, at: cursor, multiplier) {
            return cursor + multiplier.count
        }
        return nil
    }

    private static func termsAfter(_ position: Int, _ text: UnsafeBufferPointer<UInt8>, skipping known: Forms) -> Forms {
        var forms = known
        let limit = min(text.count, position + window)
        var p = position
        while p < limit {
            if p == position || !RuleBytes.isWord(text[p - 1]) || !RuleBytes.isWord(text[p]) {
                let first = Int(text[p])
                if !forms.contains(.recurring) && periodIndex.byFirst[first].contains(where: { word(text, at: p, $0) }) { forms.insert(.recurring) }
                if !forms.contains(.exclVAT) && exclVATIndex.byFirst[first].contains(where: { word(text, at: p, $0) }) { forms.insert([.exclVAT, .vat]) }
                if !forms.contains(.vat) && vatIndex.byFirst[first].contains(where: { word(text, at: p, $0) }) { forms.insert(.vat) }
            }
            p += 1
        }
        return forms
    }

    private static func leadInBefore(_ position: Int, _ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var end = position
        if end > 0 && text[end - 1] == 0x20 { end -= 1 }
        for term in leadIns {
            let start = end - term.count
            guard RuleBytes.hasPrefix(text, at: start, term) else { continue }
            if start > 0 && RuleBytes.isWord(text[start - 1]) { continue }
            return true
        }
        return false
    }
}

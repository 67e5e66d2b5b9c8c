/// A strict, narrow decoder of `PostWire.Submit` for the ingest path,
/// where Foundation's `JSONDecoder` was a tenth of the server's time per
/// post. It accepts only the plain form clients write: one JSON object with
/// exactly the fifteen fields, each once, strings of printable ASCII whose
/// only escape is `\/` (Foundation's `JSONEncoder` writes base64's slashes
/// so), keys without escapes, `epoch` and `log_seq` as plain non-negative integers, JSON
/// whitespace between tokens. Anything else (an escape, an unknown or
/// repeated key, a fraction, invalid JSON…) returns nil and the caller
/// decodes with `JSONDecoder` as before, which accepts or refuses it
/// exactly as it always did. So this decoder never changes what is
/// accepted: what it accepts `JSONDecoder` accepts too, with the same value
/// (a test compares them on many valid and altered bodies).
extension PostWire.Submit {
    public static func decodePlain(_ body: [UInt8]) -> PostWire.Submit? {
        body.withUnsafeBufferPointer { buffer in
            var scanner = PlainScanner(buffer)
            return scanner.submit()
        }
    }

    fileprivate init(fields s: [String], epoch: UInt64, logSeq: UInt64) {
        post_id = s[0]
        thread_id = s[1]
        label = s[2]
        keyring_id = s[3]
        log_head = s[4]
        author_id = s[5]
        author_cert_hash = s[6]
        franking_tag = s[7]
        moderation = s[8]
        nonce = s[9]
        ciphertext = s[10]
        policy_version = s[11]
        signature = s[12]
        self.epoch = epoch
        self.log_seq = logSeq
    }
}

private struct PlainScanner {
    /// The string fields, in the order of `Submit.init(fields:)`.
    static let stringKeys: [StaticString] = ["post_id", "thread_id", "label", "keyring_id", "log_head", "author_id", "author_cert_hash",
                                             "franking_tag", "moderation", "nonce", "ciphertext", "policy_version", "signature"]

    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    /// Consumes `byte` (after any whitespace) or returns false.
    mutating func take(_ byte: UInt8) -> Bool {
        skipSpace()
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    /// A string of printable ASCII whose only escape is `\/` (when
    /// `slashes`; else none): the range of its text as written and whether
    /// it has an escape, or nil for anything else.
    mutating func plainString(slashes: Bool) -> (range: Range<Int>, escaped: Bool)? {
        guard take(0x22) else { return nil }
        let start = index
        var escaped = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x22 {
                index += 1
                return (start..<(index - 1), escaped)
            }
            if byte == 0x5C {
                guard slashes, index + 1 < bytes.count, bytes[index + 1] == 0x2F else { return nil }
                escaped = true
                index += 2
                continue
            }
            guard byte >= 0x20, byte < 0x7F else { return nil }
            index += 1
        }
        return nil
    }

    /// The value of a string `plainString` accepted: its text without the
    /// backslash of each `\/`.
    func value(_ text: (range: Range<Int>, escaped: Bool)) -> String {
        let slice = UnsafeBufferPointer(rebasing: bytes[text.range])
        guard text.escaped else { return String(decoding: slice, as: UTF8.self) }
        return String(unsafeUninitializedCapacity: slice.count) { out in
            var count = 0
            for byte in slice where byte != 0x5C {
                out[count] = byte
                count += 1
            }
            return count
        }
    }

    /// A non-negative integer without sign, fraction or exponent that fits in
    /// a `UInt64` (JSON: no leading zero).
    mutating func plainInteger() -> UInt64? {
        skipSpace()
        let start = index
        var value: UInt64 = 0
        while index < bytes.count, (0x30...0x39).contains(bytes[index]) {
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(UInt64(bytes[index] - 0x30))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
            index += 1
        }
        let count = index - start
        guard count > 0, count == 1 || bytes[start] != 0x30 else { return nil }
        // A fraction or an exponent would follow directly: refused.
        if index < bytes.count, bytes[index] == 0x2E || bytes[index] == 0x65 || bytes[index] == 0x45 { return nil }
        return value
    }

    func equals(_ range: Range<Int>, _ key: StaticString) -> Bool {
        guard range.count == key.utf8CodeUnitCount else { return false }
        let text = key.utf8Start
        var offset = 0
        for position in range {
            guard bytes[position] == text[offset] else { return false }
            offset += 1
        }
        return true
    }

    mutating func submit() -> PostWire.Submit? {
        var strings = [String?](repeating: nil, count: Self.stringKeys.count)
        var epoch: UInt64?
        var logSeq: UInt64?
        guard take(0x7B) else { return nil }
        while true {
            guard let key = plainString(slashes: false)?.range, take(0x3A) else { return nil }
            if equals(key, "epoch") {
                guard epoch == nil, let value = plainInteger() else { return nil }
                epoch = value
            } else if equals(key, "log_seq") {
                guard logSeq == nil, let value = plainInteger() else { return nil }
                logSeq = value
            } else {
                guard let field = Self.stringKeys.firstIndex(where: { equals(key, $0) }), strings[field] == nil,
                      let text = plainString(slashes: true) else { return nil }
                strings[field] = value(text)
            }
            if take(0x2C) { continue }
            guard take(0x7D) else { return nil }
            break
        }
        skipSpace()
        guard index == bytes.count, let epoch, let logSeq else { return nil }
        let fields = strings.compactMap { $0 }
        guard fields.count == strings.count else { return nil }
        return PostWire.Submit(fields: fields, epoch: epoch, logSeq: logSeq)
    }
}

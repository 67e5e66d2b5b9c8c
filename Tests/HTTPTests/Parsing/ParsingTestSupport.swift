@testable import HTTP

/// A request head from its lines: each gets CRLF, then the empty line.
func request(_ lines: String...) -> String {
    lines.map { $0 + "\r\n" }.joined() + "\r\n"
}

/// Parses `bytes` in one call with a fresh parser.
func parse(_ bytes: [UInt8], limits: HTTPParserLimits = .init()) -> HTTPRequestParser.Result {
    var parser = HTTPRequestParser(limits: limits)
    return bytes.withUnsafeBytes { parser.parse($0) }
}

/// Parses `text` in one call with a fresh parser.
func parse(_ text: String, limits: HTTPParserLimits = .init()) -> HTTPRequestParser.Result {
    parse(Array(text.utf8), limits: limits)
}

/// The head parsed from `text`, or nil.
func head(_ text: String, limits: HTTPParserLimits = .init()) -> HTTPRequestHead? {
    if case .head(let head, _) = parse(text, limits: limits) { return head }
    return nil
}

/// The error parsing `text` fails with, or nil.
func failure(_ text: String, limits: HTTPParserLimits = .init()) -> HTTPParseError? {
    failure(Array(text.utf8), limits: limits)
}

/// The error parsing `bytes` fails with, or nil.
func failure(_ bytes: [UInt8], limits: HTTPParserLimits = .init()) -> HTTPParseError? {
    if case .failure(let error) = parse(bytes, limits: limits) { return error }
    return nil
}

/// Feeds growing prefixes of `bytes` ending at each of `cuts` and then at the end,
/// as a connection would; returns the first result that is not `.incomplete`.
func parsePiecewise(
    _ bytes: [UInt8], cuts: [Int], limits: HTTPParserLimits = .init()
) -> HTTPRequestParser.Result {
    var parser = HTTPRequestParser(limits: limits)
    return bytes.withUnsafeBytes { buffer in
        for cut in cuts + [buffer.count] {
            let result = parser.parse(UnsafeRawBufferPointer(rebasing: buffer[..<cut]))
            if result != .incomplete { return result }
        }
        return .incomplete
    }
}

/// A small deterministic generator (SplitMix64) so random splits are repeatable.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

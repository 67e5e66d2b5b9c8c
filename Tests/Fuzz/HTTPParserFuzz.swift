// libFuzzer entry point for the HTTP request-head parser. Built by `Ops/fuzz http`
// together with Sources/HTTP/Parsing/*.swift into one standalone binary, so only
// the standard library is available here.
//
// Each input is parsed whole and fed in pieces (split where its first byte says),
// with the default limits and with small ones; any disagreement or broken promise
// (see HTTPParserSelfCheck) traps, which libFuzzer reports as a crash and saves.
// Crashes found belong in Tests/Fuzz/regressions/http/, which HTTPTests replays.

/// Called by libFuzzer once per generated input.
@_cdecl("LLVMFuzzerTestOneInput")
public func httpParserFuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size)
    if let violation = HTTPParserSelfCheck.violation(in: input) {
        fatalError("HTTP parser self-check failed: \(violation)")
    }
    return 0
}

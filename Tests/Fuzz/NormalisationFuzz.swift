// libFuzzer entry point for moderation's text normalisation. Built standalone
// with swiftc from Sources/Moderation/*.swift, Sources/Moderation/Normalisation/*.swift,
// Sources/Moderation/Generated/*.swift and this file, so only the standard
// library is available here.
//
// Each input is normalised and the promises of TextNormaliser are checked; a
// broken one traps, which libFuzzer reports as a crash and saves.

/// The built-in normaliser, built once.
let fuzzNormaliser = TextNormaliser()

/// Called by libFuzzer once per generated input.
@_cdecl("LLVMFuzzerTestOneInput")
public func normalisationFuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: data, count: data == nil ? 0 : size)
    let once = fuzzNormaliser.normalise(input)
    guard isWellFormedUTF8(once.text) else { fatalError("text is not valid UTF-8") }
    guard isWellFormedUTF8(once.skeleton) else { fatalError("skeleton is not valid UTF-8") }
    guard once.skeleton.count <= once.text.count else { fatalError("skeleton longer than text") }
    // ASCII never grows (it is only lower-cased, removed or collapsed).
    if !input.contains(where: { $0 >= 0x80 }) && once.text.count > size { fatalError("ASCII input grew") }
    guard once.text.first != 0x20, once.text.last != 0x20 else { fatalError("text starts or ends with a space") }
    for index in once.text.indices.dropFirst() where once.text[index] == 0x20 && once.text[index - 1] == 0x20 {
        fatalError("text has two spaces in a row")
    }
    let twice = fuzzNormaliser.normalise(once.text)
    guard twice.text == once.text else { fatalError("text is not idempotent") }
    guard twice.skeleton == once.skeleton else { fatalError("skeleton differs for the normalised text") }
    // The block-at-a-time paths give what the reference code gives (a cross-client contract).
    guard fuzzNormaliser.normaliseReference(input) == once else { fatalError("differs from normaliseReference") }
    guard TextNormaliser.skeleton(of: Array(input)) == TextNormaliser.skeletonReference(of: Array(input)) else {
        fatalError("skeleton of raw bytes differs from skeletonReference")
    }
    // Any collection gives the same result as contiguous bytes.
    guard fuzzNormaliser.normalise(AnyCollection(input)) == once else { fatalError("collection and buffer differ") }
    return 0
}

/// Whether `bytes` is well-formed UTF-8, by the standard library's decoder.
func isWellFormedUTF8(_ bytes: [UInt8]) -> Bool {
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    while true {
        switch decoder.decode(&iterator) {
        case .scalarValue: continue
        case .emptyInput: return true
        case .error: return false
        }
    }
}

import Foundation
import Testing
@testable import Knowledge

// What stops reading before the schema: size, UTF-8, JSON.
@Suite struct InputTests {
    @Test func inputsOverTheLimitAreRefusedBeforeParsing() {
        let fiftyMegabytes = Data(repeating: 0xFF, count: 50 * 1024 * 1024)  // not even UTF-8: never looked at
        #expect(csafError { _ = try CSAFImporter.draft(from: fiftyMegabytes) }
            == .inputTooLarge(size: 50 * 1024 * 1024, limit: 10 * 1024 * 1024))
        let justOver = Data(repeating: 0x20, count: CSAFImporter.maximumInputSize + 1)
        #expect(csafError { _ = try CSAFImporter.draft(from: justOver) }
            == .inputTooLarge(size: CSAFImporter.maximumInputSize + 1, limit: CSAFImporter.maximumInputSize))
    }

    @Test func invalidUTF8() {
        var bytes = [UInt8](Fixture.data(Fixture.bsi))
        bytes.insert(0xC3, at: 40)  // a lead byte without its continuation
        #expect(csafError { _ = try CSAFImporter.draft(from: Data(bytes)) } == .invalidUTF8)
        #expect(csafError { _ = try CSAFImporter.draft(from: Data([0x7B, 0xED, 0xA0, 0x80, 0x7D])) } == .invalidUTF8)  // a UTF-8 surrogate
    }

    @Test(arguments: [
        "", "not json", "{", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "01", "1.", "\"\\x\"", "\"\\ud800\"",
        "{\"a\":1}{", "\"tab\there\"", "nul", "{\"a\":1,\"a\":2}",
    ])
    func notJSON(text: String) {
        guard case .notJSON? = csafError({ _ = try CSAFImporter.draft(from: Data(text.utf8)) }) else {
            Issue.record("accepted \(text)")
            return
        }
    }

    @Test func aLeadingByteOrderMarkIsIgnored() throws {
        let plain = try CSAFImporter.draft(from: Fixture.data(Fixture.bsi))
        let marked = try CSAFImporter.draft(from: Data([0xEF, 0xBB, 0xBF]) + Fixture.data(Fixture.bsi))
        #expect(marked.title == plain.title && marked.trackingID == plain.trackingID)
        // Only at the start, and only once.
        #expect(csafError { _ = try CSAFImporter.draft(from: Data([0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF]) + Fixture.data(Fixture.bsi)) } != nil)
    }

    @Test func duplicateMemberNamesAreRefused() {
        let error = csafError { _ = try CSAFImporter.draft(from: Data(#"{"document": {}, "document": {}}"#.utf8)) }
        #expect(error == .notJSON(offset: 17, reason: "duplicate member name"))
    }

    @Test func nestingIsBounded() {
        let deep = String(repeating: "[", count: 101) + String(repeating: "]", count: 101)
        guard case .notJSON? = csafError({ _ = try CSAFImporter.draft(from: Data(deep.utf8)) }) else {
            Issue.record("accepted 101 levels")
            return
        }
        let ok = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: Never.self) { _ = try JSONParser.parse(Array(ok.utf8)) }
    }

    @Test func parserReadsEscapesAndNumbers() throws {
        let value = try JSONParser.parse(Array(#"{"s": "a\"\\\/\n\u00e9\ud83d\ude00", "n": [-1.5e2, 0, 10], "t": true, "z": null}"#.utf8))
        #expect(value == .object([
            "s": .string("a\"\\/\né😀"),
            "n": .array([.number(-150), .number(0), .number(10)]),
            "t": .bool(true),
            "z": .null,
        ]))
    }

    @Test func notAnObject() {
        #expect(csafError { _ = try CSAFImporter.draft(from: Data("[]".utf8)) }
            == .wrongType(path: "/", expected: "object", found: "array"))
    }

    @Test func rfc3339Dates() {
        #expect(RFC3339.date(from: "1970-01-01T00:00:00Z") == Date(timeIntervalSince1970: 0))
        #expect(RFC3339.date(from: "2022-03-14T13:10:55.000+01:00") == Date(timeIntervalSince1970: 1_647_259_855))
        #expect(RFC3339.date(from: "2024-02-29T00:00:00Z") != nil)
        for bad in ["2023-02-29T00:00:00Z", "2022-03-14 13:10:55Z", "2022-03-14T13:10:55", "2022-13-01T00:00:00Z", "2022-03-14T24:00:00Z", "2022-03-14T13:10:55.Z"] {
            #expect(RFC3339.date(from: bad) == nil, "\(bad)")
        }
    }
}

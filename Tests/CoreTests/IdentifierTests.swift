import Testing
@testable import Core

@Suite struct IdentifierTests {
    @Test func acceptsLowerCaseUUID() {
        #expect(Identifier.isValid("0f6c1c6e-8f3a-4b61-9a52-6f0e1b2c3d4e"))
    }

    @Test(arguments: [
        "0F6C1C6E-8F3A-4B61-9A52-6F0E1B2C3D4E", "0f6c1c6e8f3a4b619a526f0e1b2c3d4e", "",
        "0f6c1c6e-8f3a-4b61-9a52-6f0e1b2c3d4", "0f6c1c6e-8f3a-4b61-9a52_6f0e1b2c3d4e", "0f6c1c6e-8f3a-4b61-9a52-6f0e1b2c3d4g",
    ])
    func refusesOtherShapes(_ text: String) {
        #expect(!Identifier.isValid(text))
    }

    @Test func generatedUUIDsAreValidVersion4() {
        let id = Identifier.uuid(fromRandom: [UInt8](repeating: 0xff, count: 16))
        #expect(Identifier.isValid(id))
        #expect(id == "ffffffff-ffff-4fff-bfff-ffffffffffff")
    }
}

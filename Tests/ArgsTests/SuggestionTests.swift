import Testing
@testable import Args

@Suite struct SuggestionTests {
    @Test(arguments: [
        ("verify", "verify", 0), ("verfy", "verify", 1), ("verfiy", "verify", 1),
        ("", "abc", 3), ("kitten", "sitting", 3), ("ca", "abc", 3),
    ])
    func editDistance(_ a: String, _ b: String, _ distance: Int) {
        #expect(Suggestion.editDistance(a, b) == distance)
        #expect(Suggestion.editDistance(b, a) == distance)
    }

    @Test func closestCloseEnoughCandidate() {
        let names = ["serve", "audit", "threads", "help"]
        #expect(Suggestion.closest(to: "srve", among: names) == "serve")
        #expect(Suggestion.closest(to: "adit", among: names) == "audit")
        #expect(Suggestion.closest(to: "thread", among: names) == "threads")
        #expect(Suggestion.closest(to: "xyz", among: names) == nil)
        #expect(Suggestion.closest(to: "he", among: names) == nil)
        #expect(Suggestion.closest(to: "hel", among: names) == "help")
        #expect(Suggestion.closest(to: "deploy", among: names) == nil)
    }
}

import Testing
@testable import Core

/// The words suggestions are made of, and the local ranking of a question
/// against the publication index.
@Suite struct SuggestionTermsTests {
    @Test func wordsAreLowerCasedWithoutStopWordsOrShortOnes() {
        #expect(SuggestionTerms.words("The RANSOMWARE encrypted our NAS-2 server; wij hebben een back-up!") ==
                ["ransomware", "encrypted", "nas", "server", "back"])
        #expect(SuggestionTerms.words("a an of to de en") == [])
        #expect(SuggestionTerms.words("Réseau sécurisé 2FA") == ["réseau", "sécurisé", "2fa"])
    }

    @Test func topTermsAreTheMostFrequentThenTheFirstSeen() {
        #expect(SuggestionTerms.top(of: "backup restore backup offline restore backup test", count: 3) == ["backup", "restore", "offline"])
        #expect(SuggestionTerms.top(of: "", count: 3) == [])
    }

    @Test func rankingPrefersTitleWordsAndDropsWeakMatches() {
        let entries = [
            SuggestionTerms.Entry(id: "plan", title: "Incident step plan after ransomware", terms: ["contain", "evidence", "police"], topics: ["incident-response"]),
            SuggestionTerms.Entry(id: "mfa", title: "Multi-factor authentication", terms: ["authentication", "vpn"], topics: ["identity-access"]),
            SuggestionTerms.Entry(id: "backups", title: "Offline backups", terms: ["ransomware", "restore", "offline"], topics: ["backup-recovery"]),
        ]
        let ranked = SuggestionTerms.rank("Ransomware hit us: how do we restore from offline backups?", entries)
        #expect(ranked.map(\.id) == ["backups", "plan"])
        #expect(ranked.first?.score == 3 * 2 + 3)   // title: offline, backups; terms: ransomware, restore, offline
        // One shared term is not enough; a named topic counts.
        #expect(SuggestionTerms.rank("which vpn", entries).isEmpty)
        #expect(SuggestionTerms.rank("which vpn", entries, topics: ["identity-access"]).map(\.id) == ["mfa"])
        #expect(SuggestionTerms.rank("", entries).isEmpty)
        #expect(SuggestionTerms.rank("ransomware restore offline backups plan", entries, limit: 1).count == 1)
    }
}

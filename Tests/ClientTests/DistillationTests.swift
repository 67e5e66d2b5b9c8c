import Core
import Testing
@testable import Client

/// Distilling a best practice from a thread: another member's words copied
/// into a publication labelled less strictly than the thread are refused;
/// one's own words, short quotes, and a thread no stricter than the
/// publication are not.
@Suite struct DistillationTests {
    static let carol = Distillation.Source(
        authorID: "carol", seq: 2,
        text: "We restored from the offline tapes after the ransomware hit; the cloud sync had copied the encrypted files too.")
    static let mine = Distillation.Source(
        authorID: "alice", seq: 1, text: "Our supplier's VPN appliance was the way in, unpatched for three months before the attack began.")

    func check(_ body: String, label: TLPLabel = .green, thread: TLPLabel = .amber) -> Distillation.Copy? {
        Distillation.copied(title: "Offline backups", body: body, label: label, thread: thread, me: "alice", posts: [Self.mine, Self.carol])
    }

    @Test func anotherMembersWordsAreRefused() throws {
        let copy = try #require(check("Lesson: we restored from the offline tapes after the ransomware hit; keep them."))
        #expect(copy.authorID == "carol" && copy.seq == 2)
        #expect(copy.words == "we restored from the offline tapes after the")
        #expect(copy.description.contains("post #2 by carol"))
        // Case, punctuation and line breaks do not hide a copy.
        #expect(check("WE RESTORED from the\noffline tapes, after the RANSOMWARE hit!") != nil)
        // RED and AMBER+STRICT threads too.
        #expect(check("we restored from the offline tapes after the ransomware hit", thread: .red) != nil)
        #expect(check("we restored from the offline tapes after the ransomware hit", label: .clear, thread: .green) != nil)
    }

    @Test func ownWordsShortQuotesAndEqualLabelsPass() {
        #expect(check("Our supplier's VPN appliance was the way in, unpatched for three months before the attack began.") == nil, "one's own post")
        #expect(check("Keep offline tapes; cloud sync copies encrypted files too.") == nil, "distilled, not copied")
        #expect(check("we restored from the offline tapes after") == nil, "seven words are not a copy")
        #expect(check("we restored from the offline tapes after the ransomware hit", label: .green, thread: .green) == nil,
                "a GREEN thread's text may go into a GREEN publication")
        #expect(check("") == nil)
    }
}

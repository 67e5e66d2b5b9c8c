import Foundation
import Testing
@testable import Commands

/// `trustforum publications` and `trustforum search` against a live server:
/// new → list → search → endorse → edit → history.
@Suite struct PublicationsCommandTests {
    @Test func newListSearchEndorseHistory() throws {
        let c = try ThreadCommunity()
        let alice = try c.member("alice")
        let expert = try c.member("erik", role: "expert")

        let made = alice.run(["publications", "new", "--label", "TLP:CLEAR", "--level", "3", "--topic", "phishing", "--topic", "awareness",
                              "--title", "Report phishing in one click", "--body-file",
                              try c.body("Add a report button to the mail client.\nPraise every report, even false alarms.")])
        #expect(made.code == 0, "\(made.err)")
        let id = made.out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(alice.run(["publications", "new", "--label", "TLP:AMBER", "--level", "3", "--topic", "phishing", "--title", "x",
                           "--body-file", try c.body("y")]).code == 1)
        #expect(alice.run(["publications", "new", "--label", "TLP:CLEAR", "--level", "9", "--topic", "phishing", "--title", "x"]).code == 64)

        let listed = alice.run(["publications", "list", "--level", "3"])
        #expect(listed.code == 0 && listed.out.contains(id) && listed.out.contains("Report phishing in one click"), "\(listed.out)\(listed.err)")
        #expect(alice.run(["publications", "list", "--level", "4"]).out == "No publications.\n")

        let found = alice.run(["search", "false alarms"])
        #expect(found.code == 0, "\(found.err)")
        #expect(found.out.hasPrefix("Report phishing in one click  [TLP:CLEAR, level 3]  \(id)"), "\(found.out)")
        #expect(found.out.contains("**false** **alarms**"), "\(found.out)")
        #expect(alice.run(["search", "AND OR"]).code == 1)

        #expect(alice.run(["publications", "endorse", id]).code == 1, "members do not endorse")
        let endorsed = expert.run(["publications", "endorse", id])
        #expect(endorsed.code == 0 && endorsed.out == "Endorsed \(id) (1 endorsement).\n", "\(endorsed.out)\(endorsed.err)")
        #expect(expert.run(["publications", "endorse", id]).code == 1, "once")

        let edited = alice.run(["publications", "edit", id, "--title", "Report phishing with one click", "--body-file", try c.body("A report button.")])
        #expect(edited.code == 0 && edited.out == "Version 2 of \(id).\n", "\(edited.out)\(edited.err)")
        let history = alice.run(["publications", "history", id])
        #expect(history.code == 0 && history.out.contains("Report phishing in one click") && history.out.contains("Report phishing with one click"),
                "\(history.out)")
        let shown = alice.run(["publications", "show", id])
        #expect(shown.out.contains("A report button.") && shown.out.contains("Endorsed"), "\(shown.out)")
        #expect(alice.run(["search", "--json", "button"]).out.contains("\"id\" : \"\(id)\""))
    }

    /// `publications new --from-thread`: read and checked on the member's
    /// machine; another member's words from a stricter thread are refused
    /// and nothing is sent; the member's own distillation is published with
    /// its own label, and the server stores no trace of the thread.
    @Test func aBestPracticeDistilledFromAThread() throws {
        let c = try ThreadCommunity()
        let alice = try c.member("alice")
        let carol = try c.member("carol")
        let thread = try c.newThread(by: alice, label: "TLP:AMBER", to: [carol.id], text: "How did you recover from the ransomware?")
        try c.reply(carol, thread, "We restored from the offline tapes after the ransomware hit; the cloud sync had copied the encrypted files too.")
        func distil(_ body: String, label: String = "TLP:GREEN") throws -> CLI.Result {
            alice.run(["publications", "new", "--from-thread", thread, "--label", label, "--level", "2", "--topic", "backup-recovery",
                       "--title", "Offline copies save the day", "--body-file", try c.body(body)])
        }
        let copied = try distil("We restored from the offline tapes after the ransomware hit.")
        #expect(copied.code == 1 && copied.err.contains("post #2 by \(carol.id)") && copied.err.contains("Nothing was sent"), "\(copied.err)")
        let stored = try c.live.database.read { conn in try conn.queryOne("SELECT count(*) FROM publications")?.int64(at: 0) }
        #expect(stored == 0, "nothing was sent")
        #expect(try distil("x", label: "TLP:AMBER").code == 64)

        let made = try distil("Keep an offline copy: a sync service copies encrypted files as faithfully as good ones.")
        #expect(made.code == 0 && made.err.contains("Distilled from a TLP:AMBER thread into a new TLP:GREEN document"), "\(made.out)\(made.err)")
        let id = made.out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(carol.run(["publications", "show", id]).out.contains("TLP:GREEN"))
        let trace = try c.live.database.read { conn in
            try conn.queryOne("SELECT count(*) FROM publication_versions WHERE body LIKE ? OR title LIKE ?", [.text("%\(thread)%"), .text("%\(thread)%")])?.int64(at: 0)
        }
        #expect(trace == 0, "the thread is not named to the server")
    }
}

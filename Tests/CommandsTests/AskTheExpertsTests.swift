import Core
import Foundation
import Testing
@testable import Commands

/// Ask the experts end to end through the CLI (the scenario): a
/// member asks in TLP:AMBER+STRICT, the client adds the experts, an expert
/// sees it in the queue, claims and answers with a verified expert badge,
/// and the member accepts the answer.
@Suite struct AskTheExpertsTests {
    @Test func aMemberAsksAnExpertClaimsAndAnswersTheMemberAccepts() throws {
        let c = try ThreadCommunity()
        let alice = try c.member("alice")
        let expert = try c.member("ncsc-expert", role: "expert")
        let other = try c.member("bob")

        // A best practice that may answer the question: suggested before asking, matched on alice's machine.
        let practice = other.run(["publications", "new", "--label", "TLP:CLEAR", "--level", "2", "--topic", "ransomware", "--title",
                                  "Restore an encrypted file server from offline backups", "--body-file",
                                  try c.body("When ransomware encrypted a file server, disconnect it and restore from the offline backup.")])
        #expect(practice.code == 0, "\(practice.err)")
        let suggested = alice.run(["suggest", "--title", "Encrypted file server", "--body-file", try c.body("Our file server was encrypted overnight.")])
        #expect(suggested.code == 0 && suggested.out.contains("Restore an encrypted file server from offline backups"), "\(suggested.out)")
        let asked = alice.run(["threads", "new", "--label", "TLP:AMBER+STRICT", "--topic", "ransomware", "--ask-experts",
                               "--title", "Encrypted file server", "--body-file", try c.body("Our file server was encrypted overnight. What first?")])
        #expect(asked.code == 0, "\(asked.err)")
        #expect(asked.err.contains("Publications that may already answer this") && asked.err.contains("offline backups"), "\(asked.err)")
        let thread = asked.out.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(Identifier.isValid(thread), "\(asked.out)")

        // The expert was added by alice's client; bob (another organisation) was not.
        let queue = expert.run(["questions", "queue"])
        #expect(queue.code == 0 && queue.out.contains(thread) && queue.out.contains("TLP:AMBER+STRICT") && queue.out.contains("open"), "\(queue.out)")
        #expect(other.run(["threads", "read", thread]).code != 0)
        #expect(alice.run(["questions", "queue"]).code == 1)

        #expect(expert.run(["questions", "claim", thread]).code == 0)
        let reply = expert.run(["threads", "reply", thread, "--body-file", try c.body("Disconnect it, keep the logs, restore from the offline backup.")])
        #expect(reply.code == 0, "\(reply.err)")
        let postID = String(reply.out.dropFirst("Posted ".count).prefix(36))
        #expect(Identifier.isValid(postID), "\(reply.out)")

        let read = alice.run(["threads", "read", thread])
        #expect(read.code == 0 && read.out.contains("expert") && read.out.contains("restore from the offline backup"), "\(read.out)")
        let accepted = alice.run(["threads", "accept", postID])
        #expect(accepted.code == 0 && accepted.out == "Accepted \(postID) as the answer in thread \(thread).\n", "\(accepted.out) \(accepted.err)")
        #expect(expert.run(["threads", "accept", postID, "--thread", thread]).code == 1)
        #expect(!expert.run(["questions", "queue"]).out.contains(thread))
        #expect(expert.run(["questions", "queue", "--all"]).out.contains("accepted"))

        // A TLP:RED question names its experts.
        let red = alice.run(["threads", "new", "--label", "TLP:RED", "--topic", "ransomware", "--ask-experts", "--body-file", try c.body("?")])
        #expect(red.code == 1 && red.err.contains("name"), "\(red.err)")
    }
}

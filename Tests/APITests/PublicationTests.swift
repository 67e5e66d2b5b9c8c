import Core
import Foundation
import HTTP
import Platform
import Protocol
import Synchronization
import Store
import Testing
import struct Moderation.RuleSource
import enum Moderation.PolicyBundle
@testable import API

/// Publications and search (part 5): only CLEAR and GREEN; GREEN never
/// reaches anonymous callers; the moderation rules on plaintext (block,
/// hold until approved, flag); versions and history; endorsements by
/// experts, once; search ranked, filtered by what the caller may read, and
/// the query neither stored nor logged.
@Suite struct PublicationTests {
    typealias New = RoleMatrixTests.NewPublication

    static let rules = """
        format trustforum-rules/v1
        p-block  block  phrase "cheap licences"  -- Selling licences is not allowed here.
        p-hold   hold   phrase "wij bieden aan"  -- Offers wait for a moderator.
        p-flag   flag   word   "webshop"         -- Shops are looked at by a moderator.
        """

    static func community(logger: Logger = .silent) throws -> TestCommunity {
        let c = try TestCommunity(logger: logger)
        let bytes = try PolicyBundle.build([RuleSource(name: "p.rules", bytes: Array(rules.utf8))])
        try c.service.service.replaceModeration(try ModerationBundle(bytes: bytes))
        return c
    }

    func publish(_ c: TestCommunity, _ p: New, by person: Person) throws -> Response {
        try c.service.call(.post, "/v1/publications", json: p, token: person.token)
    }

    func id(_ response: Response) throws -> String {
        try #require(response.json?["id"] as? String, "\(response.text)")
    }

    func ids(_ response: Response, _ key: String = "publications") -> [String] {
        (response.json?[key] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }

    func search(_ c: TestCommunity, _ q: String, as person: Person?) throws -> Response {
        let encoded = q.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        return try c.service.call(.get, "/v1/search?q=\(encoded)", token: person?.token)
    }

    @Test func amberAndUpAreRefusedAndGreenIsForMembersOnly() throws {
        let c = try Self.community()
        for label in ["TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED"] {
            let refused = try publish(c, New(label: label), by: c.member)
            #expect(refused.status == 422 && refused.problemType == "urn:trustforum:problem:label-not-publishable", "\(label): \(refused.text)")
        }
        #expect(try publish(c, New(label: "TLP:WHITE"), by: c.member).status == 400)
        #expect(try publish(c, New(kind: "advert"), by: c.member).status == 400)
        #expect(try publish(c, New(topics: ["not-a-topic"]), by: c.member).status == 400)
        #expect(try publish(c, New(maturity_level: 6), by: c.member).status == 400)
        #expect((try c.service.call(.get, "/v1/publications").json?["publications"] as? [Any])?.isEmpty == true, "nothing was stored")

        let clear = try id(try publish(c, New(label: "TLP:CLEAR", title: "Clear backups", body: "Keep an offline backup of everything."), by: c.member))
        let green = try id(try publish(c, New(label: "TLP:GREEN", title: "Green backups", body: "Test restoring an offline backup monthly."), by: c.member))
        // Anonymous: CLEAR only, in the list, one by one, the history and search.
        #expect(ids(try c.service.call(.get, "/v1/publications")) == [clear])
        #expect(try c.service.call(.get, "/v1/publications/\(green)").status == 404)
        #expect(try c.service.call(.get, "/v1/publications/\(green)/history").status == 404)
        let shown = try c.service.call(.get, "/v1/publications/\(clear)")
        #expect(shown.status == 200 && shown.json?["label"] as? String == "TLP:CLEAR")
        #expect(shown.json?["author_id"] == nil, "the public does not see who wrote it")
        #expect(ids(try search(c, "offline backup", as: nil), "results") == [clear])
        // An applicant is not a member either.
        #expect(ids(try search(c, "offline backup", as: c.applicant), "results") == [clear])
        // Members: both.
        #expect(Set(ids(try c.service.call(.get, "/v1/publications", token: c.expert.token))) == [clear, green])
        #expect(Set(ids(try search(c, "offline backup", as: c.expert), "results")) == [clear, green])
        let member = try c.service.call(.get, "/v1/publications/\(green)", token: c.orgAdmin.token)
        #expect(member.status == 200 && member.json?["author_id"] as? String == c.member.id)
        // Filters.
        #expect(ids(try c.service.call(.get, "/v1/publications?level=3", token: c.member.token)) == [])
        #expect(ids(try c.service.call(.get, "/v1/publications?topic=phishing&level=2")) == [clear])
        #expect(try c.service.call(.get, "/v1/publications?topic=nonsense").status == 400)
    }

    func decide(_ c: TestCommunity, item: String, _ kind: Decision.Kind) throws -> Response {
        let decision = Decision.sign(kind, reason: "checked", communityID: c.service.communityID, subjectID: item, moderatorID: c.moderator.id,
                                     moderatorCertHash: c.service.state.member(c.moderator.id)!.current.hash, key: c.moderator.signing)
        return try c.service.call(.post, "/v1/moderation/items/\(item)/decisions", json: ReportWire.DecisionRequest(decision), token: c.moderator.token)
    }

    func queue(_ c: TestCommunity) throws -> [[String: Any]] {
        try c.service.call(.get, "/v1/moderation/queue", token: c.moderator.token).json?["items"] as? [[String: Any]] ?? []
    }

    @Test func theModerationRulesApply() throws {
        let c = try Self.community()
        // Block: refused naming the rule, nothing stored.
        let blocked = try publish(c, New(title: "Cheap licences for your SOC", body: "Ask us."), by: c.member)
        #expect(blocked.status == 422 && blocked.problemType == "urn:trustforum:problem:blocked-by-policy", "\(blocked.text)")
        #expect(blocked.json?["rule_id"] as? String == "p-block" && blocked.json?["field"] as? String == "title")
        #expect(ids(try c.service.call(.get, "/v1/publications", token: c.moderator.token)).isEmpty)

        // Hold: stored, visible to its author (and moderators), not to others, not searchable.
        let held = try publish(c, New(title: "Segment the office network", body: "Wij bieden aan: a segmentation workshop. Use VLANs per zone."), by: c.member)
        #expect(held.status == 201 && held.json?["status"] as? String == "held", "\(held.text)")
        let heldID = try id(held)
        #expect(ids(try c.service.call(.get, "/v1/publications", token: c.member.token)) == [heldID])
        #expect(ids(try c.service.call(.get, "/v1/publications", token: c.expert.token)) == [])
        #expect(try c.service.call(.get, "/v1/publications/\(heldID)", token: c.expert.token).status == 404)
        #expect(try c.service.call(.get, "/v1/publications/\(heldID)").status == 404)
        for person in [c.member, c.expert, c.moderator] { #expect(ids(try search(c, "segmentation VLANs", as: person), "results") == []) }
        #expect(try c.service.call(.post, "/v1/publications/\(heldID)/endorsements", token: c.expert.token).status == 404)
        let item = try #require(try queue(c).first { $0["kind"] as? String == "held-text" && $0["subject_member_id"] as? String == c.member.id })
        #expect(item["rule_ids"] as? [String] == ["p-hold"])
        // Approved: visible to everyone it is labelled for, and searchable.
        #expect(try decide(c, item: try #require(item["item_id"] as? String), .approve).status == 201)
        #expect(ids(try c.service.call(.get, "/v1/publications")) == [heldID])
        #expect(ids(try search(c, "segmentation VLANs", as: nil), "results") == [heldID])

        // Flag: stored, visible, and queued for a look; removal hides it and takes it out of search.
        let flagged = try id(try publish(c, New(title: "Vet your webshop plugins", body: "Review third-party plugins before installing."), by: c.orgAdmin))
        #expect(ids(try search(c, "plugins", as: nil), "results") == [flagged])
        let flag = try #require(try queue(c).first { $0["kind"] as? String == "flagged-text" })
        #expect(try decide(c, item: try #require(flag["item_id"] as? String), .remove).status == 201)
        #expect(try c.service.call(.get, "/v1/publications/\(flagged)", token: c.orgAdmin.token).status == 404)
        #expect(ids(try search(c, "plugins", as: c.moderator), "results") == [])
    }

    struct Edit: Encodable {
        var title: String? = nil
        var body: String
        var maturity_level: Int? = nil
    }

    /// A held edit of a visible publication waits as its own version:
    /// readers (and search) keep the version before it, its author and the
    /// moderators see it in the history; approved, it becomes current;
    /// removed, its text is dropped and the publication stays as it was.
    @Test func aHeldEditWaitsWhileReadersKeepThePreviousVersion() throws {
        let c = try Self.community()
        let pub = try id(try publish(c, New(title: "Rotate backup media", body: "Keep three generations of backup media offsite."), by: c.member))
        func edit(_ title: String, _ body: String) throws -> Response {
            try c.service.call(.put, "/v1/publications/\(pub)", json: Edit(title: title, body: body), token: c.member.token)
        }
        func shown(_ person: Person?) throws -> (title: String?, version: Int?) {
            let json = try c.service.call(.get, "/v1/publications/\(pub)", token: person?.token).json
            return (json?["title"] as? String, json?["version"] as? Int)
        }
        func history(_ person: Person?) throws -> [String] {
            (try c.service.call(.get, "/v1/publications/\(pub)/history", token: person?.token).json?["versions"] as? [[String: Any]] ?? []).map {
                "\($0["version"] as? Int ?? 0):\($0["state"] as? String ?? "published"):\($0["title"] as? String ?? "")"
            }
        }
        let held = try edit("Rotate tapes, wij bieden aan", "Wij bieden aan: tape rotation as a service.")
        #expect(held.status == 200 && held.json?["status"] as? String == "held" && held.json?["version"] as? Int == 2, "\(held.text)")
        for person in [nil, c.expert, c.member] as [Person?] {
            #expect(try shown(person) == ("Rotate backup media", 1), "readers keep version 1")
        }
        #expect(ids(try search(c, "generations", as: nil), "results") == [pub])
        #expect(ids(try search(c, "tape", as: c.member), "results") == [], "the held text is not searchable")
        #expect(try history(nil) == ["1:published:Rotate backup media"])
        #expect(try history(c.expert) == ["1:published:Rotate backup media"])
        #expect(try history(c.member) == ["1:published:Rotate backup media", "2:held:Rotate tapes, wij bieden aan"], "its author sees it")
        #expect(try history(c.moderator).count == 2)

        // Held in its title and its body: two items; approving one is not enough.
        let items = try queue(c).filter { $0["kind"] as? String == "held-text" }.compactMap { $0["item_id"] as? String }
        #expect(items.count == 2)
        #expect(try decide(c, item: items[0], .approve).status == 201)
        #expect(try shown(nil) == ("Rotate backup media", 1), "one of two held items approved: still waiting")
        #expect(try history(nil) == ["1:published:Rotate backup media"])
        // Both approved: version 2 is current for everyone, and searchable.
        #expect(try decide(c, item: items[1], .approve).status == 201)
        #expect(try shown(nil) == ("Rotate tapes, wij bieden aan", 2))
        #expect(ids(try search(c, "tape", as: nil), "results") == [pub])
        #expect(try history(nil) == ["1:published:Rotate backup media", "2:published:Rotate tapes, wij bieden aan"])

        // Another held edit, removed: its text is gone, the publication stays at version 2.
        #expect(try edit("Wij bieden aan", "Wij bieden aan: cheap storage.").json?["version"] as? Int == 3)
        let second = try #require(try queue(c).first { $0["kind"] as? String == "held-text" })
        #expect(try decide(c, item: try #require(second["item_id"] as? String), .remove).status == 201)
        #expect(try shown(nil) == ("Rotate tapes, wij bieden aan", 2))
        #expect(try history(c.member) == ["1:published:Rotate backup media", "2:published:Rotate tapes, wij bieden aan", "3:removed:"])
        let stored = try c.service.database.read { conn in
            try conn.queryOne("SELECT count(*) FROM publication_versions WHERE body LIKE '%cheap storage%'")?.int64(at: 0)
        }
        #expect(stored == 0, "the removed edit's text is dropped")
        // Editing goes on from the highest number.
        #expect(try edit("Rotate backup media weekly", "Every week.").json?["version"] as? Int == 4)
        #expect(try shown(nil) == ("Rotate backup media weekly", 4))
    }

    @Test func editsAreVersionsAndExpertsEndorseOnce() throws {
        let c = try Self.community()
        let pubID = try id(try publish(c, New(title: "Patch within two weeks", body: "Track vendor advisories."), by: c.member))
        let edited = try c.service.call(.put, "/v1/publications/\(pubID)", json: Edit(title: "Patch within a week", body: "Track vendor advisories; test, then roll out.",
                                                                                        maturity_level: 3), token: c.member.token)
        #expect(edited.status == 200 && edited.json?["version"] as? Int == 2, "\(edited.text)")
        // Others may not edit; staff may.
        #expect(try c.service.call(.put, "/v1/publications/\(pubID)", json: Edit(body: "Mine now."), token: c.expert.token).status == 403)
        #expect(try c.service.call(.put, "/v1/publications/\(pubID)", json: Edit(body: "Track advisories. (typo fixed)"), token: c.moderator.token).status == 200)
        let history = try c.service.call(.get, "/v1/publications/\(pubID)/history")
        let versions = try #require(history.json?["versions"] as? [[String: Any]])
        #expect(versions.map { $0["version"] as? Int } == [1, 2, 3])
        #expect(versions.map { $0["title"] as? String } == ["Patch within two weeks", "Patch within a week", "Patch within a week"])
        #expect(versions[0]["body"] as? String == "Track vendor advisories." && versions[1]["maturity_level"] as? Int == 3)
        // The index follows the current version only.
        #expect(ids(try search(c, "typo", as: nil), "results") == [pubID])
        #expect(ids(try search(c, "roll", as: nil), "results") == [])
        // An edit that a rule blocks changes nothing.
        #expect(try c.service.call(.put, "/v1/publications/\(pubID)", json: Edit(body: "cheap licences"), token: c.member.token).status == 422)
        #expect(try c.service.call(.get, "/v1/publications/\(pubID)").json?["version"] as? Int == 3)

        let endorsed = try c.service.call(.post, "/v1/publications/\(pubID)/endorsements", token: c.expert.token)
        #expect(endorsed.status == 201 && endorsed.json?["endorsements"] as? Int == 1, "\(endorsed.text)")
        let again = try c.service.call(.post, "/v1/publications/\(pubID)/endorsements", token: c.expert.token)
        #expect(again.status == 409 && again.problemType == "urn:trustforum:problem:endorsed-already")
        #expect(try c.service.call(.post, "/v1/publications/\(pubID)/endorsements", token: c.member.token).status == 403)
        let shown = try c.service.call(.get, "/v1/publications/\(pubID)", token: c.member.token)
        #expect(shown.json?["endorsements"] as? Int == 1 && shown.json?["endorsed_by"] as? [String] == [c.expert.id])
        #expect(try c.service.call(.get, "/v1/publications/\(pubID)").json?["endorsed_by"] == nil)
    }

    /// Search answers the same whether FTS5 ranks (the index in memory is
    /// not built, or stale after a write) or the in-memory index does: the
    /// same hits in the same order, the same snippets for ASCII text, and the
    /// audience filter in both (GREEN for members, held never).
    @Test func searchRankedInMemoryAnswersAsFTS5Does() throws {
        let c = try Self.community()
        let accelerator = c.service.service.context.publicationSearch
        var made: [String] = []
        for (label, title, body) in [
            ("TLP:CLEAR", "Offline backup first", "Keep an offline backup and test a restore of the backup every month."),
            ("TLP:GREEN", "Backup for members", "Our backup scheme: three copies, one offline, restore drills."),
            ("TLP:CLEAR", "Logging", "Central logging helps after an incident; keep a backup of the logs."),
            ("TLP:CLEAR", "Café backup", "Sauvegarde hors ligne: le backup du café, testé chaque mois."),
        ] { made.append(try id(try publish(c, New(label: label, title: title, body: body), by: c.member))) }
        // Held by a rule, and what bm25 would rank first for "backup": in the index, never in an answer.
        let heldResponse = try publish(c, New(label: "TLP:CLEAR", title: "Backup backup backup", body: "Wij bieden aan: backup, backup."), by: c.member)
        #expect(heldResponse.json?["status"] as? String == "held")
        let held = try id(heldResponse)
        func results(_ q: String, _ person: Person?) throws -> [[String: String]] {
            (try search(c, q, as: person).json?["results"] as? [[String: Any]] ?? []).map {
                ["id": $0["id"] as? String ?? "", "snippet": $0["snippet"] as? String ?? ""]
            }
        }
        let queries = ["backup", "offline backup", "restore", "backup backup", "logs", "nothing"]
        let people: [Person?] = [nil, c.member]
        var byFTS5: [[[String: String]]] = []
        for q in queries {
            for labels in [["TLP:CLEAR"], ["TLP:CLEAR", "TLP:GREEN"]] {
                let hits = try c.service.database.read { conn in
                    try PublicationSearch.search(conn, try .parse(q), for: .init(labels: labels), limit: 20, accelerator: nil)
                }
                byFTS5.append(hits.map { ["id": $0.publication.id, "snippet": $0.snippet] })
            }
        }
        accelerator.warm()
        accelerator.settle()
        #expect(accelerator.builds == 1)
        var inMemory: [[[String: String]]] = []
        for q in queries { for person in people { inMemory.append(try results(q, person)) } }
        #expect(accelerator.answered == queries.count * people.count)
        #expect(inMemory == byFTS5)
        for person in [nil, c.member, c.expert, c.moderator] as [Person?] {
            #expect(!(try results("backup", person)).contains { $0["id"] == held }, "held: not found from memory, its author included")
        }
        #expect(accelerator.answered == queries.count * people.count + 4)
        #expect(Set(byFTS5[0].map { $0["id"]! }) == [made[0], made[2], made[3]], "anonymous: CLEAR only")
        #expect(byFTS5[0].last?["id"] == made[2], "the body-only match last")
        #expect(Set(byFTS5[1].map { $0["id"]! }) == Set(made))
        #expect(byFTS5[0].first { $0["id"] == made[0] }?["snippet"] == "Keep an offline **backup** and test a restore of the **backup** every month.")

        // A new publication is found at once (FTS5 answers while the index is stale), then from memory again.
        let fresh = try id(try publish(c, New(label: "TLP:CLEAR", title: "Backup backup backup", body: "Backup."), by: c.member))
        let answered = accelerator.answered
        #expect(try results("backup", nil).first?["id"] == fresh)
        #expect(accelerator.answered == answered, "stale: not from memory")
        accelerator.settle()
        #expect(try results("backup", nil).first?["id"] == fresh)
        #expect(accelerator.answered == answered + 1)
    }

    @Test func searchRanksTheBestMatchFirstAndRefusesNonsense() throws {
        let c = try Self.community()
        let corpus = [
            ("Multi-factor authentication for remote access", "Require multi-factor authentication on VPN and webmail."),
            ("Password managers", "Long passwords, a manager, and authentication apps where offered."),
            ("Backups", "Offline copies; nothing about logging in."),
        ]
        var made: [String] = []
        for (title, body) in corpus { made.append(try id(try publish(c, New(title: title, body: body), by: c.member))) }
        let hits = try search(c, "multi-factor authentication", as: nil)
        let results = try #require(hits.json?["results"] as? [[String: Any]])
        #expect(results.first?["id"] as? String == made[0], "\(hits.text)")
        #expect((results.first?["snippet"] as? String)?.contains("**authentication**") == true, "\(hits.text)")
        #expect(ids(try search(c, "authentication", as: nil), "results").first == made[0], "the title weighs most")
        #expect(Set(ids(try search(c, "authentication", as: nil), "results")) == [made[0], made[1]])
        // Operators and punctuation are words or nothing; never FTS5 syntax.
        #expect(ids(try search(c, "backups OR password", as: nil), "results") == [])
        #expect(ids(try search(c, "\"offline\" (copies* -nothing^", as: nil), "results") == [made[2]])
        for bad in ["AND OR NOT", "*** ^ :", "", String(repeating: "a ", count: 101)] {
            let refused = try search(c, bad, as: nil)
            #expect(refused.status == 400, "\(bad.prefix(20)): \(refused.status)")
        }
        #expect(try c.service.call(.get, "/v1/search").status == 400)
        // limit bounds the answer.
        #expect(ids(try search(c, "authentication", as: nil), "results").count == 2)
        let one = try c.service.call(.get, "/v1/search?q=authentication&limit=1")
        #expect((one.json?["results"] as? [[String: Any]])?.count == 1)
        #expect(try c.service.call(.get, "/v1/search?q=authentication&limit=0").status == 400)

        // A query matching more than the ranking limit is answered newest first (bm25 over every match would cost the whole corpus).
        let query = try PublicationSearch.Query.parse("authentication")
        let audience = PublicationStore.Audience(labels: ["TLP:CLEAR", "TLP:GREEN"])
        let ranked = try c.service.database.read { conn in try PublicationSearch.search(conn, query, for: audience, rankingLimit: 2) }
        #expect(ranked.map(\.publication.id) == [made[0], made[1]])
        let newest = try c.service.database.read { conn in try PublicationSearch.search(conn, query, for: audience, rankingLimit: 1) }
        #expect(newest.map(\.publication.id) == [made[1], made[0]])
    }

    @Test func searchQueriesAreNeitherLoggedNorStored() throws {
        let lines = Mutex<[String]>([])
        let logger = Logger(minimum: .debug, sink: LogSink { line in lines.withLock { $0.append(line) } })
        let c = try Self.community(logger: logger)
        _ = try id(try publish(c, New(title: "Phishing drills", body: "Quarterly drills."), by: c.member))
        let secret = "quokkaconfidential"
        #expect(try search(c, "\(secret) drills", as: c.member).status == 200)
        #expect(try search(c, "\(secret) OR", as: nil).status == 200)
        let refused = try search(c, String(repeating: "\(secret) ", count: 30), as: nil)
        #expect(refused.status == 400 && !refused.text.contains(secret), "a problem does not echo the query")
        #expect(lines.withLock { $0 }.allSatisfy { !$0.contains(secret) })
        // Nothing of the query reached the store's files.
        _ = try c.service.database.checkpoint()
        for suffix in ["", "-wal", "-shm"] {
            let path = c.service.directory + "/trustforum.sqlite3" + suffix
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            #expect(data.range(of: Data(secret.utf8)) == nil, "found in \(suffix)")
        }
    }

    @Test func theNextLevelsBestPracticesAreRecommended() throws {
        let c = try Self.community()
        let green3 = try id(try publish(c, New(label: "TLP:GREEN", maturity_level: 3, title: "Incident playbook"), by: c.expert))
        _ = try id(try publish(c, New(maturity_level: 4, title: "Continuous monitoring"), by: c.expert))
        let none = try c.service.call(.get, "/v1/org/maturity", token: c.member.token)
        #expect((none.json?["recommended"] as? [Any])?.isEmpty == true)
        #expect(try c.service.call(.post, "/v1/org/maturity", json: MaturityTests.Record(level: 2, questions_version: MaturityTests.version),
                                   token: c.member.token).status == 201)
        let two = try c.service.call(.get, "/v1/org/maturity", token: c.member.token)
        let recommended = try #require(two.json?["recommended"] as? [[String: Any]])
        #expect(recommended.map { $0["id"] as? String } == [green3] && recommended.first?["title"] as? String == "Incident playbook")
    }

    /// The suggestion index: what the caller may read, never held texts,
    /// with each publication's most frequent words.
    @Test func theSuggestionIndexHoldsWhatTheCallerMayRead() throws {
        let c = try Self.community()
        let clear = try id(try publish(c, New(title: "Offline backups against ransomware",
                                              body: "Keep one backup offline. Restore a backup every month. Ransomware cannot reach an offline backup."), by: c.member))
        let green = try id(try publish(c, New(label: "TLP:GREEN", title: "Sector phishing wave", body: "Phishing mails about invoices."), by: c.member))
        let held = try publish(c, New(title: "Wij bieden aan: scans", body: "Wij bieden aan een scan."), by: c.member)
        #expect(held.status == 201)
        let anonymous = try c.service.call(.get, "/v1/publications/index")
        #expect(ids(anonymous) == [clear])
        let entry = try #require((anonymous.json?["publications"] as? [[String: Any]])?.first)
        #expect((entry["terms"] as? [String])?.prefix(2) == ["offline", "backup"], "\(entry)")   // three each; offline first seen
        let members = try c.service.call(.get, "/v1/publications/index", token: c.orgAdmin.token)
        #expect(Set(ids(members)) == [clear, green])
        #expect(members.headers.contains { $0.name == "TLP" && $0.value == "TLP:GREEN" })
    }

    /// Publishing, editing and endorsing are in the audit log (ids and codes only, never the text).
    @Test func publishingEditingAndEndorsingAreAudited() throws {
        let c = try Self.community()
        let made = try id(try publish(c, New(title: "Audit me", body: "Text that must not reach the audit log."), by: c.member))
        struct Edit: Encodable { let title: String; let body: String; let maturity_level: Int; let topics: [String]; let language: String }
        #expect(try c.service.call(.put, "/v1/publications/\(made)", json: Edit(title: "Audit me", body: "Second text.", maturity_level: 2,
                                                                                 topics: ["phishing"], language: "en"), token: c.member.token).status == 200)
        #expect(try c.service.call(.post, "/v1/publications/\(made)/endorsements", token: c.expert.token).status == 201)
        let rows = try c.service.database.read { conn in try AuditLog.entries(conn) }.filter { $0.subject == made }
        #expect(rows.map(\.action) == ["publication.create", "publication.edit", "publication.endorse"])
        #expect(rows.map(\.detail) == ["version=1", "version=2", ""])
        #expect(!rows.contains { $0.detail.contains("Text") })
    }
}


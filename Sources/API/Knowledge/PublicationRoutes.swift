import Core
import Crypto
import HTTP
import Platform
import Store

/// Publications (Part 5): plaintext best practices, TLP:CLEAR (public,
/// also without login) or TLP:GREEN (members only); AMBER and RED stay in
/// encrypted threads and are refused. Each carries the maturity level it
/// helps reach, 1–5 topics of the fixed list, versions (the history is
/// readable) and expert endorsements. The moderation rules on plaintext
/// apply to title and body: block → 422 naming the rule, hold → stored but
/// visible only to its author and the moderators until a moderator
/// approves the held text, flag → stored and queued for a look.
enum PublicationRoutes {
    static let kinds = ["best-practice"]
    static let languages = ["en", "nl"]
    static let maximumTitle = 200
    static let maximumBody = 100_000

    struct CreateRequest: Decodable {
        let label: String
        let kind: String
        let maturity_level: Int
        let topics: [String]
        let title: String
        let body: String
        let language: String?
    }

    struct EditRequest: Decodable {
        let title: String?
        let body: String
        let maturity_level: Int?
        let topics: [String]?
        let language: String?
    }

    struct PublicationJSON: Encodable {
        let id: String
        let kind: String
        let label: String
        let maturity_level: Int
        let topics: [String]
        let language: String
        let title: String
        let body: String?
        let version: Int
        let status: String
        /// Members see who wrote and who endorsed; the public sees counts.
        let author_id: String?
        let endorsements: Int
        let endorsed_by: [String]?
        let created_at: UInt64
        let updated_at: UInt64
    }

    struct ListJSON: Encodable {
        let publications: [PublicationJSON]
    }

    struct VersionJSON: Encodable {
        let version: Int
        let maturity_level: Int
        let topics: [String]
        let language: String
        let title: String
        let body: String
        let editor_id: String?
        let created_at: UInt64
        /// `held` (waiting for a moderator) or `removed`; absent when published.
        let state: String?
    }

    struct HistoryJSON: Encodable {
        let id: String
        let label: String
        let versions: [VersionJSON]
    }

    struct EndorsementJSON: Encodable {
        let publication_id: String
        let label: String
        let expert_id: String
        let endorsed_at: UInt64
        let endorsements: Int
    }

    static func routes(_ context: AppContext) -> [APIRoute] {
        [
            APIRoute(.post, "/v1/publications", "publicationCreate", bodyLimit: 256 * 1024) { request, caller in
                let me = try caller.requireMember()
                let body = try request.decodeJSON(CreateRequest.self)
                let label = try publishable(body.label)
                guard kinds.contains(body.kind) else { throw APIProblem.invalid("kind must be one of \(kinds.joined(separator: ", "))") }
                let fields = try Draft(context, title: body.title, body: body.body, level: body.maturity_level, topics: body.topics,
                                        language: body.language ?? "en")
                let checked = try PlaintextModeration.check(context, [("title", fields.title), ("body", fields.body)], kind: .publication)
                let held = checked.contains { $0.verdict.action == .hold }
                let now = WallClock.seconds
                let publication = PublicationStore.Summary(
                    id: Identifier.uuid(fromRandom: Random.bytes(16)), kind: body.kind, label: label.rawValue, authorID: me,
                    status: held ? .held : .visible, version: 1, level: fields.level, topics: fields.topics, language: fields.language,
                    title: fields.title, createdAt: now, updatedAt: now)
                let text = fields.body
                try context.database.write { conn in
                    try PublicationStore.create(conn, publication, body: text)
                    try context.audit(conn, actor: me, .publicationCreated, subject: publication.id, detail: "version=1")
                    try PlaintextModeration.enqueue(context, conn, checked, subject: me, actor: me, now: now) { item in
                        try PublicationStore.link(conn, itemID: item, publicationID: publication.id)
                    }
                }
                return try JSONBody.encode(json(publication, body: text, endorsements: [], member: true), status: 201)
            },
            APIRoute(.put, "/v1/publications/{id}", "publicationEdit", bodyLimit: 256 * 1024) { request, caller in
                let me = try caller.requireMember()
                let id = try Fields.uuid(request.parameters["id"] ?? "", "id")
                let body = try request.decodeJSON(EditRequest.self)
                let (found, endorsements) = try context.database.read { conn in
                    (try PublicationStore.find(conn, id: id), try PublicationStore.endorsements(conn, id: id).map(\.expertID))
                }
                guard var publication = found, publication.status != .removed,
                      publication.status == .visible || publication.authorID == me || caller.isStaff else { throw APIProblem.notFound("publication") }
                guard publication.authorID == me || caller.isStaff else {
                    throw Problem(status: 403, slug: "not-the-author", title: "Only the author or a moderator edits a publication.")
                }
                let fields = try Draft(context, title: body.title ?? publication.title, body: body.body, level: body.maturity_level ?? publication.level,
                                        topics: body.topics ?? publication.topics, language: body.language ?? publication.language)
                let checked = try PlaintextModeration.check(context, [("title", fields.title), ("body", fields.body)], kind: .publication)
                let now = WallClock.seconds
                let readVersion = publication.version
                publication.title = fields.title
                publication.level = fields.level
                publication.topics = fields.topics
                publication.language = fields.language
                publication.updatedAt = now
                // A held edit of a visible publication waits as its own version; readers keep the current one.
                let held = checked.contains(where: { $0.verdict.action == .hold })
                let heldEdit = held && publication.status == .visible
                if held && !heldEdit { publication.status = .held }
                let draft = publication
                let text = fields.body
                let current: PublicationStore.Summary = try context.database.write { conn in
                    guard let now = try PublicationStore.find(conn, id: id), now.version == readVersion else {
                        throw APIProblem.conflict("edited-meanwhile", "The publication changed while this edit was checked; fetch it and edit again.")
                    }
                    var edited = draft
                    edited.version = try PublicationStore.lastVersion(conn, id: id) + 1
                    if heldEdit {
                        try PublicationStore.holdEdit(conn, edited, body: text, editorID: me)
                        edited.status = .held  // what the author is told: this version is held
                    } else {
                        try PublicationStore.update(conn, edited, body: text, editorID: me)
                    }
                    try context.audit(conn, actor: me, .publicationEdited, subject: id, detail: "version=\(edited.version)\(heldEdit ? ",held" : "")")
                    let version = edited.version
                    try PlaintextModeration.enqueue(context, conn, checked, subject: me, actor: me, now: edited.updatedAt) { item in
                        try PublicationStore.link(conn, itemID: item, publicationID: id, version: heldEdit ? version : nil)
                    }
                    return edited
                }
                return try JSONBody.encode(json(current, body: text, endorsements: endorsements, member: true))
            },
            APIRoute(.get, "/v1/publications", "publicationList") { request, caller in
                let level = try request.query("level").map(levelParameter)
                let topic = try request.query("topic").map { topic in
                    guard context.topics.topics.contains(topic) else { throw APIProblem.invalid("topic must be from the fixed list (Policies/topics.json)") }
                    return topic
                }
                let listed = try context.database.read { conn in
                    try PublicationStore.list(conn, for: audience(caller), level: level, topic: topic).map {
                        ($0, try PublicationStore.endorsements(conn, id: $0.id).map(\.expertID))
                    }
                }
                let member = caller.isMember
                return try JSONBody.encode(ListJSON(publications: listed.map { json($0.0, body: nil, endorsements: $0.1, member: member) }))
            },
            APIRoute(.get, "/v1/publications/{id}", "publicationShow") { request, caller in
                let id = try Fields.uuid(request.parameters["id"] ?? "", "id")
                let shown: (PublicationStore.Summary, String, [String])? = try context.database.read { conn in
                    guard let p = try PublicationStore.find(conn, id: id, for: audience(caller)),
                          let body = try PublicationStore.body(conn, id: id, version: p.version) else { return nil }
                    return (p, body, try PublicationStore.endorsements(conn, id: id).map(\.expertID))
                }
                guard let (publication, body, endorsements) = shown else { throw APIProblem.notFound("publication") }
                return try JSONBody.encode(json(publication, body: body, endorsements: endorsements, member: caller.isMember))
            },
            APIRoute(.get, "/v1/publications/{id}/history", "publicationHistory") { request, caller in
                let id = try Fields.uuid(request.parameters["id"] ?? "", "id")
                let found: (PublicationStore.Summary, [PublicationStore.Version])? = try context.database.read { conn in
                    guard let p = try PublicationStore.find(conn, id: id, for: audience(caller)) else { return nil }
                    // Held edits: for their author and the moderators only.
                    return (p, try PublicationStore.versions(conn, id: id, includeHeld: p.authorID == caller.memberID || caller.isStaff))
                }
                guard let (publication, versions) = found else { throw APIProblem.notFound("publication") }
                let member = caller.isMember
                return try JSONBody.encode(HistoryJSON(id: publication.id, label: publication.label, versions: versions.map {
                    VersionJSON(version: $0.version, maturity_level: $0.level, topics: $0.topics, language: $0.language, title: $0.title,
                                body: $0.body, editor_id: member ? $0.editorID : nil, created_at: $0.createdAt,
                                state: $0.state == "published" ? nil : $0.state)
                }))
            },
            APIRoute(.post, "/v1/publications/{id}/endorsements", "publicationEndorse", bodyLimit: 0) { request, caller in
                let me = try caller.requireMember()
                let id = try Fields.uuid(request.parameters["id"] ?? "", "id")
                let now = WallClock.seconds
                // Only what everyone of the community may read is endorsed: not a held text.
                let readable = PublicationStore.Audience(labels: audience(caller).labels)
                let (publication, count): (PublicationStore.Summary, Int) = try context.database.write { conn in
                    guard let p = try PublicationStore.find(conn, id: id, for: readable) else { throw APIProblem.notFound("publication") }
                    guard try PublicationStore.endorse(conn, id: id, expertID: me, at: now) else {
                        throw APIProblem.conflict("endorsed-already", "You endorsed this publication already; an expert endorses once.")
                    }
                    try context.audit(conn, actor: me, .publicationEndorsed, subject: id)
                    return (p, try PublicationStore.endorsements(conn, id: id).count)
                }
                return try JSONBody.encode(EndorsementJSON(publication_id: id, label: publication.label, expert_id: me, endorsed_at: now,
                                                           endorsements: count), status: 201)
            },
        ]
    }

    /// The checked fields of a new version.
    struct Draft {
        let title: String
        let body: String
        let level: Int
        let topics: [String]
        let language: String

        init(_ context: AppContext, title: String, body: String, level: Int, topics: [String], language: String) throws {
            self.title = try API.Fields.text(title, "title", max: PublicationRoutes.maximumTitle)
            self.body = try PublicationRoutes.markdown(body)
            guard (1...5).contains(level) else { throw APIProblem.invalid("maturity_level must be 1 to 5") }
            self.level = level
            self.topics = try context.topics.check(topics)
            guard PublicationRoutes.languages.contains(language) else { throw APIProblem.invalid("language must be en or nl") }
            self.language = language
        }
    }

    /// A markdown body: 1…`maximumBody` characters; line breaks and tabs are
    /// the only control characters.
    static func markdown(_ text: String) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw APIProblem.invalid("body must not be empty") }
        guard trimmed.count <= maximumBody else { throw APIProblem.invalid("body must be at most \(maximumBody) characters") }
        guard !trimmed.unicodeScalars.contains(where: {
            $0 != "\n" && $0 != "\t" && ($0.properties.generalCategory == .control || $0.properties.generalCategory == .format && $0 != "\u{200D}")
        }) else { throw APIProblem.invalid("body must not contain control characters other than line breaks and tabs") }
        return trimmed.replacingOccurrences(of: "\r\n", with: "\n")
    }

    /// CLEAR or GREEN; AMBER and RED are refused (422), anything else is not a label (400).
    static func publishable(_ text: String) throws -> TLPLabel {
        guard let label = TLPLabel(rawValue: text) else { throw APIProblem.invalid("label must be a TLP 2.0 label: TLP:CLEAR or TLP:GREEN") }
        guard label == .clear || label == .green else {
            throw Problem(status: 422, slug: "label-not-publishable",
                          title: "Publications are TLP:CLEAR or TLP:GREEN; share AMBER and RED information in an encrypted thread.",
                          extensions: ["label": JSONText.quote(label.rawValue)])
        }
        return label
    }

    static func levelParameter(_ text: String) throws -> Int {
        guard let level = Int(text), (1...5).contains(level) else { throw APIProblem.invalid("level must be 1 to 5") }
        return level
    }

    /// What the caller may read: CLEAR for everyone (the public too), GREEN
    /// for members; their own held publications for authors, all held ones
    /// for moderators and admins.
    static func audience(_ caller: Caller) -> PublicationStore.Audience {
        guard caller.isMember else { return PublicationStore.Audience(labels: [TLPLabel.clear.rawValue]) }
        return PublicationStore.Audience(labels: [TLPLabel.clear.rawValue, TLPLabel.green.rawValue], includeHeldOf: caller.memberID,
                                         includeAllHeld: caller.isStaff)
    }

    static func json(_ p: PublicationStore.Summary, body: String?, endorsements: [String], member: Bool) -> PublicationJSON {
        PublicationJSON(id: p.id, kind: p.kind, label: p.label, maturity_level: p.level, topics: p.topics, language: p.language, title: p.title,
                        body: body, version: p.version, status: p.status.rawValue, author_id: member ? p.authorID : nil,
                        endorsements: endorsements.count, endorsed_by: member ? endorsements : nil, created_at: p.createdAt, updated_at: p.updatedAt)
    }
}

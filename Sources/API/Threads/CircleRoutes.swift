import Core
import Crypto
import HTTP
import Platform
import Protocol
import Store

/// Circles: collaboration groups with their own keyring and moderators
/// (DESIGN.md). Admins create them and appoint their moderators with signed
/// community-log entries; members ask to join; a circle's moderators admit
/// (an add entry of the circle's keyring log with the new member's wraps)
/// and remove. The default circle (the whole community) has no join or
/// member routes: admission to it is vetting.
enum CircleRoutes {
    static func routes(_ context: AppContext) -> [APIRoute] {
        [
            APIRoute(.get, "/v1/circles", "circleList") { _, caller in
                let me = try caller.requireMember()
                let community = context.registry.snapshot
                let book = context.keyrings.snapshot
                var circles = [json(id: community.defaultCircleID, keyringID: book.defaultKeyringID, name: "Community", me, community, book)]
                let others = community.circles.values.sorted { $0.createdSeq < $1.createdSeq }
                circles += others.map { json(id: $0.id, keyringID: $0.keyringID, name: book.circleNames[$0.id] ?? "", me, community, book) }
                return try JSONBody.encode(ThreadsJSON.CircleList(circles: circles))
            },
            APIRoute(.post, "/v1/circles", "circleCreate") { request, caller in
                try create(context, try request.decodeJSON(ThreadsJSON.CircleCreate.self), caller: try caller.requireMember())
            },
            APIRoute(.post, "/v1/circles/{id}/moderators", "circleModerator") { request, caller in
                try moderator(context, request, caller: try caller.requireMember())
            },
            APIRoute(.post, "/v1/circles/{id}/join-requests", "circleJoinRequest") { request, caller in
                let me = try caller.requireMember()
                let (circle, keyringID) = try collaboration(context, request)
                try RateLimits.check(context.threadLimits.joinRequests, me)
                let community = context.registry.snapshot
                if context.keyrings.keyring(keyringID)?.names(me, community) == true && community.member(me)?.status == .active {
                    throw APIProblem.conflict("already-member", "You are a member of this circle already.")
                }
                let now = WallClock.seconds
                let created = try context.database.write { conn in try CircleStore.addJoinRequest(conn, circleID: circle, memberID: me, at: now) }
                return try JSONBody.encode(ThreadsJSON.JoinRequest(circle_id: circle, member_id: me, created_at: now), status: created ? 201 : 200)
            },
            APIRoute(.get, "/v1/circles/{id}/join-requests", "circleJoinRequests") { request, caller in
                let me = try caller.requireMember()
                let (circle, _) = try collaboration(context, request)
                guard context.registry.snapshot.isCircleModerator(me, of: circle) else {
                    throw Problem(status: 403, slug: "not-circle-moderator", title: "Only the circle's moderators see its join requests.")
                }
                let requests = try context.database.read { conn in try CircleStore.joinRequests(conn, circleID: circle) }
                return try JSONBody.encode(ThreadsJSON.JoinRequestList(
                    circle_id: circle, requests: requests.map { ThreadsJSON.JoinRequest(circle_id: circle, member_id: $0.memberID, created_at: $0.createdAt) }))
            },
            APIRoute(.post, "/v1/circles/{id}/members", "circleMemberAdd", bodyLimit: ThreadRoutes.bigBody) { request, caller in
                let me = try caller.requireMember()
                let (_, keyringID) = try collaboration(context, request)
                let body = try request.decodeJSON(ThreadsJSON.Add.self)
                let result = try KeyringChanges.append(context, keyringID: keyringID, entry: body.entry, wraps: body.wraps ?? [], epoch: nil,
                                                       caller: me, gate: .circleAdd)
                return try JSONBody.encode(result, status: 201)
            },
            APIRoute(.delete, "/v1/circles/{id}/members/{member}", "circleMemberRemove", bodyLimit: ThreadRoutes.bigBody) { request, caller in
                let me = try caller.requireMember()
                let (_, keyringID) = try collaboration(context, request)
                let member = try Fields.uuid(request.parameters["member"] ?? "", "member")
                let body = try request.decodeJSON(ThreadsJSON.Remove.self)
                let result = try KeyringChanges.append(context, keyringID: keyringID, entry: body.entry, wraps: [], epoch: body.epoch,
                                                       caller: me, gate: .circleRemove(member: member))
                return try JSONBody.encode(result)
            },
        ]
    }

    static func json(id: String, keyringID: String, name: String, _ me: String, _ community: CommunityState, _ book: KeyringBook) -> ThreadsJSON.Circle {
        let ring = book.keyrings[keyringID]
        return ThreadsJSON.Circle(circle_id: id, keyring_id: keyringID, name: name, is_default: id == community.defaultCircleID,
                                  member: ring?.isHolder(me, community) ?? false, moderator: community.isCircleModerator(me, of: id),
                                  current_epoch: ring?.currentEpoch ?? 0, rotation_required: ring?.rotationRequired ?? false)
    }

    /// The path's circle when it is a collaboration circle (not the default one).
    static func collaboration(_ context: AppContext, _ request: Request) throws -> (circleID: String, keyringID: String) {
        let id = try Fields.uuid(request.parameters["id"] ?? "", "id")
        let community = context.registry.snapshot
        guard id != community.defaultCircleID else {
            throw APIProblem.invalid("the default circle is the whole community: admission to it is vetting, and its moderators are the community's")
        }
        guard let circle = community.circles[id] else { throw APIProblem.notFound("circle") }
        return (circle.id, circle.keyringID)
    }

    /// `circle-create`, appended like every community-log entry; the circle's
    /// keyring and name are written in the same transaction.
    static func create(_ context: AppContext, _ body: ThreadsJSON.CircleCreate, caller: String) throws -> Response {
        let circleID = try Fields.uuid(body.circle_id, "circle_id")
        let keyringID = try Fields.uuid(body.keyring_id, "keyring_id")
        let name = try Fields.text(body.name, "name", max: 100)
        // The entry signs H(name) of the bytes sent: keep them exactly.
        guard name == body.name else { throw APIProblem.invalid("name must not begin or end with spaces") }
        let payload = CircleCreatePayload(circleID: circleID, keyringID: keyringID, name: name)
        let entry = try body.entry.entry(kind: .circleCreate, actorID: caller, payload: payload.bytes)
        let now = WallClock.seconds
        let keyrings = context.keyrings
        let auditKey = context.auditKey
        try context.registry.append(entry, database: context.database, now: now, effects: { conn, _ in
            // The community log knows circle ids; thread and thread-keyring ids are ours.
            let book = keyrings.snapshot
            guard [circleID, keyringID].allSatisfy({ book.keyrings[$0] == nil && book.threads[$0] == nil }) else {
                throw APIProblem.conflict("id-taken", "The circle or keyring id is taken.")
            }
            try CircleStore.insert(conn, .init(id: circleID, keyringID: keyringID, name: name, createdSeq: entry.seq, createdAt: now))
            try KeyringStore.insertKeyring(conn, .init(id: keyringID, kind: "circle", circleID: circleID, threadID: nil, createdAt: now))
            try AuditLog.append(conn, key: auditKey, actor: caller, code: "circle.create", subject: circleID, detail: "seq=\(entry.seq)")
        }, committed: { next in
            guard let log = try? KeyringLog.circle(circleID, community: next) else { return }
            keyrings.followCommunity { book in
                book.keyrings[keyringID] = KeyringState(id: keyringID, kind: .circle, circleID: circleID, log: log, epochs: [], rotationRequired: false)
                book.circleNames[circleID] = name
            }
        })
        return try JSONBody.encode(ThreadsJSON.CircleCreated(circle_id: circleID, keyring_id: keyringID, name: name, seq: entry.seq), status: 201)
    }

    /// `circle-moderator`: an admin appoints or relieves a circle's moderator.
    static func moderator(_ context: AppContext, _ request: Request, caller: String) throws -> Response {
        let (circleID, _) = try collaboration(context, request)
        let body = try request.decodeJSON(ThreadsJSON.CircleModerator.self)
        let memberID = try Fields.uuid(body.member_id, "member_id")
        let payload = CircleModeratorPayload(circleID: circleID, memberID: memberID, add: body.add)
        let entry = try body.entry.entry(kind: .circleModerator, actorID: caller, payload: payload.bytes)
        let auditKey = context.auditKey
        try context.registry.append(entry, database: context.database) { conn, _ in
            try AuditLog.append(conn, key: auditKey, actor: caller, code: "circle.moderator", subject: memberID,
                                detail: "circle=\(circleID),\(body.add ? "add" : "remove"),seq=\(entry.seq)")
        }
        return try JSONBody.encode(ThreadsJSON.CircleModeratorResult(circle_id: circleID, member_id: memberID, moderator: body.add, seq: entry.seq))
    }
}

/// The OpenAPI description of the moderation policy, circles, keyrings,
/// threads and posts (part 3), spliced into `OpenAPIDocument.base`.
enum ThreadsOpenAPI {
    typealias V = OpenAPIValue

    // MARK: building blocks

    static func ref(_ schema: String) -> V { .object([("$ref", .string("#/components/schemas/\(schema)"))]) }
    static let problem: V = .object([("$ref", .string("#/components/responses/Problem"))])
    static let uuid: V = .object([("type", .string("string")), ("format", .string("uuid"))])
    static let base64: V = .object([("type", .string("string")), ("contentEncoding", .string("base64"))])
    static let integer: V = .object([("type", .string("integer")), ("minimum", .int(0))])
    static let boolean: V = .object([("type", .string("boolean"))])
    static let text: V = .object([("type", .string("string"))])
    static let label: V = .object([("type", .string("string")), ("enum", .array(["TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED"].map { .string($0) }))])

    static func array(_ items: V) -> V { .object([("type", .string("array")), ("items", items)]) }

    static func object(_ required: [String], _ properties: [(String, V)], _ description: String? = nil) -> V {
        var members: [(String, V)] = [("type", .string("object"))]
        if let description { members.append(("description", .string(description))) }
        members.append(("required", .array(required.map { .string($0) })))
        members.append(("properties", .object(properties)))
        return .object(members)
    }

    static func described(_ value: V, _ description: String) -> V {
        guard case .object(var members) = value else { return value }
        members.append(("description", .string(description)))
        return .object(members)
    }

    static let tlpHeader: V = .object([("TLP", .object([("description", .string("The thread's TLP label (for a list: the most restrictive one in it).")),
                                                        ("schema", label)]))])

    /// One operation. `labelled` adds the `TLP` response header.
    static func operation(_ id: String, _ tag: String, _ summary: String, status: Int = 200, response: V, problems: [Int],
                          body: String? = nil, path: [String] = [], query: [(String, V, String)] = [], secured: Bool = true,
                          labelled: Bool = false) -> V {
        var ok: [(String, V)] = [("description", .string("OK"))]
        if labelled { ok.append(("headers", tlpHeader)) }
        ok.append(("content", .object([("application/json", .object([("schema", response)]))])))
        var responses: [(String, V)] = [(String(status), .object(ok))]
        if status == 201 && id == "postCreate" {
            responses.append(("200", .object([("description", .string("A retry of the same post (same id, same bytes): the first receipt.")),
                                              ("headers", tlpHeader),
                                              ("content", .object([("application/json", .object([("schema", response)]))]))])))
        }
        if status == 201 && id == "circleJoinRequest" {
            responses.append(("200", .object([("description", .string("The request was waiting already.")),
                                              ("content", .object([("application/json", .object([("schema", response)]))]))])))
        }
        responses += problems.map { (String($0), problem) }
        var members: [(String, V)] = [("operationId", .string(id)), ("tags", .array([.string(tag)])), ("summary", .string(summary)),
                                      ("responses", .object(responses))]
        if let body {
            members.append(("requestBody", .object([("required", .bool(true)),
                                                     ("content", .object([("application/json", .object([("schema", ref(body))]))]))])))
        }
        var parameters: [V] = path.map { .object([("name", .string($0)), ("in", .string("path")), ("required", .bool(true)), ("schema", uuid)]) }
        parameters += query.map { .object([("name", .string($0.0)), ("in", .string("query")), ("schema", $0.1), ("description", .string($0.2))]) }
        if !parameters.isEmpty { members.append(("parameters", .array(parameters))) }
        if secured { members.append(("security", .array([.object([("bearer", .array([]))])]))) }
        return .object(members)
    }

    // MARK: the document's parts

    static let tags: [V] = [
        .object([("name", .string("circles")), ("description", .string("Collaboration circles, their moderators and members."))]),
        .object([("name", .string("keyrings")), ("description", .string("Keyrings: membership logs, epochs and wraps (PROTOCOL.md §4)."))]),
        .object([("name", .string("threads")), ("description", .string("End-to-end encrypted threads and posts (PROTOCOL.md §4.1, §5); every answer carries the TLP label."))]),
    ]

    static let member = "Members (member, org_admin, expert, moderator, admin)."
    static let common = [400, 401, 403]

    static var paths: [(String, V)] {
        [
            ("/v1/policies/moderation", .object([("get", operation(
                "moderationPolicy", "policies", "The moderation bundle clients evaluate before encrypting (PROTOCOL.md §7): base64 of the bundle (format trustforum-moderation/v1, built from Policies/moderation/*.rules and Policies/confusables.txt) and version = hex BLAKE2b-256 of those bytes. Changes when the operator reloads the rules.",
                response: ref("ModerationPolicy"), problems: [], secured: false))])),
            ("/v1/circles", .object([
                ("get", operation("circleList", "circles", "The default circle and every collaboration circle, with the caller's membership and the keyring's epoch. \(member)",
                                  response: ref("CircleList"), problems: [401, 403])),
                ("post", operation("circleCreate", "circles", "Create a circle (admins): a signed circle-create entry of the community log; the name (1–100 characters) is kept as metadata, the entry signs its hash.",
                                   status: 201, response: ref("CircleCreated"), problems: common + [409, 422], body: "CircleCreateRequest")),
            ])),
            ("/v1/circles/{id}/moderators", .object([("post", operation(
                "circleModerator", "circles", "Appoint or relieve a circle's moderator (admins): a signed circle-moderator entry. Not for the default circle (400).",
                response: ref("CircleModeratorResult"), problems: common + [404, 409, 422], body: "CircleModeratorRequest", path: ["id"]))])),
            ("/v1/circles/{id}/join-requests", .object([
                ("post", operation("circleJoinRequest", "circles", "Ask to join a circle; one waiting request per member (a repeat answers 200). 409 for a member already in it; 429 over the quota.",
                                   status: 201, response: ref("JoinRequest"), problems: common + [404, 409, 429], path: ["id"])),
                ("get", operation("circleJoinRequests", "circles", "The circle's waiting join requests (its moderators; others 403).",
                                  response: ref("JoinRequestList"), problems: common + [404], path: ["id"])),
            ])),
            ("/v1/circles/{id}/members", .object([("post", operation(
                "circleMemberAdd", "circles", "Admit a member (the circle's moderators): the add entry of the circle's keyring log and the new member's wraps of the epochs (at least the current one); clears the join request.",
                status: 201, response: ref("Appended"), problems: common + [404, 409, 413, 422], body: "AddRequest", path: ["id"]))])),
            ("/v1/circles/{id}/members/{member}", .object([("delete", operation(
                "circleMemberRemove", "circles", "Remove a member (a circle moderator) or leave (the member): a remove or leave entry; with `epoch` the remover rotates in the same request (wraps for the holders after the removal), else the keyring is marked rotation_required.",
                response: ref("Appended"), problems: common + [404, 409, 413, 422], body: "RemoveRequest", path: ["id", "member"]))])),
            ("/v1/keyrings/{id}", .object([("get", operation(
                "keyringShow", "keyrings", "A keyring its holder reads: epochs, the caller's own wraps, the log head (the default keyring's is the community log's). 404 for non-holders.",
                response: ref("Keyring"), problems: [400, 401, 403, 404], path: ["id"], labelled: true))])),
            ("/v1/keyrings/{id}/log", .object([
                ("get", operation("keyringLog", "keyrings", "A circle or thread keyring's membership log after a seq (holders, and a circle's moderators), with a thread's creation record (entry 0). The default keyring's log is /v1/community/log (400).",
                                  response: ref("KeyringLog"), problems: [400, 401, 403, 404], path: ["id"],
                                  query: [("after", .object([("type", .string("integer")), ("minimum", .int(-1))]), "Entries with seq > after; -1 or absent: all.")],
                                  labelled: true)),
                ("post", operation("keyringAppend", "keyrings", "Append an add (with the new holder's wraps), remove or leave entry (a remove may carry the next epoch). Holders; the TLP and circle rules decide.",
                                   status: 201, response: ref("Appended"), problems: common + [404, 409, 413, 422], body: "AppendRequest", path: ["id"])),
            ])),
            ("/v1/keyrings/{id}/epochs", .object([("post", operation(
                "keyringEpoch", "keyrings", "The next epoch (current + 1; 409 epoch-taken when another won), signed by the caller's current certificate, bound to the log's current head, with wraps for exactly the current holders (422 naming missing or extra ones). Clears rotation_required.",
                status: 201, response: ref("EpochCreated"), problems: common + [404, 409, 413, 422, 429], body: "NewEpoch", path: ["id"]))])),
            ("/v1/keyrings/{id}/wraps", .object([("post", operation(
                "keyringWraps", "keyrings", "Wraps of existing epochs for holders who lack them (or whose certificate changed). 409 when one exists already.",
                status: 201, response: ref("WrapsStored"), problems: common + [404, 409, 422], body: "WrapsRequest", path: ["id"]))])),
            ("/v1/threads", .object([
                ("post", operation("threadCreate", "threads", "Start a thread: its signed record; CLEAR/GREEN use the circle's keyring (no participants, no epoch); AMBER, AMBER+STRICT and RED get a new keyring with the participants' add entries and epoch 1 for exactly its holders. 409 for a reused id; 429 over the quota.",
                                   status: 201, response: ref("Thread"), problems: common + [409, 413, 422, 429], body: "ThreadCreateRequest", labelled: true)),
                ("get", operation("threadList", "threads", "The threads the caller may see (TLP: CLEAR/GREEN to the circle's members, the others to their participants).",
                                  response: ref("ThreadList"), problems: common,
                                  query: [("circle", uuid, "Only this circle's threads."), ("label", label, "Only threads with this label."),
                                          ("topic", text, "Only threads with this topic (Policies/topics.json).")],
                                  labelled: true)),
            ])),
            ("/v1/threads/{id}", .object([("get", operation(
                "threadShow", "threads", "One thread with its signed record. 404 for anyone who may not see it (never 403).",
                response: ref("Thread"), problems: [400, 401, 403, 404], path: ["id"], labelled: true))])),
            ("/v1/threads/{id}/participants", .object([("post", operation(
                "threadParticipantAdd", "threads", "Add a participant to an AMBER, AMBER+STRICT or RED thread (the TLP rules decide who may add whom), with the new participant's wraps.",
                status: 201, response: ref("Appended"), problems: common + [404, 409, 413, 422], body: "AddRequest", path: ["id"], labelled: true))])),
            ("/v1/threads/{id}/participants/{member}", .object([("delete", operation(
                "threadParticipantRemove", "threads", "The author removes a participant, or a participant leaves; with `epoch` the remover rotates, else the keyring is marked rotation_required.",
                response: ref("Appended"), problems: common + [404, 409, 413, 422], body: "RemoveRequest", path: ["id", "member"], labelled: true))])),
            ("/v1/threads/{id}/posts", .object([
                ("post", operation("postCreate", "threads", "Post (PROTOCOL.md §5): the signed, encrypted post under the keyring's current epoch. 409 epoch-moved or post-id-taken; 422 rotation-required, stale-policy (with current_version), unknown-position, stale-certificate, bad-signature, bad-sizes, hold-not-supported; 429 over the quota.",
                                   status: 201, response: ref("PostReceipt"), problems: common + [404, 409, 413, 422, 429], body: "PostSubmit", path: ["id"],
                                   labelled: true)),
                ("get", operation("postList", "threads", "A thread's posts after a seq, as their authors signed them.",
                                  response: ref("PostList"), problems: [400, 401, 403, 404], path: ["id"],
                                  query: [("after", integer, "Posts with seq > after (default 0)."),
                                          ("limit", .object([("type", .string("integer")), ("minimum", .int(1)), ("maximum", .int(200)), ("default", .int(50))]), "At most this many.")],
                                  labelled: true)),
            ])),
        ]
    }

    static var schemas: [(String, V)] {
        let head = object(["seq", "hash"], [("seq", .object([("type", .string("integer")), ("minimum", .int(-1))])), ("hash", base64)])
        return [
            ("ModerationPolicy", object(["version", "bundle"], [("version", described(text, "Lower-case hex of BLAKE2b-256 of the bundle's bytes.")),
                                                                ("bundle", base64)])),
            ("Circle", object(["circle_id", "keyring_id", "name", "is_default", "member", "moderator", "current_epoch", "rotation_required"],
                              [("circle_id", uuid), ("keyring_id", uuid), ("name", text), ("is_default", boolean), ("member", boolean),
                               ("moderator", boolean), ("current_epoch", integer), ("rotation_required", boolean)])),
            ("CircleList", object(["circles"], [("circles", array(ref("Circle")))])),
            ("CircleCreateRequest", object(["circle_id", "keyring_id", "name", "entry"],
                                           [("circle_id", uuid), ("keyring_id", uuid),
                                            ("name", .object([("type", .string("string")), ("minLength", .int(1)), ("maxLength", .int(100))])),
                                            ("entry", ref("SignedEntry"))])),
            ("CircleCreated", object(["circle_id", "keyring_id", "name", "seq"], [("circle_id", uuid), ("keyring_id", uuid), ("name", text), ("seq", integer)])),
            ("CircleModeratorRequest", object(["member_id", "add", "entry"], [("member_id", uuid), ("add", boolean), ("entry", ref("SignedEntry"))])),
            ("CircleModeratorResult", object(["circle_id", "member_id", "moderator", "seq"],
                                             [("circle_id", uuid), ("member_id", uuid), ("moderator", boolean), ("seq", integer)])),
            ("JoinRequest", object(["circle_id", "member_id", "created_at"], [("circle_id", uuid), ("member_id", uuid), ("created_at", integer)])),
            ("JoinRequestList", object(["circle_id", "requests"], [("circle_id", uuid), ("requests", array(ref("JoinRequest")))])),
            ("KeyringEntry", object(["seq", "action", "member_id", "member_cert_hash", "prev_hash", "actor_id", "signature"],
                                    [("seq", integer), ("action", .object([("type", .string("string")), ("enum", .array([.string("add"), .string("remove"), .string("leave")]))])),
                                     ("member_id", uuid), ("member_cert_hash", base64), ("prev_hash", base64), ("actor_id", uuid), ("signature", base64)],
                                    "frame(\"trustforum/membership/v1\", keyring_id, u64(seq), action, member_id, member_cert_hash, prev_hash), signed by the actor.")),
            ("ThreadRecord", object(["thread_id", "keyring_id", "circle_id", "label", "author_id", "author_cert_hash", "signature"],
                                    [("thread_id", uuid), ("keyring_id", uuid), ("circle_id", uuid), ("label", label), ("author_id", uuid),
                                     ("author_cert_hash", base64), ("signature", base64)],
                                    "frame(\"trustforum/thread/v1\", community_id, thread_id, keyring_id, circle_id, label, author_id, author_cert_hash), signed by the author.")),
            ("Epoch", object(["epoch", "key_check", "log_seq", "log_head", "creator_id", "signature"],
                             [("epoch", integer), ("key_check", base64), ("log_seq", integer), ("log_head", base64), ("creator_id", uuid), ("signature", base64)])),
            ("Wrap", object(["epoch", "recipient_id", "recipient_cert_hash", "sealed", "wrapper_id", "signature"],
                            [("epoch", integer), ("recipient_id", uuid), ("recipient_cert_hash", base64),
                             ("sealed", described(base64, "crypto_box_seal of the 32-byte key: 80 bytes.")), ("wrapper_id", uuid), ("signature", base64)])),
            ("NewEpoch", object(["epoch", "wraps"], [("epoch", ref("Epoch")), ("wraps", array(ref("Wrap")))])),
            ("AddRequest", object(["entry"], [("entry", ref("KeyringEntry")), ("wraps", array(ref("Wrap")))])),
            ("RemoveRequest", object(["entry"], [("entry", ref("KeyringEntry")), ("epoch", ref("NewEpoch"))])),
            ("AppendRequest", object(["entry"], [("entry", ref("KeyringEntry")), ("wraps", array(ref("Wrap"))), ("epoch", ref("NewEpoch"))])),
            ("WrapsRequest", object(["wraps"], [("wraps", array(ref("Wrap")))])),
            ("KeyringHead", head),
            ("Appended", object(["keyring_id", "seq", "head", "current_epoch", "rotation_required"],
                                [("keyring_id", uuid), ("seq", integer), ("head", ref("KeyringHead")), ("current_epoch", integer), ("rotation_required", boolean)])),
            ("EpochCreated", object(["keyring_id", "epoch", "rotation_required"], [("keyring_id", uuid), ("epoch", integer), ("rotation_required", boolean)])),
            ("WrapsStored", object(["keyring_id", "stored"], [("keyring_id", uuid), ("stored", integer)])),
            ("Keyring", object(["keyring_id", "kind", "circle_id", "current_epoch", "rotation_required", "epochs", "wraps", "log_head"],
                               [("keyring_id", uuid), ("kind", .object([("type", .string("string")), ("enum", .array([.string("default"), .string("moderators"), .string("circle"), .string("thread")]))])),
                                ("circle_id", uuid), ("thread_id", uuid), ("label", label), ("current_epoch", integer), ("rotation_required", boolean),
                                ("epochs", array(ref("Epoch"))), ("wraps", described(array(ref("Wrap")), "The caller's own wraps.")),
                                ("log_head", ref("KeyringHead"))])),
            ("KeyringLog", object(["keyring_id", "kind", "entries", "head"],
                                  [("keyring_id", uuid), ("kind", text), ("record", ref("ThreadRecord")), ("entries", array(ref("KeyringEntry"))),
                                   ("head", ref("KeyringHead"))])),
            ("ThreadCreateRequest", object(["record", "topics", "ask_experts"],
                                           [("record", ref("ThreadRecord")),
                                            ("topics", .object([("type", .string("array")), ("minItems", .int(1)), ("maxItems", .int(5)), ("items", text)])),
                                            ("ask_experts", boolean), ("participants", array(ref("KeyringEntry"))), ("epoch", ref("NewEpoch"))])),
            ("Thread", object(["thread_id", "circle_id", "keyring_id", "label", "topics", "ask_experts", "author_id", "created_at", "post_count"],
                              [("thread_id", uuid), ("circle_id", uuid), ("keyring_id", uuid), ("label", label), ("topics", array(text)),
                               ("ask_experts", boolean), ("author_id", uuid), ("created_at", integer), ("last_post_at", integer),
                               ("post_count", integer), ("record", ref("ThreadRecord"))])),
            ("ThreadList", object(["threads"], [("threads", array(ref("Thread")))])),
            ("PostSubmit", object(["post_id", "thread_id", "label", "keyring_id", "epoch", "log_seq", "log_head", "author_id", "author_cert_hash",
                                   "franking_tag", "moderation", "nonce", "ciphertext", "policy_version", "signature"],
                                  [("post_id", uuid), ("thread_id", uuid), ("label", label), ("keyring_id", uuid), ("epoch", integer),
                                   ("log_seq", integer), ("log_head", base64), ("author_id", uuid), ("author_cert_hash", base64),
                                   ("franking_tag", base64),
                                   ("moderation", .object([("type", .string("string")), ("enum", .array([.string("none"), .string("hold")]))])),
                                   ("nonce", base64), ("ciphertext", base64), ("policy_version", text), ("signature", base64),
                                   ("report", described(ref("ReportSubmit"), "Required with moderation = hold: the author's encrypted report of the post (PROTOCOL.md §7)."))])),
            ("PostReceipt", object(["post_id", "seq", "received_at", "server_tag"],
                                   [("post_id", uuid), ("seq", integer), ("received_at", described(integer, "Milliseconds.")), ("server_tag", base64)])),
            ("StoredPost", object(["seq", "received_at", "server_tag", "post"],
                                  [("seq", integer), ("received_at", integer), ("server_tag", base64), ("post", ref("PostSubmit")),
                                   ("held", described(boolean, "The author's own post waiting for a moderator; nobody else sees it.")),
                                   ("removed", described(ref("Decision"), "Removed by moderation: the signed decision; nonce, ciphertext and signature are empty."))])),
            ("PostList", object(["thread_id", "label", "posts", "next_after"],
                                [("thread_id", uuid), ("label", label), ("posts", array(ref("StoredPost"))), ("next_after", integer)])),
        ]
    }
}

import Core
import Crypto
import Foundation

/// What a report says, inside its encryption (mod-spec §1, PROTOCOL.md §6):
/// `{"post_id", "body", "title"?, "reply_to"?, "franking_key", "reason"}`,
/// keys sorted, no whitespace; `title` and `reply_to` absent when the post
/// had none. The body, title, reply_to and franking key are the reporter's
/// claim of what the author signed; `ReportCheck` proves or refutes it.
public struct ReportPayload: Sendable, Equatable {
    public var postID: String
    public var body: String
    public var title: String?
    public var replyTo: String?
    /// The post's `k_f` (32 bytes), from its decrypted payload.
    public var frankingKey: [UInt8]
    /// Why the reporter reports it (free text).
    public var reason: String

    public init(postID: String, body: String, title: String? = nil, replyTo: String? = nil, frankingKey: [UInt8], reason: String) {
        self.postID = postID
        self.body = body
        self.title = title
        self.replyTo = replyTo
        self.frankingKey = frankingKey
        self.reason = reason
    }

    /// The report of a post whose payload this client decrypted.
    public init(postID: String, post payload: PostPayload, reason: String) {
        self.init(postID: postID, body: payload.body, title: payload.title, replyTo: payload.replyTo, frankingKey: payload.frankingKey,
                  reason: reason)
    }

    /// The JSON text, keys sorted, no whitespace.
    public var json: [UInt8] {
        var object: [String: Any] = ["post_id": postID, "body": body, "franking_key": Base64.encode(frankingKey), "reason": reason]
        if let title { object["title"] = title }
        if let replyTo { object["reply_to"] = replyTo }
        return Array(try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
    }

    /// Parses the JSON; every field must have its type, `post_id` must be a
    /// lower-case UUID and the franking key 32 bytes of standard base64.
    public static func parse(_ bytes: [UInt8]) throws(ProtocolError) -> ReportPayload {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
              let postID = object["post_id"] as? String, Identifier.isValid(postID),
              let body = object["body"] as? String,
              let reason = object["reason"] as? String,
              let keyText = object["franking_key"] as? String, let key = try? Base64.decode(keyText), key.count == 32
        else { throw .malformed("report payload") }
        let title = object["title"] as? String
        let replyTo = object["reply_to"] as? String
        if object["title"] != nil && title == nil || object["reply_to"] != nil && replyTo == nil {
            throw .malformed("report payload field types")
        }
        return ReportPayload(postID: postID, body: body, title: title, replyTo: replyTo, frankingKey: key, reason: reason)
    }

    /// The franking tag the claimed text and key give for `post_id`
    /// (PROTOCOL.md §5): equal to the stored post's tag only when the
    /// reporter quotes exactly what the author committed to.
    public var frankingTag: [UInt8] {
        PostPayload.frankingTag(postID: postID, body: body, title: title, replyTo: replyTo, key: frankingKey)
    }
}

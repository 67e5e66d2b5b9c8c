import Core
import Crypto
import Foundation
import HTTP
import Platform
import Store

/// Subscriptions to alerts by topic and product, the notifications they
/// bring, and a per-member Atom feed whose URL carries a revocable feed
/// token (never a session token: the URL ends up in feed readers' configs).
enum NotificationRoutes {
    struct SubscriptionsJSON: Codable {
        let topics: [String]
        let products: [String]
    }

    struct NotificationJSON: Encodable {
        let alert_id: String
        let version: String
        let title: String
        let label: String
        let severity: String?
        let created_at: UInt64
        let read: Bool
    }

    struct NotificationsJSON: Encodable {
        let notifications: [NotificationJSON]
        let unread: Int
    }

    struct FeedJSON: Encodable {
        let url: String
    }

    static func routes(_ context: AppContext) -> [APIRoute] {
        [
            APIRoute(.get, "/v1/subscriptions", "subscriptionsShow") { _, caller in
                let me = try caller.requireMember()
                let (topics, products) = try context.database.read { conn in try SubscriptionStore.subscriptions(conn, memberID: me) }
                return try JSONBody.encode(SubscriptionsJSON(topics: topics, products: products))
            },
            APIRoute(.put, "/v1/subscriptions", "subscriptionsSet", bodyLimit: 16 * 1024) { request, caller in
                let me = try caller.requireMember()
                let body = try request.decodeJSON(SubscriptionsJSON.self)
                for topic in body.topics where !context.topics.topics.contains(topic) {
                    throw APIProblem.invalid("unknown topic \(JSONText.quote(topic)); topics come from Policies/topics.json")
                }
                guard body.topics.count <= 50, body.products.count <= 50 else { throw APIProblem.invalid("at most 50 topics and 50 products") }
                let products = try body.products.map { try Fields.text($0, "products", max: 100) }
                try context.database.write { conn in try SubscriptionStore.replace(conn, memberID: me, topics: body.topics, products: products) }
                return try JSONBody.encode(SubscriptionsJSON(topics: Array(Set(body.topics)).sorted(), products: Array(Set(products)).sorted()))
            },
            APIRoute(.get, "/v1/notifications", "notificationList") { request, caller in
                let me = try caller.requireMember()
                let unreadOnly = request.query("unread") == "true"
                let list: [NotificationJSON] = try context.database.read { conn in
                    try SubscriptionStore.notifications(conn, memberID: me, unreadOnly: unreadOnly, limit: 200).compactMap { n in
                        guard let alert = try AlertStore.alert(conn, id: n.alertID) else { return nil }
                        return NotificationJSON(alert_id: n.alertID, version: n.version, title: alert.title, label: alert.label,
                                                severity: alert.severity, created_at: n.createdAt, read: n.readAt != nil)
                    }
                }
                let label: TLPLabel = list.contains { $0.label == TLPLabel.green.rawValue } ? .green : .clear
                return TLPHeader.adding(label, to: try JSONBody.encode(NotificationsJSON(notifications: list, unread: list.filter { !$0.read }.count)))
            },
            APIRoute(.post, "/v1/notifications/read", "notificationRead") { _, caller in
                let me = try caller.requireMember()
                try context.database.write { conn in try SubscriptionStore.markRead(conn, memberID: me, at: WallClock.seconds) }
                return Response(status: 204)
            },
            APIRoute(.post, "/v1/feed-token", "feedTokenCreate") { _, caller in
                let me = try caller.requireMember()
                let token = Base64URL.encode(Random.bytes(32))
                try context.database.write { conn in
                    try SubscriptionStore.setFeedToken(conn, memberID: me, hash: GenericHash.hash(Array(token.utf8)), at: WallClock.seconds)
                }
                return try JSONBody.encode(FeedJSON(url: "\(context.configuration.publicOrigin)/v1/feeds/\(token).atom"), status: 201)
            },
            APIRoute(.delete, "/v1/feed-token", "feedTokenRevoke") { _, caller in
                let me = try caller.requireMember()
                try context.database.write { conn in try SubscriptionStore.setFeedToken(conn, memberID: me, hash: nil, at: WallClock.seconds) }
                return Response(status: 204)
            },
            APIRoute(.get, "/v1/feeds/{token}", "memberFeed") { request, _ in
                // The path is /v1/feeds/TOKEN.atom; the token is the only credential.
                let name = request.parameters["token"] ?? ""
                guard name.hasSuffix(".atom") else { throw APIProblem.notFound("feed") }
                let token = String(name.dropLast(5))
                guard token.utf8.count == 43, token.utf8.allSatisfy({ Base64URL.isAlphabet($0) }) else { throw APIProblem.notFound("feed") }
                let rows: [AlertStore.AlertRow] = try context.database.read { conn in
                    guard let member = try SubscriptionStore.feedMember(conn, hash: GenericHash.hash(Array(token.utf8))),
                          context.registry.snapshot.member(member)?.status == .active else { throw APIProblem.notFound("feed") }
                    return try SubscriptionStore.notifications(conn, memberID: member, unreadOnly: false, limit: 100).compactMap {
                        try AlertStore.alert(conn, id: $0.alertID)
                    }
                }
                var seen = Set<String>()
                let unique = rows.filter { seen.insert($0.id).inserted }
                var response = Response.json(Array(AtomFeed.alerts(unique, origin: context.configuration.publicOrigin, title: "TrustForum: your alerts",
                                                                    selfPath: "/v1/feeds/[token].atom").utf8))
                response.headers = response.headers.filter { $0.name.lowercased() != "content-type" }
                response.headers.append(HTTPField(name: "Content-Type", value: "application/atom+xml; charset=utf-8"))
                response.headers.append(HTTPField(name: "Cache-Control", value: "private, no-store"))
                let label: TLPLabel = unique.contains { $0.label == TLPLabel.green.rawValue } ? .green : .clear
                return TLPHeader.adding(label, to: response)
            },
        ]
    }
}

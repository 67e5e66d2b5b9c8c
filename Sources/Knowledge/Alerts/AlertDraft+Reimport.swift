/// What importing an advisory again does to the alert already stored from it.
public enum ReimportOutcome: Sendable, Equatable {
    /// The same advisory (publisher namespace and tracking id), a newer version: update the alert.
    case update
    /// The same advisory, the same or an older version: nothing to do.
    case notNewer(stored: CSAFVersion, offered: CSAFVersion)
    /// The same advisory, but one version uses integer versioning and the
    /// other semver: CSAF gives no order, so nothing is updated.
    case incomparableVersions(stored: CSAFVersion, offered: CSAFVersion)
    /// Another advisory: not a re-import.
    case differentAdvisory
}

extension AlertDraft {
    /// Whether this draft is the same advisory as `stored` (publisher
    /// namespace and tracking id) in another version.
    ///
    ///     offered.reimport(over: stored)   // .update, or .notNewer(stored: 3.0.0, offered: 3.0.0)
    public func reimport(over stored: AlertDraft) -> ReimportOutcome {
        guard trackingID == stored.trackingID, publisherNamespace == stored.publisherNamespace else {
            return .differentAdvisory
        }
        switch version.compare(to: stored.version) {
        case .newer: return .update
        case .same, .older: return .notNewer(stored: stored.version, offered: version)
        case nil: return .incomparableVersions(stored: stored.version, offered: version)
        }
    }

    /// True when this draft updates `stored`: the same advisory, a newer version.
    public func isNewer(than stored: AlertDraft) -> Bool { reimport(over: stored) == .update }
}

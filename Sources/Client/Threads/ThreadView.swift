import Core
import Protocol

/// Checks a thread as the server describes it (`GET /v1/threads/{id}`)
/// against its verified keyring: the creation record is signed by its
/// author's certificate, names the keyring and circle it is served with,
/// and its label is the label the server states. For AMBER and up it is
/// the record the keyring log starts from.
///
///     let record = try ThreadView.verify(thread, keyring: keyring, community: community)
public enum ThreadView {
    public static func verify(_ thread: ThreadWire.Thread, keyring: VerifiedKeyring,
                              community: VerifiedCommunity) throws(ThreadFailure) -> ThreadRecord {
        let record: ThreadRecord
        do { record = try thread.record.record(communityID: community.communityID) } catch { throw .malformed("\(error)") }
        guard record.threadID == thread.thread_id, record.label.rawValue == thread.label else {
            throw .mismatch("thread \(thread.thread_id) is served as \(thread.label), its record says \(record.threadID) \(record.label.rawValue)")
        }
        guard let author = community.state.member(record.authorID),
              let certificate = author.certificate(hash: record.authorCertHash) else {
            throw .record(.invalid("the thread's author or its certificate is unknown"))
        }
        guard record.isSigned(by: certificate.certificate.signPublicKey) else { throw .record(.badSignature("the thread's creation record")) }
        switch keyring.kind {
        case .thread(let own):
            guard own == record else { throw .mismatch("the thread's record is not the one its keyring log starts from") }
        case .defaultCircle, .circle:
            guard record.label.usesCircleKeyring else {
                throw .mismatch("a \(record.label.rawValue) thread is served with its circle's keyring")
            }
            guard record.keyringID == keyring.keyringID, record.circleID == keyring.circleID else {
                throw .mismatch("the thread's record names another keyring or circle than the one it is served with")
            }
        case .moderators:
            throw .mismatch("a thread is served with the moderators' keyring")
        }
        return record
    }
}

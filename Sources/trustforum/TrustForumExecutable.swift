import Commands

/// `trustforum`: everything lives in the Commands module, so that tests can
/// run the command tree in-process.
@main
enum TrustForumExecutable {
    static func main() {
        TrustForumMain.main()
    }
}

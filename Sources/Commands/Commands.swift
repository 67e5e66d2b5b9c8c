// Commands module
public enum TrustForumMain { public static func main() {} }

import Commands
TrustForumMain.main()

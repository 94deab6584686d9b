"""Who may do what: users, roles and their regions, passwords, bearer tokens, sessions, sign-in
throttling and the key that signs session cookies.

Used by the web app and the command line (`monotown users ...`) alike, so it imports neither:
the cookies and forms of signing in stay in `monotown.web`.
"""

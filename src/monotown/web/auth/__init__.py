"""Who may do what: users, roles and their regions, passwords, bearer tokens, login throttling.

Kept free of FastAPI so the command line (`monotown users ...`) can manage the same accounts.
"""

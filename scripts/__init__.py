"""Helpers for working on the app from outside: a server, a browser, AppTest, screenshots."""

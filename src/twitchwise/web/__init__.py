"""The web app and the JSON API: ``create_app(settings)`` builds both on the CLI's core."""

from twitchwise.web.app import create_app

__all__ = ["create_app"]

"""SocialGuard: an NHS social media policy, as software."""

__version__ = "0.1.0"

"""Full-text search for Yishi: a Whoosh backend for Wagtail/modelsearch that reads Chinese."""

"""The client contacts API (vendor document 003): Mongo-style ids, a {success, data} envelope."""

"""The background worker's presence: a heartbeat, and whether it was seen lately."""

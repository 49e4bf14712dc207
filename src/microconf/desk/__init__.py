"""The organiser's desk: setting up a conference without the Django admin.

Creating a conference and editing its rooms, tracks (with their runners) and mail
templates; the desk links to the pages that already exist for calls, sponsors,
the team, the outbox, the schedule board and the import of a schedule. Every write
goes through ``services`` (permission check, audit entry, one transaction).
"""

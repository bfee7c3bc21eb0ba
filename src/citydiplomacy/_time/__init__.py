"""Stage 2, time.

IANA zones, terms and renewals, meetings in each party's local time, follow-up and the
questions asked of one convention.
"""

"""What the service desk announces to the domains above it."""

from hisops.core.events import Event

# The hospital signed an on-site visit's repair sheet (ticket_id, visit_id): the archive
# files the signed sheet as a PDF.
visit_signed = Event("tickets.visit_signed")

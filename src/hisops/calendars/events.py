"""What the calendars domain announces."""

from hisops.core.events import Event

# calendar_ids: calendars whose working time changed (including those that take their
# holidays from a changed one); years: the years whose dated data changed.
calendar_changed = Event("calendar_changed")

"""Rules of the Party cell: calendar, attendance and voting bases, durations, scoring."""

"""Staff alerts: deadlines due soon and overdue, and the work a response depends on (contributions, remedies)."""

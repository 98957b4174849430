"""Community services of the population school: health check-up days (康检) and help for
families in difficulty. Both hold sensitive personal information: each needs its own
consent (``portal.privacy``), and only the person and the staff of their community see it."""

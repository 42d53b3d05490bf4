"""Resilience arithmetic rules (RES): retries, timeouts, circuit breakers, bulkheads."""

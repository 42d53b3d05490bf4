"""Operations rules (OPS): alerts, logs, autoscale, lifecycle and TTL hygiene."""

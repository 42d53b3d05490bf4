"""Disaster recovery rules (DR): RPO, RTO, failover targets and backup vaults."""

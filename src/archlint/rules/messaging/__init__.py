"""Messaging rules: Service Bus, Event Hubs and Event Grid delivery, dead-lettering, TTLs."""

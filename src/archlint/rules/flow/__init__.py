"""Rules on the event-flow graph: consumers, dead-letter draining, cycles, crossings, SPOFs."""

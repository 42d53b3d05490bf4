"""The rule engine: runs rules over the model and turns violations into findings."""

"""Algorithms several rules share, kept apart from the rules so they can be tested alone.

- :mod:`archlint.analysis.messaging`: Service Bus owners, forwarding cycles, DLQ alerts.
- :mod:`archlint.analysis.cidr`: overlapping address ranges by sort-and-sweep, O(n log n + k).
- :mod:`archlint.analysis.network`: the VNet topology (subnet -> VNet, peerings, workloads).
- :mod:`archlint.analysis.dns`: the private DNS index (zones by name, links by VNet, private
  endpoints by target and sub-resource).
- :mod:`archlint.analysis.nsg`: how an NSG decides a flow (priorities, default rules).
- :mod:`archlint.analysis.access`: which workload calls which Azure data service, doing what.

Nothing here does I/O; indexes are built once per call in linear time, so rules never scan
the model pairwise.
"""

"""The network's domain operations, one module per sub-domain."""

"""The network's pages, one module per sub-domain."""

"""Record linkage of survivors across organisations, and the clerical review of uncertain pairs."""

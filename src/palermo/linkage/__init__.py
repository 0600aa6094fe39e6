"""Record linkage across organisations' lists: the pure core in ``core``, the app around it."""

"""The order example's application code: the Function Compute handlers its flow calls."""

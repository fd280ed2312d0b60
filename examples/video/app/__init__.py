"""The video example's Function Compute code."""

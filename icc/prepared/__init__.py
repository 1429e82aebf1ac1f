"""The prepared model of each data version, the one filter path and the numbers (aggregations)."""

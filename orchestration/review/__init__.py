"""`ogi check`: reports reviewed without the warehouse, through the same dbt rules."""

"""The warehouse side: the Parquet lake, the single DuckDB writer, dbt runs, publishing and exports."""

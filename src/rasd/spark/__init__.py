"""rasd on Spark (``rasd[spark]``): the same pipeline over many WARC/JSONL files, written as Parquet tables."""

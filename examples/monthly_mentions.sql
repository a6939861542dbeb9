-- Mentions of each official by month, over an export (newscorpus export export/ --format parquet).
-- Run from the folder that holds export/: duckdb < monthly_mentions.sql, or through Python's duckdb.
SELECT m.name, strftime(m.date, '%Y-%m') AS month, sum(m.count)::INT AS mentions, count(*)::INT AS articles
FROM read_parquet('export/person_mentions/*/*.parquet', hive_partitioning = true) m
JOIN 'export/people.parquet' p ON p.name = m.name AND p.role = 'official'
WHERE m.date IS NOT NULL
GROUP BY ALL
ORDER BY m.name, month;

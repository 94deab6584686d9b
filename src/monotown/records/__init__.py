"""What every kind of record shares: safe files (`files`), where a write may land (`access`)."""

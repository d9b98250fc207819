"""Reports: findings with their intervals, figures, tables and methods, as HTML or PDF (pure, no Django)."""

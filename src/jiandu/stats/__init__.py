"""Statistics for leaders (统计分析): standard tables, dashboard, warnings, bulletins and
assessment, every figure counted from the record (``jiandu.core.figures``). The top
layer: it reads the other apps' figures and selectors; nothing depends on it."""

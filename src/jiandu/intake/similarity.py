"""Near-duplicate detection (placeholder until the MinHash index lands)."""


def index_report(report) -> None:
    return None


def suggest_duplicates(report) -> list:
    return []

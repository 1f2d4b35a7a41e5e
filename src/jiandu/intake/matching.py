"""Subject matching (placeholder until the jieba matcher lands)."""


def suggest_subjects(report) -> list:
    return []

"""Each app's part of the demo county (青山县), loaded by ``jiandu demo``."""

"""jiandu (监督): integrated supervision platform of a discipline inspection commission."""

"""Synthetic data for the cross-checks: the demo county and the province-scale set.

Nothing here is real: names are drawn from common surnames and given-name characters,
citizen IDs and USCCs are built with valid checksums on fictional sequence numbers.

- :func:`generate_county` / :func:`county_data` (``county/``) write demo-county-size
  source files (CSV and XLSX, as a commission receives them) with planted anomalies of
  EVERY rule (R01–R10) and realistic noise.
- :func:`generate_province` (``province/``) writes the province-scale set directly as
  normalised Parquet, in chunks so that memory stays bounded.

Each has one generator per dataset, a module each; ``common`` holds the word tables and
the ID builders both use.
"""

from jiandu.devtools.synth.county import CountyData, Planted, county_data, generate_county
from jiandu.devtools.synth.province import PROVINCE_SIZES, generate_province

__all__ = [
    "PROVINCE_SIZES",
    "CountyData",
    "Planted",
    "county_data",
    "generate_county",
    "generate_province",
]

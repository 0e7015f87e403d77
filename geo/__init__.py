"""Kursk campaign mapper: news articles in, a dated, geocoded GeoJSON layer out.

The package is a chain of pure stages (see README "Architecture"):
sources -> toponyms/gazetteer -> timex -> events -> control -> layer,
with mapview/export turning a built layer into maps and files, and cli
composing the stages. No module here imports streamlit.
"""

__version__ = "0.1.0"

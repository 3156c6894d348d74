"""The demo hospital: a fictional hospital whose catalog comes from the five seed tenders."""

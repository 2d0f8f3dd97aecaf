"""The Gomobile contacts & audiences API: its data, its rules and its thin HTTP handlers."""

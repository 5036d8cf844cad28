"""Reports: every report reads only Results and Findings."""

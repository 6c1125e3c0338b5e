"""`ogi review`: a static review site from the published warehouse (Jinja2 templates, no server needed).

``data.py`` reads what the pages show; ``build.py`` renders them (``templates/``, ``static/``): an index of
reports (filtered and sorted in the browser from ``data/reports.js``, a page of rows at a time), a page per
report (its three tables with each cell coloured by the rules it takes part in, the failed rules with
their evidence), a page per agency (its years side by side, R6 carry-over between them, its benchmark)
and a regions page (fct_region_summary). Chinese first, English by the toggle.
"""

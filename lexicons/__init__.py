"""The built-in lexicons of shinsa: YAML data only, no code.

Installed as the package ``shinsa.lexicons`` (see pyproject.toml) so that
``importlib.resources`` finds the YAML files inside a wheel as well as in a
checkout; nothing imports this module for its code.
"""

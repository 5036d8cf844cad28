"""shinsa (審査): review Japanese contract and specification drafts clause by clause."""

__version__ = "0.1.0"
SCHEMA_VERSION = 1

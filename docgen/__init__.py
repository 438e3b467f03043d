"""docgen — Vietnamese official correspondence (NĐ 30/2020/NĐ-CP) from catalogs and templates."""

__version__ = "0.2.0"

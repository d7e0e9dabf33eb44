"""Dated eligibility rules with legal citations (pure Python, no Django). Filled by a later issue."""

"""Dated eligibility rules with legal citations (pure Python, no Django); a later issue fills it."""

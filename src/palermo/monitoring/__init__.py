"""Monitoring of the state's commitments: recommendations, assessments, action plan, indicators,
trainings."""

"""Reading LaTeX, Markdown and notebook documents: their display formulas, chains and
declarations, each link checked with the claim checker (:func:`checks.documents.check.check_document`)."""

"""After the session: report data, figures (plots/), HTML, PDF, text, and the compare section. matplotlib lives
here.
"""

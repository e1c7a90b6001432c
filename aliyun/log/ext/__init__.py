"""Extensions of the SDK: the IPython/Jupyter magics and the syslog client."""

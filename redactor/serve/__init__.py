"""The officer's workspace in the browser (``redactor serve``): a Starlette app on uvicorn, bound to
loopback, that calls the same case functions as the CLI (``case_runs``, ``workspace``).

``security`` holds the rules every request passes (token, Host, Origin, headers, names), ``jobs``
the background scans and publications, ``app`` the routes, ``server`` the uvicorn start-up.
"""

"""Hooks for the schemathesis run over soothe's API (crates/soothe/tests/schemathesis.rs).

The run signs its requests with one API token. Its own calls must not take that token away,
or every later call would be a 401 and prove nothing: revoking that one token is left out.
Everything else, including revoking other tokens, is exercised.
"""

import os

import schemathesis

PROTECTED = os.environ.get("SOOTHE_PROTECTED_TOKEN_ID", "")


@schemathesis.hook
def filter_case(ctx, case):
    if case.method.upper() == "DELETE" and case.path.endswith("/tokens/{id}"):
        return (case.path_parameters or {}).get("id") != PROTECTED
    return True

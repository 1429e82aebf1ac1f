"""Sign in and out."""

from icc.ui import auth

auth.sign_in_panel()

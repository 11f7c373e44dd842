"""The Processing provider of smdownscale."""

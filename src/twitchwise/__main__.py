"""`python -m twitchwise` runs the command line."""

from twitchwise.cli import main

main()

"""Subcommands of ``marsad`` kept beside what they drive (see ``marsad.cli``).

A module here exposes ``COMMANDS``, a list of click commands; heavy imports stay inside
the command functions so that ``marsad --help`` starts fast.
"""

"""``python -m citydiplomacy``: the same as the ``citydiplomacy`` command."""

from citydiplomacy._cli import main

if __name__ == "__main__":
    main()

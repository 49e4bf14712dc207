import sys

from microconf.cli import main

sys.exit(main())

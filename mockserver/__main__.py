"""`python -m mockserver`: the same as `contactkit mock`."""

import sys

from mockserver.cli import main

sys.exit(main())

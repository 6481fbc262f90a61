import sys

from myoqa.cli import main

sys.exit(main())

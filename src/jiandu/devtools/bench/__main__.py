import sys

from jiandu.devtools.bench import main

sys.exit(main())

"""Tools for developers, not for running a commission: the demo county (``jiandu demo``,
``jiandu otp``), the synthetic cross-check data (``jiandu crosscheck synth``), the
benchmarks (``make bench``) and the parser's quality table.

Nothing in the runtime apps imports this package (an import-linter contract checks it);
it imports the runtime apps' services and models like any other client.

- ``demo/<app>.py``: each app's part of the demo county, loaded in the order
  :data:`jiandu.devtools.management.commands.demo.DEMO_MODULES` lists.
- ``synth/``: the cross-check source files, one generator per dataset.
- ``bench/``: ``python -m jiandu.devtools.bench`` (``make bench``).
- ``data/``: the demo's text tables and the seed speeches, read at run time.
"""

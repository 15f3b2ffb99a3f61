"""Start the app: ``python -m ui.serve [streamlit options]`` (what ``make run`` and the test harness use).

Streamlit 1.67 treats a folder named ``pages/`` beside the entry script as a first-generation multipage app until
``st.navigation`` has run once in the process. The first visitor of a freshly started server who opens a shared
link such as ``/carte`` would then get ``pages/carte.py`` run on its own, without ``app.py`` (no page config, no
navigation, no banner). ``app.py`` declares every page with ``st.navigation``, so the flag is set here, before the
server starts, to what ``st.navigation`` itself sets it to.
"""

import sys

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

from emile.config import PROJECT_ROOT


def main() -> None:
    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(PROJECT_ROOT / "app.py"), *sys.argv[1:]]
    cli.main()


if __name__ == "__main__":
    main()

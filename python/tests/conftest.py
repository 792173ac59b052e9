import sys
from pathlib import Path

# The tests import their helpers (vectors.py) as plain modules.
sys.path.insert(0, str(Path(__file__).parent))

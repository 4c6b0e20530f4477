"""Lets the test modules import their helpers (rolling_load.py) under pytest's importlib import mode."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

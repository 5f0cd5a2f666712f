"""The Qt interface: the only package that imports PySide6 widgets."""

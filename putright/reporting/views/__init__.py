"""Report pages by topic: figures (dashboard, TSM, CSV), the committee pack, and the Code annual report."""
